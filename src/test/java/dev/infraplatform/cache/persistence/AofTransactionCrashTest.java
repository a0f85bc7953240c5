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
 * Transactions are all or nothing across {@code kill -9}: a child JVM transfers money between
 * accounts in transactions and is killed at a random moment; after replay the accounts still sum
 * to what they started with (no transfer is half there) and every acknowledged transfer is there.
 */
class AofTransactionCrashTest {

    private static final Pattern ACK = Pattern.compile("ack (\\d+) (\\d+);");
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @Test
    void noTransactionIsHalfReplayedAfterKillMinus9() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("AofTransactionCrashTest seed: " + seed);
        Random random = new Random(seed);
        Map<Integer, Long> lastAck = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            try (ChildJvm child = ChildJvm.start(TransferringProcess.class, dir.toString(), String.valueOf(WRITERS))) {
                assertThat(child.nextLine(60, TimeUnit.SECONDS)).isEqualTo("ready;");
                int acks = 100 + random.nextInt(300);
                for (int seen = 0; seen < acks; ) {
                    String line = child.nextLine(60, TimeUnit.SECONDS);
                    assertThat(line).as("child keeps transferring").isNotNull();
                    seen += record(line, lastAck);
                }
                child.kill();
                child.drainLines().forEach(line -> record(line, lastAck));
            }
            verify(lastAck);
        }
    }

    private static int record(String line, Map<Integer, Long> lastAck) {
        Matcher ack = ACK.matcher(line);
        if (!ack.matches()) {
            return 0;
        }
        lastAck.merge(Integer.parseInt(ack.group(1)), Long.parseLong(ack.group(2)), Math::max);
        return 1;
    }

    private void verify(Map<Integer, Long> lastAck) {
        LocalCacheEngine engine = new LocalCacheEngine();
        try (SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir, CachingProcess.options(Durability.ALWAYS),
                null, null)) {
            new AppendOnlyFile(log).replayInto(engine);
        }
        long sum = 0;
        for (int i = 0; i < TransferringProcess.ACCOUNTS; i++) {
            sum += number(CachingProcess.run(engine, "GET", "account:" + i));
        }
        assertThat(sum).as("money is neither created nor lost").isEqualTo(TransferringProcess.ACCOUNTS * 1000L);
        lastAck.forEach((writer, count) -> assertThat(number(CachingProcess.run(engine, "GET", "transfers:" + writer)))
                .as("transfers of writer %d", writer).isGreaterThanOrEqualTo(count));
    }

    private static long number(Reply reply) {
        return Long.parseLong(new String(((Reply.Bulk) reply).value(), java.nio.charset.StandardCharsets.US_ASCII));
    }
}
