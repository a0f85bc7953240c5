package dev.infraplatform.storage.log;

import dev.infraplatform.storage.ChildJvm;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.ReadResult;
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
 * (a) A child JVM appends with {@code always} and prints each acknowledged offset; it is killed
 * with SIGKILL at a random moment; after reopening, every acknowledged record is present byte for
 * byte and the log holds nothing but whole records. Several rounds continue the same log, so
 * later rounds also recover logs that earlier crashes left behind.
 */
class AppendLogCrashTest {

    private static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+) (\\d+);");
    private static final int ROUNDS = 4;
    private static final int WRITERS = 8;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedRecordSurvivesKillMinus9() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("AppendLogCrashTest seed: " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        Map<Long, int[]> acknowledged = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            try (ChildJvm child = ChildJvm.start(AppendingProcess.class, dir.toString(),
                    String.valueOf(round * WRITERS), String.valueOf(WRITERS))) {
                String ready = child.nextLine(60, TimeUnit.SECONDS);
                assertThat(ready).as("child started").startsWith("ready ");
                int acksBeforeKill = 50 + random.nextInt(400);
                int seen = 0;
                while (seen < acksBeforeKill) {
                    String line = child.nextLine(60, TimeUnit.SECONDS);
                    assertThat(line).as("child keeps appending").isNotNull();
                    seen += record(line, acknowledged);
                }
                child.kill();
                child.drainLines().forEach(line -> record(line, acknowledged));
            }
            verify(acknowledged);
        }
    }

    private static int record(String line, Map<Long, int[]> acknowledged) {
        Matcher ack = ACK.matcher(line);
        if (!ack.matches()) {
            return 0; // the kill can cut the last line short: only complete lines were acknowledged
        }
        int[] previous = acknowledged.put(Long.parseLong(ack.group(1)),
                new int[] {Integer.parseInt(ack.group(2)), Integer.parseInt(ack.group(3))});
        assertThat(previous).as("offset %s acknowledged twice", ack.group(1)).isNull();
        return 1;
    }

    private void verify(Map<Long, int[]> acknowledged) {
        try (SegmentedAppendLog log = SegmentedAppendLog.open("crash", dir, AppendingProcess.OPTIONS, null, null)) {
            long maxAcknowledged = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
            assertThat(log.endOffset()).isGreaterThan(maxAcknowledged);
            long next = log.startOffset();
            while (next < log.endOffset()) {
                ReadResult result = log.read(next, 500, 1 << 20);
                for (LogEntry entry : result.entries()) {
                    assertThat(entry.offset()).isEqualTo(next);
                    byte[] bytes = entry.payloadBytes();
                    assertThat(TestRecords.isIntact(bytes, AppendingProcess.MAX_PAYLOAD))
                            .as("offset %d holds a whole record", next).isTrue();
                    int[] expected = acknowledged.get(next);
                    if (expected != null) {
                        assertThat(bytes).as("acknowledged offset %d", next)
                                .isEqualTo(TestRecords.payload(expected[0], expected[1], AppendingProcess.MAX_PAYLOAD));
                    }
                    next++;
                }
            }
            for (long offset : acknowledged.keySet()) {
                assertThat(offset).isLessThan(log.endOffset());
            }
        }
    }
}
