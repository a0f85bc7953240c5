package dev.infraplatform.logbroker.engine;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Encodes producer records into Kafka record batches (v2, uncompressed) and decodes them back. */
final class RecordBatches {

    private static final int RECORD_OVERHEAD_ESTIMATE = 24;

    private RecordBatches() {
    }

    /**
     * One batch holding {@code records} at relative offsets 0…n-1 (the log stamps the base offset).
     *
     * @param producerId {@link RecordBatch#NO_PRODUCER_ID} for a plain producer
     */
    static ByteBuffer encode(List<ProduceRecord> records, long now, long producerId, short producerEpoch,
                             int baseSequence) {
        int estimate = KafkaBatchFraming.BATCH_OVERHEAD;
        for (ProduceRecord record : records) {
            estimate += RECORD_OVERHEAD_ESTIMATE + length(record.key()) + length(record.value());
            for (RecordHeader header : record.headers()) {
                estimate += 10 + header.key().length() * 3 + length(header.value());
            }
        }
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(estimate), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, 0L, RecordBatch.NO_TIMESTAMP, producerId, producerEpoch,
                baseSequence, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
        long offset = 0;
        for (ProduceRecord record : records) {
            long timestamp = record.timestamp() == null ? now : record.timestamp();
            builder.appendWithOffset(offset++, timestamp, record.key(), record.value(), headers(record.headers()));
        }
        return builder.build().buffer();
    }

    private static Header[] headers(List<RecordHeader> headers) {
        if (headers.isEmpty()) {
            return Record.EMPTY_HEADERS;
        }
        Header[] result = new Header[headers.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = new org.apache.kafka.common.header.internals.RecordHeader(headers.get(i).key(),
                    headers.get(i).value());
        }
        return result;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** The batch at the start of a frame read back from the log. */
    static MutableRecordBatch batch(ByteBuffer frame) {
        return MemoryRecords.readableRecords(frame.duplicate()).batches().iterator().next();
    }

    /** The records of {@code batch} at {@code fromOffset} or later, at most {@code max} of them, into {@code out}. */
    static void decode(MutableRecordBatch batch, long fromOffset, int max, List<ConsumedRecord> out) {
        for (Record record : batch) {
            if (out.size() >= max) {
                return;
            }
            if (record.offset() < fromOffset) {
                continue;
            }
            out.add(new ConsumedRecord(record.offset(), record.timestamp(), bytes(record.key()), bytes(record.value()),
                    headers(record.headers())));
        }
    }

    private static List<RecordHeader> headers(Header[] headers) {
        if (headers.length == 0) {
            return List.of();
        }
        List<RecordHeader> result = new ArrayList<>(headers.length);
        for (Header header : headers) {
            result.add(new RecordHeader(header.key(), header.value()));
        }
        return result;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
