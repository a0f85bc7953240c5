package dev.infraplatform;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The running application: health, metrics, info, OpenAPI and Swagger UI, the storage overview. */
class PlatformApplicationTest extends RunningPlatformTest {

    @Autowired
    AppendLogs appendLogs;

    @Test
    void healthShowsTheStorageComponentAndTheProbes() {
        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(health.body(), "$.components.storage.status")).isEqualTo("UP");
        assertThat(JsonPath.<Boolean>read(health.body(), "$.components.storage.details.writable")).isTrue();
        assertThat(JsonPath.<String>read(health.body(), "$.components.storage.details.dataDir"))
                .isEqualTo(DATA_DIR.toAbsolutePath().normalize().toString());
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(readiness.body(), "$.components.storage.status")).isEqualTo("UP");
    }

    @Test
    void prometheusExposesTheStorageMetersOfOpenLogs() throws Exception {
        try (AppendLog log = appendLogs.open("test/metrics", AppendLogOptions.defaults())) {
            log.append("hello".getBytes(StandardCharsets.UTF_8));
            log.flush();
            String metrics = http.get("/actuator/prometheus").body();
            assertThat(metrics)
                    .contains("infra_storage_log_appends_total{log=\"test/metrics\"} 1.0")
                    .contains("infra_storage_log_append_bytes_total{log=\"test/metrics\"} 13.0")
                    .contains("infra_storage_log_fsync_seconds_bucket{log=\"test/metrics\"")
                    .contains("infra_storage_log_segments{log=\"test/metrics\"} 1.0")
                    .contains("# HELP infra_storage_log_size_bytes");
            assertPromtoolFindsNoProblemInInfraMeters(metrics);
        }
    }

    /** When promtool (Debian package prometheus) is installed, the exposition must lint cleanly. */
    private static void assertPromtoolFindsNoProblemInInfraMeters(String metrics) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        process.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).doesNotContain("error while linting");
        List<String> infraFindings = output.lines().filter(line -> line.startsWith("infra_")).toList();
        assertThat(infraFindings).as(output).isEmpty();
    }

    @Test
    void infoShowsTheVersionAndTheNodeIdentity() {
        HttpResponse<String> info = http.get("/actuator/info");
        assertThat(JsonPath.<String>read(info.body(), "$.build.version")).isNotBlank();
        assertThat(JsonPath.<String>read(info.body(), "$.node.id")).hasSize(36);
    }

    @Test
    void openApiDocumentAndSwaggerUiLoad() {
        HttpResponse<String> docs = http.get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(docs.body(), "$.info.title")).isEqualTo("Infra Platform");
        assertThat(JsonPath.<Object>read(docs.body(), "$.components.schemas.Problem")).isNotNull();
        assertThat(JsonPath.<Object>read(docs.body(), "$.paths['/api/v1/storage'].get.responses['507']")).isNotNull();
        assertThat(http.get("/v3/api-docs/storage").statusCode()).isEqualTo(200);
        HttpResponse<String> config = http.get("/v3/api-docs/swagger-config");
        assertThat(JsonPath.<List<String>>read(config.body(), "$.urls[*].name")).contains("Storage");
        HttpResponse<String> ui = http.get("/swagger-ui/index.html");
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
        assertThat(http.get("/swagger-ui.html").statusCode()).isIn(200, 302);
    }

    @Test
    void storageOverviewListsOpenLogs() {
        try (AppendLog log = appendLogs.open("test/overview", AppendLogOptions.defaults())) {
            log.append(new byte[10]);
            HttpResponse<String> overview = http.get("/api/v1/storage");
            assertThat(overview.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<List<Integer>>read(overview.body(), "$.logs[?(@.name == 'test/overview')].endOffset"))
                    .containsExactly(1);
        }
    }
}
