package dev.infraplatform.storage;

import java.nio.ByteBuffer;

/**
 * One frame read back from an {@link AppendLog}.
 *
 * @param offset the offset of the frame's first record
 * @param recordCount how many offsets the frame occupies (1 unless the framing packs batches)
 * @param payload the frame's payload as the framing decodes it (read-only, positioned at 0)
 */
public record LogEntry(long offset, int recordCount, ByteBuffer payload) {

    /** The next offset after this frame. */
    public long nextOffset() {
        return offset + recordCount;
    }

    /** A copy of the payload bytes. */
    public byte[] payloadBytes() {
        ByteBuffer copy = payload.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
