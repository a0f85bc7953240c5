package dev.infraplatform.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.infraplatform.storage.ChildJvm;
import dev.infraplatform.storage.SnapshotInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is writing snapshots (SIGKILL, at a random moment) and checks that the snapshot
 * read back afterwards is at least as new as the last acknowledged write and intact byte for byte.
 * A kill leaves the page cache alone, so this exercises temp file, rename and recovery on open, not
 * fsync against power loss.
 */
class SnapshotCrashTest {

    private static final int ROUNDS = 3;
    private static final long MAX_KILL_DELAY_MILLIS = 600;
    private static final Pattern DONE = Pattern.compile("done (\\d+);");
    private static final Pattern WRITING = Pattern.compile("writing (\\d+);");

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesTheLastAcknowledgedOrANewerSnapshotIntact() throws Exception {
        long seed = Long.getLong("tests.seed", System.nanoTime());
        System.out.println("aKilledWriterLeavesTheLastAcknowledgedOrANewerSnapshotIntact seed=" + seed);
        Random random = new Random(seed);
        long acknowledged = 0;

        for (int round = 1; round <= ROUNDS; round++) {
            long writing = 0;
            try (ChildJvm child = ChildJvm.start(SnapshotWriterProcess.class, dir.toString())) {
                acknowledged = Math.max(acknowledged, awaitFirstDone(child));
                Thread.sleep(random.nextLong(MAX_KILL_DELAY_MILLIS));
                child.kill();
                // Everything the child printed completely before it died; a line cut by the kill lacks ';'.
                for (String line; (line = child.nextLine(10, TimeUnit.SECONDS)) != null; ) {
                    acknowledged = Math.max(acknowledged, generationIn(DONE, line));
                    writing = Math.max(writing, generationIn(WRITING, line));
                }
            }
            System.out.printf("round %d: killed with generation %d acknowledged%s%n", round, acknowledged,
                    writing > acknowledged ? ", generation " + writing + " being written" : "");

            FileSnapshotStore store = new FileSnapshotStore(dir, SnapshotWriterProcess.STORE_NAME,
                    SnapshotWriterProcess.GENERATIONS);
            assertThat(tempFilesIn(dir)).as("temp files after reopening").isZero();
            Recovered recovered = store.readLatest((snapshot, in) -> new Recovered(snapshot, in.readAllBytes()))
                    .orElseThrow(() -> new AssertionError("no snapshot after an acknowledged write"));
            long generation = recovered.snapshot().generation();
            assertThat(generation).as("recovered generation").isGreaterThanOrEqualTo(acknowledged);
            // Publishing is atomic: the kill may leave a temp file, never a torn snapshot to fall back from.
            assertThat(generation).as("recovered generation is the newest on disk")
                    .isEqualTo(store.list().getFirst().generation());
            byte[] expected = SnapshotWriterProcess.expectedPayload(generation);
            assertThat(recovered.payload().length).as("payload length of generation " + generation)
                    .isEqualTo(expected.length);
            if (!Arrays.equals(recovered.payload(), expected)) {
                fail("payload of generation %d differs from what was written (first difference at byte %d)",
                        generation, Arrays.mismatch(recovered.payload(), expected));
            }
            acknowledged = generation;
        }
    }

    private static long awaitFirstDone(ChildJvm child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = child.nextLine(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            long done = generationIn(DONE, line);
            if (done > 0) {
                return done;
            }
        }
        throw new AssertionError("the child JVM acknowledged no snapshot (exited: " + !child.isAlive() + ")");
    }

    private static long generationIn(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static long tempFilesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    private record Recovered(SnapshotInfo snapshot, byte[] payload) {
    }
}
