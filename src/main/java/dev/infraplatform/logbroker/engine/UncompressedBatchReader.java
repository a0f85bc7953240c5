package dev.infraplatform.logbroker.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of an uncompressed record batch (v2) straight from the frame's bytes: the
 * fetch path's hot loop, without the record, buffer-slice and iterator objects kafka-clients'
 * generic reader makes per record. The layout is Kafka's: per record a varint length, an
 * attributes byte, varlong timestamp delta, varint offset delta, varint key length and key,
 * varint value length and value (-1: null), varint header count and headers (varint key length,
 * UTF-8 key, varint value length, value). All varints are zigzag-encoded.
 */
final class UncompressedBatchReader {

    static final int BASE_TIMESTAMP_OFFSET = 27;
    static final int RECORDS_COUNT_OFFSET = 57;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int COMPRESSION_MASK = 0x07;
    static final int CONTROL_FLAG = 0x20;

    private final ByteBuffer frame;
    private int position;

    private UncompressedBatchReader(ByteBuffer frame, int position) {
        this.frame = frame;
        this.position = position;
    }

    /** Whether {@link #read} can read this batch (uncompressed, not a control batch). */
    static boolean canRead(ByteBuffer frame) {
        short attributes = frame.getShort(frame.position() + ATTRIBUTES_OFFSET);
        return (attributes & (COMPRESSION_MASK | CONTROL_FLAG)) == 0;
    }

    /** Adds the batch's records at {@code fromOffset} or later to {@code out} until it holds {@code max}. */
    static void read(ByteBuffer frame, long fromOffset, int max, List<ConsumedRecord> out) {
        int start = frame.position();
        long baseOffset = frame.getLong(start);
        long baseTimestamp = frame.getLong(start + BASE_TIMESTAMP_OFFSET);
        int count = frame.getInt(start + RECORDS_COUNT_OFFSET);
        UncompressedBatchReader reader = new UncompressedBatchReader(frame, start + KafkaBatchFraming.BATCH_OVERHEAD);
        for (int i = 0; i < count && out.size() < max; i++) {
            int length = reader.varint();
            int next = reader.position + length;
            reader.position++; // attributes: unused in v2 records
            long timestamp = baseTimestamp + reader.varlong();
            long offset = baseOffset + reader.varint();
            if (offset >= fromOffset) {
                byte[] key = reader.bytes();
                byte[] value = reader.bytes();
                int headerCount = reader.varint();
                List<RecordHeader> headers = headerCount == 0 ? List.of() : new ArrayList<>(headerCount);
                for (int h = 0; h < headerCount; h++) {
                    byte[] headerKey = reader.bytes();
                    headers.add(new RecordHeader(new String(headerKey, StandardCharsets.UTF_8), reader.bytes()));
                }
                out.add(new ConsumedRecord(offset, timestamp, key, value, headers));
            }
            reader.position = next;
        }
    }

    private byte[] bytes() {
        int length = varint();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        frame.get(position, bytes);
        position += length;
        return bytes;
    }

    private int varint() {
        int raw = 0;
        int shift = 0;
        byte b;
        do {
            b = frame.get(position++);
            raw |= (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0 && shift < 35);
        return (raw >>> 1) ^ -(raw & 1);
    }

    private long varlong() {
        long raw = 0;
        int shift = 0;
        byte b;
        do {
            b = frame.get(position++);
            raw |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while (b < 0 && shift < 70);
        return (raw >>> 1) ^ -(raw & 1);
    }
}
