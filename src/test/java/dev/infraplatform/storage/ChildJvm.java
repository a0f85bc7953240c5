package dev.infraplatform.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running a {@code main} class from the test class path, for crash tests: its
 * standard output is read line by line, and {@link #kill()} ends it like {@code kill -9}
 * ({@link Process#destroyForcibly()} sends SIGKILL on Linux), so nothing in it gets to clean up.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-jvm-stdout").start(this::pumpOutput);
    }

    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new ChildJvm(process);
    }

    /** The next line the child printed, or null if it ended or printed nothing within the timeout. */
    public String nextLine(long timeout, TimeUnit unit) throws InterruptedException {
        String line = lines.poll(timeout, unit);
        if (line == null || line.equals(END)) {
            if (line != null) {
                lines.add(END);
            }
            return null;
        }
        return line;
    }

    /** Every line printed so far that has not been taken yet. */
    public List<String> drainLines() {
        List<String> drained = new ArrayList<>();
        lines.drainTo(drained);
        if (drained.remove(END)) {
            lines.add(END);
        }
        return drained;
    }

    /** SIGKILL, then wait until the process is gone and its output is fully read. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            throw new IllegalStateException("child JVM did not exit within " + timeout + " " + unit);
        }
        return process.exitValue();
    }

    private void pumpOutput() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process was killed mid-line: what was read completely is in the queue
        } finally {
            lines.add(END);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
