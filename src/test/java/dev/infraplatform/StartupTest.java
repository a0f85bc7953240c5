package dev.infraplatform;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up: bad configuration stops it with the property named; the Catalog outlives restarts. */
class StartupTest {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(InfraPlatformApplication.class).run(args);
    }

    @Test
    void aBadConfigurationValueStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> start("--server.port=0", "--infra.data-dir=" + dataDir,
                "--infra.storage.retention-check-interval=0s"))
                .hasStackTraceContaining("infra.storage.retention-check-interval");
        assertThatThrownBy(() -> start("--server.port=0", "--infra.data-dir=" + dataDir,
                "--infra.web.max-request-size=lots"))
                .hasStackTraceContaining("infra.web.max-request-size");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedStopsStartUp() throws Exception {
        Path file = Files.createFile(dataDir.resolve("not-a-directory"));
        assertThatThrownBy(() -> start("--server.port=0", "--infra.data-dir=" + file))
                .hasStackTraceContaining("infra.data-dir");
    }

    @Test
    void theNodeIdentityInTheCatalogSurvivesARestart() {
        String first;
        try (ConfigurableApplicationContext context = start("--server.port=0", "--infra.data-dir=" + dataDir)) {
            first = nodeId(context);
        }
        assertThat(dataDir.resolve("catalog")).isDirectory();
        try (ConfigurableApplicationContext context = start("--server.port=0", "--infra.data-dir=" + dataDir)) {
            assertThat(nodeId(context)).isEqualTo(first);
        }
    }

    private static String nodeId(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return JsonPath.read(new HttpTestClient(port).get("/actuator/info").body(), "$.node.id");
    }
}
