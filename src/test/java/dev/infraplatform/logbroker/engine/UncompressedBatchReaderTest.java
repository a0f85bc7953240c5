package dev.infraplatform.logbroker.engine;

import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetch path's own batch reader gives what kafka-clients' reader gives, record for record. */
class UncompressedBatchReaderTest {

    private final Random random = new Random(11);

    private byte[] maybeBytes(int max) {
        int kind = random.nextInt(5);
        if (kind == 0) {
            return null;
        }
        byte[] bytes = new byte[kind == 1 ? 0 : random.nextInt(max)];
        random.nextBytes(bytes);
        return bytes;
    }

    private List<ProduceRecord> randomRecords() {
        List<ProduceRecord> records = new ArrayList<>();
        int count = 1 + random.nextInt(40);
        for (int i = 0; i < count; i++) {
            List<RecordHeader> headers = new ArrayList<>();
            for (int h = random.nextInt(3); h > 0; h--) {
                headers.add(new RecordHeader("h" + random.nextInt(1000) + "é", maybeBytes(20)));
            }
            Long timestamp = random.nextBoolean() ? null : random.nextLong(0, 1L << 42);
            records.add(new ProduceRecord(0, maybeBytes(300), maybeBytes(3000), headers, timestamp));
        }
        return records;
    }

    @Test
    void readsWhatKafkasReaderReads() {
        for (int round = 0; round < 300; round++) {
            ByteBuffer batch = RecordBatches.encode(randomRecords(), 1_700_000_000_000L, RecordBatch.NO_PRODUCER_ID,
                    RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE);
            long baseOffset = random.nextLong(0, 1L << 40);
            KafkaBatchFraming.INSTANCE.assignOffset(batch, baseOffset);
            int count = KafkaBatchFraming.INSTANCE.recordCount(batch);
            long from = baseOffset + random.nextInt(count);
            int max = 1 + random.nextInt(count + 5);
            assertThat(UncompressedBatchReader.canRead(batch)).isTrue();

            List<ConsumedRecord> expected = new ArrayList<>();
            RecordBatches.decode(RecordBatches.batch(batch), from, max, expected);
            List<ConsumedRecord> actual = new ArrayList<>();
            UncompressedBatchReader.read(batch.asReadOnlyBuffer(), from, max, actual);

            assertThat(actual).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                ConsumedRecord e = expected.get(i);
                ConsumedRecord a = actual.get(i);
                assertThat(a.offset()).isEqualTo(e.offset());
                assertThat(a.timestamp()).isEqualTo(e.timestamp());
                assertThat(a.key()).isEqualTo(e.key());
                assertThat(a.value()).isEqualTo(e.value());
                assertThat(a.headers()).hasSameSizeAs(e.headers());
                for (int h = 0; h < e.headers().size(); h++) {
                    assertThat(a.headers().get(h).key()).isEqualTo(e.headers().get(h).key());
                    assertThat(a.headers().get(h).value()).isEqualTo(e.headers().get(h).value());
                }
            }
        }
    }
}
