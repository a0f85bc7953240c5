package dev.infraplatform;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base of integration tests that talk HTTP to the whole application on a random port. All
 * subclasses share one application context (and so one start-up) with one temporary data
 * directory, removed when the test JVM exits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class RunningPlatformTest {

    protected static final Path DATA_DIR = createDataDirectory();

    @LocalServerPort
    protected int port;

    protected HttpTestClient http;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        DataDirectoryProperties.register(registry, DATA_DIR);
    }

    @BeforeEach
    void client() {
        http = new HttpTestClient(port);
    }

    private static Path createDataDirectory() {
        try {
            Path dir = Files.createTempDirectory("infra-platform-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    FileSystemUtils.deleteRecursively(dir);
                } catch (IOException ignored) {
                    // best effort at JVM exit
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
