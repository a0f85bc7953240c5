package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The memory estimate over REST: MEMORY USAGE, INFO's memory section and the memory meters. */
class CacheMemoryApiTest extends RunningPlatformTest {

    @Test
    void memoryUsageInfoAndMetersReportTheEstimate() {
        http.postJson("/api/v1/cache/commands", "[\"SET\",\"api:memory\",\"" + "x".repeat(1000) + "\"]");
        Number usage = JsonPath.read(http.postJson("/api/v1/cache/commands", "[\"MEMORY\",\"USAGE\",\"api:memory\"]").body(),
                "$.result");
        assertThat(usage.longValue()).isGreaterThan(1000);
        String info = JsonPath.read(http.postJson("/api/v1/cache/commands", "[\"INFO\",\"memory\"]").body(), "$.result");
        assertThat(info).startsWith("# Memory\r\n").contains("maxmemory:0\r\n").contains("maxmemory_policy:noeviction\r\n")
                .containsPattern("used_memory:[1-9][0-9]{3,}\r\n").doesNotContain("# Stats");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).containsPattern("infra_cache_memory_used_bytes [1-9]")
                .contains("infra_cache_memory_max_bytes 0.0")
                .contains("infra_cache_evicted_keys_total 0.0");
    }
}
