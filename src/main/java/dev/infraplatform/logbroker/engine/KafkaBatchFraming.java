package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.RecordFraming;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Kafka's record batch format v2 as the frame of a partition log: the batch is its own frame
 * ({@code baseOffset:int64, batchLength:int32, partitionLeaderEpoch:int32, magic:int8 = 2,
 * crc:uint32, attributes … records}), the CRC32C covers everything from the attributes on, and a
 * batch occupies {@code lastOffsetDelta + 1} offsets. The log stamps the base offset when it
 * numbers the batch, so the bytes on disk are exactly what a Kafka broker stores and a Kafka
 * front door can send them as they are.
 */
public final class KafkaBatchFraming implements RecordFraming {

    public static final KafkaBatchFraming INSTANCE = new KafkaBatchFraming();

    static final int LENGTH_OFFSET = 8;
    static final int LOG_OVERHEAD = 12;
    static final int MAGIC_OFFSET = 16;
    static final int CRC_OFFSET = 17;
    static final int ATTRIBUTES_OFFSET = 21;
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int BATCH_OVERHEAD = 61;
    static final byte MAGIC_V2 = 2;

    private KafkaBatchFraming() {
    }

    @Override
    public String name() {
        return "kafka-record-batch-v2";
    }

    @Override
    public int frameSize(int payloadSize) {
        return payloadSize;
    }

    @Override
    public int recordCount(ByteBuffer payload) {
        return payload.getInt(payload.position() + LAST_OFFSET_DELTA_OFFSET) + 1;
    }

    @Override
    public void encode(ByteBuffer payload, ByteBuffer target) {
        target.put(payload);
    }

    @Override
    public void assignOffset(ByteBuffer frame, long baseOffset) {
        frame.putLong(frame.position(), baseOffset);
    }

    @Override
    public Frame decode(ByteBuffer buffer) {
        int start = buffer.position();
        int available = buffer.limit() - start;
        if (available < BATCH_OVERHEAD) {
            return Frame.incomplete(BATCH_OVERHEAD);
        }
        int batchLength = buffer.getInt(start + LENGTH_OFFSET);
        if (batchLength < BATCH_OVERHEAD - LOG_OVERHEAD) {
            return Frame.corrupt("batch length " + batchLength + " is below the batch header size");
        }
        if (buffer.get(start + MAGIC_OFFSET) != MAGIC_V2) {
            return Frame.corrupt("magic " + buffer.get(start + MAGIC_OFFSET) + " is not 2");
        }
        long frameLength = (long) LOG_OVERHEAD + batchLength;
        if (frameLength > Integer.MAX_VALUE) {
            return Frame.corrupt("batch length " + batchLength + " is too large");
        }
        if (available < frameLength) {
            return Frame.incomplete((int) frameLength);
        }
        int lastOffsetDelta = buffer.getInt(start + LAST_OFFSET_DELTA_OFFSET);
        if (lastOffsetDelta < 0) {
            return Frame.corrupt("negative last offset delta " + lastOffsetDelta);
        }
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(start + ATTRIBUTES_OFFSET, (int) frameLength - ATTRIBUTES_OFFSET));
        if ((int) crc.getValue() != buffer.getInt(start + CRC_OFFSET)) {
            return Frame.corrupt("batch checksum mismatch");
        }
        ByteBuffer payload = buffer.slice(start, (int) frameLength).asReadOnlyBuffer();
        return Frame.complete((int) frameLength, lastOffsetDelta + 1, payload);
    }
}
