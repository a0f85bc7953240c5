package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.Durability;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets by timestamp through the time index agree with a scan of every record, as Kafka defines them. */
class OffsetForTimestampTest extends LocalBrokerTest {

    private final Random random = new Random(7);
    private long clock = 1_000_000;

    @BeforeEach
    void setUp() {
        broker.createTopic("t", new TopicConfig(1, -1, 400_000, 32 * 1024, TopicConfig.CLEANUP_DELETE, Durability.NONE));
    }

    /** Mostly rising create times with some stragglers, as producers with skewed clocks send them. */
    private void produce(int batches) {
        for (int b = 0; b < batches; b++) {
            List<ProduceRecord> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clock += random.nextInt(10);
                long timestamp = random.nextInt(20) == 0 ? clock - random.nextInt(500) : clock;
                batch.add(new ProduceRecord(0, null, new byte[40 + random.nextInt(80)], List.of(), timestamp));
            }
            broker.produce("t", batch, Acks.LEADER, null);
        }
    }

    private long bruteForce(long timestamp) throws InterruptedException {
        for (ConsumedRecord record : ProduceFetchTest.readAll(broker, "t", 0)) {
            if (record.timestamp() >= timestamp) {
                return record.offset();
            }
        }
        return broker.partition("t", 0).endOffset();
    }

    private void assertLookupsAgree() throws InterruptedException {
        long first = 1_000_000 - 600;
        for (int i = 0; i < 60; i++) {
            long target = first + (long) (random.nextDouble() * (clock - first + 1000));
            assertThat(broker.listOffset("t", 0, new OffsetSpec.ForTimestamp(target))).as("timestamp %d", target)
                    .isEqualTo(bruteForce(target));
        }
    }

    @Test
    void lookupsAgreeWithAFullScanAcrossAppendsRestartsAndRetention() throws Exception {
        produce(1500);
        assertLookupsAgree();
        produce(500);
        assertLookupsAgree();
        restart();
        assertLookupsAgree();
        Partition partition = broker.partition("t", 0);
        assertThat(partition.log().applyRetention()).isPositive();
        assertThat(partition.startOffset()).isPositive();
        assertLookupsAgree();
        assertThat(broker.listOffset("t", 0, new OffsetSpec.ForTimestamp(0))).isEqualTo(partition.startOffset());
    }
}
