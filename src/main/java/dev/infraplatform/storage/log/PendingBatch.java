package dev.infraplatform.storage.log;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Frames appended to the active segment but not yet written to the file. Appenders add frames
 * under the log's append lock; the first of them to take the write lock detaches the batch and
 * writes it with one positional write, for everyone in it (write coalescing, the first half of
 * group commit). Every appender waits for its own batch's outcome: written, or failed with the
 * cause, in which case none of the batch's frames exist.
 */
final class PendingBatch {

    enum State { OPEN, WRITTEN, FAILED }

    final LogSegment segment;
    final long firstOffset;
    final long startPosition;

    private byte[] bytes;
    private int length;
    private long endOffset;
    private long[] indexEntries = new long[4];
    private int indexEntryCount;

    private volatile State state = State.OPEN;
    private volatile RuntimeException failure;

    /** {@code buffer}: where the frames go (grown by copying when it is full); any content is ignored. */
    PendingBatch(LogSegment segment, long firstOffset, long startPosition, byte[] buffer) {
        this.segment = segment;
        this.firstOffset = firstOffset;
        this.startPosition = startPosition;
        this.endOffset = firstOffset;
        this.bytes = buffer;
    }

    /** Room for {@code frameBytes} more bytes; returns a buffer positioned at the free space. Append lock held. */
    ByteBuffer reserve(int frameBytes) {
        int needed = length + frameBytes;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
        return ByteBuffer.wrap(bytes, length, frameBytes).slice();
    }

    /** Commits a reserved frame. Append lock held. */
    void added(int frameBytes, int records) {
        length += frameBytes;
        endOffset += records;
    }

    /** Remembers an index entry to add once the batch is written. Append lock held. */
    void addIndexEntry(long offset, long position) {
        if (indexEntryCount * 2 == indexEntries.length) {
            indexEntries = Arrays.copyOf(indexEntries, indexEntries.length * 2);
        }
        indexEntries[indexEntryCount * 2] = offset;
        indexEntries[indexEntryCount * 2 + 1] = position;
        indexEntryCount++;
    }

    int length() {
        return length;
    }

    long endOffset() {
        return endOffset;
    }

    long endPosition() {
        return startPosition + length;
    }

    ByteBuffer content() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    void applyIndexEntries(OffsetIndex index) {
        for (int i = 0; i < indexEntryCount; i++) {
            index.append(indexEntries[i * 2], (int) indexEntries[i * 2 + 1]);
        }
    }

    State state() {
        return state;
    }

    RuntimeException failure() {
        return failure;
    }

    /** The batch is in the file; returns its buffer, which it no longer uses. */
    byte[] written() {
        byte[] buffer = bytes;
        bytes = null;
        state = State.WRITTEN;
        return buffer;
    }

    void failed(RuntimeException cause) {
        bytes = null;
        failure = cause;
        state = State.FAILED;
    }
}
