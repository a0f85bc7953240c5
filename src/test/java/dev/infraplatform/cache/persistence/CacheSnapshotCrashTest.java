package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.storage.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} while snapshots and AOF rewrites run back to back under concurrent writes: the
 * restart (newest intact snapshot + AOF tail) holds every acknowledged write, and every round
 * starts from the state the previous one left.
 */
class CacheSnapshotCrashTest {

    private static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+) (\\d+);");
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9DuringSnapshotsAndRewrites() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("CacheSnapshotCrashTest seed: " + seed);
        Random random = new Random(seed);
        Map<Integer, int[]> lastAck = new HashMap<>(); // writer -> {n, counter}
        boolean aJobFinished = false; // a job starts only after the previous one finished
        for (int round = 0; round < 3; round++) {
            int jobsStarted = 0;
            try (ChildJvm child = ChildJvm.start(SnapshottingProcess.class, dir.toString(), String.valueOf(WRITERS))) {
                String first;
                do {
                    first = child.nextLine(120, TimeUnit.SECONDS);
                    assertThat(first).as("child starts").isNotNull();
                } while (!first.equals("ready;"));
                int wantedJobs = 1 + random.nextInt(3);
                while (jobsStarted < wantedJobs) {
                    String line = child.nextLine(120, TimeUnit.SECONDS);
                    assertThat(line).as("child keeps writing").isNotNull();
                    record(line, lastAck);
                    if (line.startsWith("started ")) {
                        jobsStarted++;
                    }
                }
                for (int acks = random.nextInt(200); acks > 0; ) {
                    String line = child.nextLine(120, TimeUnit.SECONDS);
                    assertThat(line).as("child keeps writing").isNotNull();
                    acks -= record(line, lastAck);
                }
                child.kill();
                aJobFinished |= jobsStarted >= 2;
                child.drainLines().forEach(line -> record(line, lastAck));
            }
            try (PersistentCache restarted = PersistentCache.open(dir)) {
                if (aJobFinished) {
                    assertThat(restarted.recovered.snapshot()).as("a snapshot was written before the kill").isPresent();
                }
                assertThat(restarted.run("DBSIZE")).isInstanceOf(Reply.Int.class);
                assertThat(restarted.run("HGET", "filler:19999", "field")).isEqualTo(Reply.bulk("value-19999"));
                lastAck.forEach((writer, ack) -> {
                    Reply counter = restarted.run("GET", "counter:" + writer);
                    assertThat(Long.parseLong(new String(((Reply.Bulk) counter).value())))
                            .as("counter of writer %d", writer).isGreaterThanOrEqualTo(ack[1]);
                    for (int n = 0; n <= ack[0]; n++) {
                        assertThat(restarted.run("GET", "w" + writer + ":" + n))
                                .isEqualTo(Reply.bulk("value-" + writer + "-" + n));
                    }
                });
            }
        }
    }

    private static int record(String line, Map<Integer, int[]> lastAck) {
        Matcher ack = ACK.matcher(line);
        if (!ack.matches()) {
            return 0;
        }
        int writer = Integer.parseInt(ack.group(1));
        int n = Integer.parseInt(ack.group(2));
        int counter = Integer.parseInt(ack.group(3));
        lastAck.merge(writer, new int[] {n, counter}, (a, b) -> b[1] > a[1] ? b : a);
        return 1;
    }
}
