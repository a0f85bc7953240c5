package dev.infraplatform.storage;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A durable, ordered, append-only sequence of records addressed by 64-bit offsets.
 *
 * <p>Guarantees: offsets are assigned gap-free in append order; an append returns only after its
 * frames are handed to the operating system (and, under {@link Durability#ALWAYS}, forced to the
 * device); a failed append leaves no trace; readers see only whole frames and never block the
 * writer. After a crash, reopening the log keeps every record that was durable under the log's
 * policy and cuts a torn or corrupt tail.
 *
 * <p>Implementations are thread-safe.
 */
public interface AppendLog extends AutoCloseable {

    /** The log's name, as given to {@link AppendLogs#open}. */
    String name();

    /**
     * Appends one record.
     *
     * @return its offset
     * @throws RecordTooLargeException if the record exceeds the log's limit
     * @throws InsufficientStorageException if the device is full (nothing was appended)
     * @throws StorageIOException on any other I/O error (nothing was appended)
     */
    long append(ByteBuffer payload);

    /** Appends one record given as bytes; see {@link #append(ByteBuffer)}. */
    default long append(byte[] payload) {
        return append(ByteBuffer.wrap(payload));
    }

    /**
     * Appends records atomically: all of them, at consecutive offsets, or none.
     *
     * @return the offset of the first one
     */
    long appendAll(List<ByteBuffer> payloads);

    /**
     * Numbers and frames the records now, in the log's order, and leaves the I/O to
     * {@link DeferredAppend#await()}. For callers that must fix the order of their records under
     * their own lock (the cache orders its AOF by the order commands ran) without holding that
     * lock while the records are written and forced. {@code await()} must be called; until then
     * the records are neither acknowledged nor necessarily written.
     */
    DeferredAppend appendDeferred(List<ByteBuffer> payloads);

    /** Records whose place in the log is fixed and whose write is still to be awaited. */
    interface DeferredAppend {

        long firstOffset();

        /**
         * Returns once the records are written (and forced, under {@link Durability#ALWAYS});
         * throws what {@link #appendAll} would throw, in which case the records are not in the log.
         */
        void await();
    }

    /**
     * Reads whole frames starting at the frame that holds {@code offset}.
     *
     * @param maxRecords stop after this many offsets (at least one frame is returned if any exists)
     * @param maxBytes stop once the frames read reach this size (at least one frame is returned
     *     even if it alone is larger)
     * @throws OffsetOutOfRangeException if {@code offset} is before {@link #startOffset()} or
     *     after {@link #endOffset()}
     */
    ReadResult read(long offset, int maxRecords, int maxBytes);

    /**
     * Waits until the log holds a record at {@code offset} or beyond (its end offset exceeds
     * {@code offset}), the timeout passes or the log is closed. For long polls: the waiting
     * thread sleeps and is woken by the append that makes the record readable.
     *
     * @return the end offset when the wait ended
     */
    long awaitEndOffsetAfter(long offset, Duration timeout) throws InterruptedException;

    /** The first offset still in the log. */
    long startOffset();

    /** The offset the next record will get; every offset below it is readable. */
    long endOffset();

    /**
     * The offset the next append will get: {@link #endOffset()} plus the records already numbered
     * by {@link #appendDeferred} whose write is still pending. A caller that orders its appends
     * under its own locks gets, while holding all of them, the exact boundary between the records
     * appended before and after that instant.
     */
    long nextOffset();

    /**
     * Closes the segment being written (if it holds any record) and starts a new one at
     * {@link #nextOffset()}, so that everything appended so far lies in segments that
     * {@link #deleteSegmentsBefore} can later drop whole.
     *
     * @return whether a segment was rolled
     */
    boolean rollSegment();

    /**
     * Deletes, oldest first, every whole segment whose records all lie before {@code offset} (never
     * the segment being written) and advances {@link #startOffset()}. For logs compacted elsewhere,
     * such as an AOF whose prefix a snapshot now holds.
     *
     * @return the number of segments deleted
     */
    int deleteSegmentsBefore(long offset);

    /** Everything appended so far is forced to the device when this returns. */
    void flush();

    /**
     * Removes every record after {@code offset}; the next append gets {@code offset + 1} (or the
     * first offset of a batch frame that straddled it). {@code startOffset() - 1} empties the log.
     */
    void truncateAfter(long offset);

    /**
     * Deletes whole segments that fall outside the retention limits, oldest first, never the
     * segment being written; advances {@link #startOffset()}.
     *
     * @return the number of segments deleted
     */
    int applyRetention();

    /** Segments, bytes and offsets, for health and listings. */
    AppendLogStats stats();

    /**
     * Forces everything to the device (whatever the policy: a clean shutdown is cheap to make
     * durable), records the clean shutdown so the next open skips the full scan, and releases the
     * files.
     */
    @Override
    void close();
}
