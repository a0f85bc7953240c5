package dev.infraplatform.search.translog;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.ReadResult;

import java.util.List;
import java.util.function.Consumer;

/**
 * A shard's write-ahead log, on a storage {@link AppendLog}: every acknowledged write is here until
 * a Lucene commit holds it. Positions are the append log's offsets; a Lucene commit records the
 * position of the first operation it may not hold ({@code translog_position} in the commit's user
 * data), recovery replays from there, and {@link #trimBefore} drops the segments before it.
 *
 * <p>Durability is the append log's: under {@code Durability.ALWAYS} an operation is fsynced
 * before its write is acknowledged, with concurrent writers sharing one fsync (Elasticsearch's
 * {@code index.translog.durability: request}).
 */
public final class Translog implements AutoCloseable {

    private static final int READ_BATCH_RECORDS = 1024;
    private static final int READ_BATCH_BYTES = 4 * 1024 * 1024;

    private final AppendLog log;

    public Translog(AppendLog log) {
        this.log = log;
    }

    /**
     * Numbers the operation now (the caller holds the shard's write lock, so translog order is the
     * shard's order) and leaves the write and fsync to {@link AppendLog.DeferredAppend#await()},
     * which the caller runs after releasing the lock so that concurrent writes share one fsync.
     */
    public AppendLog.DeferredAppend add(TranslogOperation operation) {
        return log.appendDeferred(List.of(operation.encode()));
    }

    /** The position the next operation will get. */
    public long nextPosition() {
        return log.nextOffset();
    }

    public long startPosition() {
        return log.startOffset();
    }

    /** Replays, in order, every operation from {@code position} to the end. */
    public void replay(long position, Consumer<TranslogOperation> consumer) {
        long offset = Math.max(position, log.startOffset());
        while (offset < log.endOffset()) {
            ReadResult batch = log.read(offset, READ_BATCH_RECORDS, READ_BATCH_BYTES);
            for (LogEntry entry : batch.entries()) {
                consumer.accept(TranslogOperation.decode(entry.payloadBytes()));
            }
            offset = batch.nextOffset();
        }
    }

    /** Drops the whole segments before {@code position}, which a Lucene commit now holds. */
    public void trimBefore(long position) {
        log.rollSegment();
        log.deleteSegmentsBefore(position);
    }

    public long sizeBytes() {
        return log.stats().sizeBytes();
    }

    public long operations() {
        return log.endOffset() - log.startOffset();
    }

    @Override
    public void close() {
        log.close();
    }
}
