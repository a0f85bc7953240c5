package dev.infraplatform.cache.differential;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away {@code redis-server} child process for tests: {@code redis-server --port <free port>
 * --bind 127.0.0.1 --save "" --appendonly no --daemonize no}, working directory and log in a
 * temporary directory. {@link #start()} waits until it answers PING; {@link #close()} kills it
 * (a JVM shutdown hook does too, should the test JVM end without closing it).
 *
 * <p>{@link #startOrSkip()} is what tests call: when no redis-server binary is found it tries to
 * install one ({@code apt-get install -y redis-server}, then {@code apt-get update} and again),
 * only when running as root, and aborts the test (JUnit assumption, so it is reported as skipped)
 * with a clear message if redis can be neither found, installed nor started.
 */
public final class RedisServerProcess implements AutoCloseable {

    private static final List<String> KNOWN_LOCATIONS =
            List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server");
    private static final long APT_TIMEOUT_MINUTES = 5;

    private final Process process;
    private final int port;
    private final Path directory;
    private final Thread shutdownHook;

    private RedisServerProcess(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
        this.shutdownHook = new Thread(process::destroyForcibly, "redis-server-killer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Finds (or installs) redis-server and starts it, or aborts the calling test as skipped. */
    public static RedisServerProcess startOrSkip() {
        Optional<Path> binary = locateOrInstall();
        if (binary.isEmpty()) {
            skip("no redis-server binary found, and none could be installed ("
                    + installProblem + "): skipping the differential test against a real Redis");
        }
        try {
            return start(binary.get());
        } catch (IOException | RuntimeException e) {
            skip("redis-server at " + binary.get() + " could not be started: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    private static void skip(String reason) {
        System.err.println("[redis-diff] SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    /** Starts the given redis-server binary on a free port (three attempts, in case a port is taken). */
    public static RedisServerProcess start(Path binary) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            Path directory = Files.createTempDirectory("redis-diff-");
            int port = freePort();
            Path log = directory.resolve("redis.log");
            Process process = new ProcessBuilder(binary.toString(),
                    "--port", Integer.toString(port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--daemonize", "no",
                    "--dir", directory.toString())
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            RedisServerProcess redis = new RedisServerProcess(process, port, directory);
            try {
                redis.awaitPing(10_000);
                return redis;
            } catch (IOException e) {
                last = new IOException(e.getMessage() + "; redis log tail:\n" + tail(log), e);
                redis.close();
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** A new client connection to this server. */
    public RespClient connect() {
        try {
            return new RespClient("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to redis-server on port " + port, e);
        }
    }

    private void awaitPing(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with status " + process.exitValue());
            }
            try (RespClient client = new RespClient("127.0.0.1", port, 1_000)) {
                Reply reply = client.call("PING");
                if (reply instanceof Reply.SimpleString(String value) && value.equals("PONG")) {
                    return;
                }
                lastProblem = "PING answered " + reply;
            } catch (IOException | UncheckedIOException e) {
                lastProblem = e.toString();
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server", e);
            }
        }
        throw new IOException("redis-server on port " + port + " did not answer PING within "
                + timeoutMillis + " ms: " + lastProblem);
    }

    /** Kills the server and removes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
        deleteQuietly(directory);
    }

    // ---------------------------------------------------------------------------------------------
    // Locating and installing redis-server

    /** The outcome of {@link #locateOrInstall()}, computed once per JVM. */
    private static Optional<Path> located;
    private static String installProblem = "";

    /**
     * The redis-server binary: found in the usual places or on the PATH, else installed with
     * apt-get when running as root. Computed once per JVM (installing may take minutes: call it
     * from a {@code @BeforeAll} outside any test timeout).
     */
    public static synchronized Optional<Path> locateOrInstall() {
        if (located == null) {
            located = findOrInstall();
        }
        return located;
    }

    private static Optional<Path> findOrInstall() {
        Optional<Path> found = locate();
        if (found.isPresent()) {
            return found;
        }
        if (!isRoot()) {
            installProblem = "not running as root, so no apt-get install was attempted";
            System.err.println("[redis-diff] redis-server not found and " + installProblem);
            return Optional.empty();
        }
        if (locateOnPath("apt-get").isEmpty()) {
            installProblem = "there is no apt-get to install it with";
            System.err.println("[redis-diff] redis-server not found and " + installProblem);
            return Optional.empty();
        }
        System.err.println("[redis-diff] redis-server not found: apt-get install -y redis-server");
        boolean installed = apt("install", "-y", "redis-server");
        if (!installed) {
            System.err.println("[redis-diff] install failed: apt-get update, then install again");
            apt("update"); // a failed update may still leave usable package lists: try anyway
            installed = apt("install", "-y", "redis-server");
        }
        found = locate();
        if (found.isEmpty()) {
            installProblem = installed
                    ? "apt-get install -y redis-server succeeded but no redis-server binary appeared"
                    : "apt-get install -y redis-server failed, also after apt-get update; see stderr";
        }
        return found;
    }

    private static Optional<Path> locate() {
        for (String location : KNOWN_LOCATIONS) {
            Path path = Path.of(location);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return locateOnPath("redis-server");
    }

    private static Optional<Path> locateOnPath(String name) {
        String pathVariable = System.getenv("PATH");
        if (pathVariable == null) {
            return Optional.empty();
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (id.waitFor(10, TimeUnit.SECONDS) && id.exitValue() == 0) {
                return out.equals("0");
            }
        } catch (IOException e) {
            // fall back on the user name
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs apt-get with the given arguments; true if it ended with status 0. */
    private static boolean apt(String... args) {
        List<String> command = new ArrayList<>();
        command.add("apt-get");
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile("redis-diff-apt-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                env.put("DEBIAN_FRONTEND", "noninteractive");
                Process apt = builder.start();
                if (!apt.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    apt.destroyForcibly();
                    System.err.println("[redis-diff] " + String.join(" ", command) + " timed out");
                    return false;
                }
                boolean ok = apt.exitValue() == 0;
                if (!ok) {
                    System.err.println("[redis-diff] " + String.join(" ", command) + " exited with "
                            + apt.exitValue() + ":\n" + tail(log));
                }
                return ok;
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            System.err.println("[redis-diff] cannot run " + String.join(" ", command) + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
