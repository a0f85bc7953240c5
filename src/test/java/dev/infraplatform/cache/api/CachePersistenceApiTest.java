package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/cache/snapshots and /aof/rewrite, INFO persistence and the persistence metrics. */
class CachePersistenceApiTest extends RunningPlatformTest {

    @Test
    void snapshotsAndRewritesStartInTheBackground() {
        http.postJson("/api/v1/cache/commands", "[\"SET\",\"api:persisted\",\"v\"]");
        HttpResponse<String> first = http.postJson("/api/v1/cache/snapshots", "");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"result\":\"Background saving started\"}");

        HttpResponse<String> second = http.postJson("/api/v1/cache/snapshots", "");
        if (second.statusCode() == 409) { // the first one was still being written
            assertThat(JsonPath.<String>read(second.body(), "$.code")).isEqualTo("CONFLICT");
            assertThat(JsonPath.<String>read(second.body(), "$.detail"))
                    .isEqualTo("ERR Background save already in progress");
        } else {
            assertThat(second.statusCode()).isEqualTo(202);
        }

        HttpResponse<String> rewrite = http.postJson("/api/v1/cache/aof/rewrite", "");
        assertThat(rewrite.statusCode()).isIn(202, 409);
        if (rewrite.statusCode() == 202) {
            assertThat(JsonPath.<String>read(rewrite.body(), "$.result"))
                    .isIn("Background append only file rewriting started",
                            "Background append only file rewriting scheduled");
        }
    }

    @Test
    void infoAndMetricsReportPersistence() {
        String info = JsonPath.read(http.postJson("/api/v1/cache/commands", "[\"INFO\",\"persistence\"]").body(),
                "$.result");
        assertThat(info).startsWith("# Persistence\r\n").contains("aof_enabled:1\r\n", "rdb_changes_since_last_save:");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("infra_cache_snapshot_last_time", "infra_cache_snapshot_last_duration",
                "infra_cache_aof_rewrite_in_progress", "infra_cache_aof_base_size_bytes");
    }
}
