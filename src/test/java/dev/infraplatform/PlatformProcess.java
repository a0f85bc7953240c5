package dev.infraplatform;

import dev.infraplatform.storage.ChildJvm;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform in a separate JVM on a free port over a given data directory, for crash
 * tests that {@code kill -9} it mid-write and start it again on the same data.
 */
public final class PlatformProcess implements AutoCloseable {

    private static final String STARTED = "Started InfraPlatformApplication";

    private final ChildJvm jvm;
    private final HttpTestClient http;

    private PlatformProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.http = new HttpTestClient(port);
    }

    /** Starts the platform and returns once it reported that it started (its log line, not a poll). */
    public static PlatformProcess start(Path dataDir, String... properties) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--infra.data-dir=" + dataDir,
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(properties));
        ChildJvm jvm = ChildJvm.start(InfraPlatformApplication.class, args.toArray(String[]::new));
        PlatformProcess process = new PlatformProcess(jvm, port);
        for (String line; (line = jvm.nextLine(120, TimeUnit.SECONDS)) != null; ) {
            if (line.contains(STARTED)) {
                return process;
            }
        }
        jvm.kill();
        throw new IllegalStateException("the platform did not start within 120 s");
    }

    public HttpTestClient http() {
        return http;
    }

    /** SIGKILL: nothing in the platform gets to flush or close. */
    public void kill() throws InterruptedException {
        jvm.kill();
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }
}
