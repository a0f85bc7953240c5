package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.ChildJvm;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
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
 * Every acknowledged write survives {@code kill -9} of the JVM: a child JVM
 * writes and prints what was answered, is killed at a random moment, and the AOF replayed into a
 * fresh engine holds every acknowledged value. Rounds continue on the same AOF.
 */
class AofCrashTest {

    private static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+) (\\d+);");
    private static final int WRITERS = 6;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9WithFsyncAlways() throws Exception {
        crashAndVerify(Durability.ALWAYS);
    }

    /**
     * everysec only risks what the operating system had not written back when the machine fails;
     * a crash of the process alone loses nothing, because every write reached the OS before the reply.
     */
    @Test
    void aProcessCrashLosesNothingWithFsyncEverySecond() throws Exception {
        crashAndVerify(Durability.INTERVAL);
    }

    private void crashAndVerify(Durability durability) throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("AofCrashTest seed: " + seed);
        Random random = new Random(seed);
        Map<Integer, int[]> lastAck = new HashMap<>(); // writer -> {n, counter}
        for (int round = 0; round < 3; round++) {
            try (ChildJvm child = ChildJvm.start(CachingProcess.class, dir.toString(), String.valueOf(WRITERS),
                    durability.name())) {
                assertThat(child.nextLine(60, TimeUnit.SECONDS)).isEqualTo("ready;");
                int acks = 100 + random.nextInt(300);
                for (int seen = 0; seen < acks; ) {
                    String line = child.nextLine(60, TimeUnit.SECONDS);
                    assertThat(line).as("child keeps writing").isNotNull();
                    seen += record(line, lastAck);
                }
                child.kill();
                child.drainLines().forEach(line -> record(line, lastAck));
            }
            verify(lastAck, durability);
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

    private void verify(Map<Integer, int[]> lastAck, Durability durability) {
        LocalCacheEngine engine = new LocalCacheEngine();
        try (SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir, CachingProcess.options(durability), null,
                null)) {
            new AppendOnlyFile(log).replayInto(engine);
        }
        lastAck.forEach((writer, ack) -> {
            Reply counter = CachingProcess.run(engine, "GET", "counter:" + writer);
            assertThat(Long.parseLong(new String(((Reply.Bulk) counter).value())))
                    .as("counter of writer %d", writer).isGreaterThanOrEqualTo(ack[1]);
            for (int n = 0; n <= ack[0]; n++) { // acks of one writer come in order: all earlier ones too
                assertThat(CachingProcess.run(engine, "GET", "w" + writer + ":" + n))
                        .isEqualTo(Reply.bulk("value-" + writer + "-" + n));
            }
        });
    }
}
