package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import dev.infraplatform.storage.ReadResult;
import dev.infraplatform.storage.SnapshotStore;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One partition of a topic: an append log of Kafka record batches, its producers' idempotence
 * state, and the watchers that long polls over several partitions register to be woken by an
 * append.
 */
public final class Partition {

    private static final Logger log = LoggerFactory.getLogger(Partition.class);
    private static final int SCAN_BYTES = 1 << 20;
    private static final int CHECKPOINT_VERSION = 1;

    private final String topic;
    private final int index;
    private final AppendLog appendLog;
    private final ReentrantLock producerLock = new ReentrantLock();
    private final ProducerStates producers;
    private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();
    private final ReentrantLock timeIndexLock = new ReentrantLock();
    private final TimeIndex timeIndex = new TimeIndex();
    private final SnapshotStore checkpoints;

    Partition(String topic, int index, AppendLog appendLog, SnapshotStore checkpoints) {
        this.topic = topic;
        this.index = index;
        this.appendLog = appendLog;
        this.checkpoints = checkpoints;
        this.producers = new ProducerStates(topic + "-" + index);
        loadState();
    }

    public String topic() {
        return topic;
    }

    public int index() {
        return index;
    }

    AppendLog log() {
        return appendLog;
    }

    ReentrantLock producerLock() {
        return producerLock;
    }

    ProducerStates producers() {
        return producers;
    }

    /** The first offset still in the partition. */
    public long startOffset() {
        return appendLog.startOffset();
    }

    /** The offset the next record gets (Kafka's log end offset, here also the high watermark). */
    public long endOffset() {
        return appendLog.endOffset();
    }

    public AppendLogStats stats() {
        return appendLog.stats();
    }

    /**
     * Reads records from {@code offset} on.
     *
     * @throws dev.infraplatform.storage.OffsetOutOfRangeException outside [log start, log end]
     */
    public FetchResult fetch(long offset, int maxRecords, int maxBytes) {
        long start = appendLog.startOffset();
        ReadResult read = appendLog.read(offset, maxRecords, maxBytes);
        long available = 0;
        for (LogEntry entry : read.entries()) {
            available += entry.recordCount();
        }
        List<ConsumedRecord> records = new ArrayList<>((int) Math.min(maxRecords, available));
        for (LogEntry entry : read.entries()) {
            if (UncompressedBatchReader.canRead(entry.payload())) {
                UncompressedBatchReader.read(entry.payload(), offset, maxRecords, records);
            } else {
                RecordBatches.decode(RecordBatches.batch(entry.payload()), offset, maxRecords, records);
            }
            if (records.size() >= maxRecords) {
                break;
            }
        }
        long next = records.isEmpty() ? read.nextOffset() : records.getLast().offset() + 1;
        return new FetchResult(records, next, read.endOffset(), start);
    }

    /**
     * Like {@link #fetch(long, int, int)}, but waits up to {@code wait} for a record at
     * {@code offset} when there is none yet; woken by the append, not by polling.
     */
    public FetchResult fetch(long offset, int maxRecords, int maxBytes, Duration wait) throws InterruptedException {
        if (!wait.isZero() && offset >= appendLog.endOffset() && offset >= appendLog.startOffset()) {
            appendLog.awaitEndOffsetAfter(offset, wait);
        }
        return fetch(offset, maxRecords, maxBytes);
    }

    /**
     * The offset of the first record whose timestamp is at {@code timestamp} or later, or the end
     * offset when there is none (Kafka's ListOffsets by timestamp). The time index narrows the scan.
     */
    public long offsetForTimestamp(long timestamp) {
        long start;
        timeIndexLock.lock();
        try {
            long logStart = appendLog.startOffset();
            scanBatches(Math.max(timeIndex.indexedEnd(), logStart), batch -> true);
            timeIndex.trimBefore(logStart);
            start = timeIndex.scanStart(timestamp, logStart);
        } finally {
            timeIndexLock.unlock();
        }
        long[] found = {-1};
        scanBatches(start, batch -> {
            if (found[0] < 0 && batch.maxTimestamp() >= timestamp) {
                for (Record record : batch) {
                    if (record.timestamp() >= timestamp) {
                        found[0] = record.offset();
                        return false;
                    }
                }
            }
            return found[0] < 0;
        });
        return found[0] >= 0 ? found[0] : appendLog.endOffset();
    }

    /**
     * Visits the batches from the one holding {@code offset} to the end, feeding the time index
     * as it goes (the caller holds {@link #timeIndexLock} when it wants the index fed); stops when
     * the visitor returns false.
     */
    private void scanBatches(long offset, BatchVisitor visitor) {
        long end = appendLog.endOffset();
        boolean feed = timeIndexLock.isHeldByCurrentThread();
        while (offset < end) {
            ReadResult read;
            try {
                read = appendLog.read(offset, Integer.MAX_VALUE, SCAN_BYTES);
            } catch (OffsetOutOfRangeException deletedMeanwhile) {
                offset = appendLog.startOffset();
                continue;
            }
            if (read.entries().isEmpty()) {
                return;
            }
            for (LogEntry entry : read.entries()) {
                MutableRecordBatch batch = RecordBatches.batch(entry.payload());
                if (feed) {
                    timeIndex.add(entry.offset(), entry.nextOffset(), batch.maxTimestamp(), entry.payload().remaining());
                }
                if (!visitor.visit(batch)) {
                    return;
                }
            }
            offset = read.nextOffset();
        }
    }

    @FunctionalInterface
    private interface BatchVisitor {
        /** @return whether to go on */
        boolean visit(MutableRecordBatch batch);
    }

    /** Registers a callback run after each append that made records readable. */
    public void watch(Runnable watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Runnable watcher) {
        watchers.remove(watcher);
    }

    void appended() {
        for (Runnable watcher : watchers) {
            watcher.run();
        }
    }

    /** Drops idle producers' state; returns how many. */
    int expireProducers(long cutoffMillis) {
        producerLock.lock();
        try {
            return producers.expire(cutoffMillis);
        } finally {
            producerLock.unlock();
        }
    }

    int producerCount() {
        producerLock.lock();
        try {
            return producers.size();
        } finally {
            producerLock.unlock();
        }
    }

    /**
     * Rebuilds the idempotence state and the time index: from the newest checkpoint that the log
     * still covers (as Kafka's producer-state snapshots), then from the batches after it; from the
     * whole log when there is none or when the log ends before it (a torn tail was cut).
     */
    private void loadState() {
        long from = appendLog.startOffset();
        timeIndexLock.lock();
        try {
            Optional<Long> checkpoint = readCheckpoint();
            if (checkpoint.isPresent()) {
                from = Math.max(from, checkpoint.get());
            }
            scanBatches(from, batch -> {
                producers.load(batch);
                return true;
            });
        } finally {
            timeIndexLock.unlock();
        }
        if (producers.size() > 0) {
            log.info("Partition {}-{}: idempotence state of {} producer(s) restored (log scanned from offset {})",
                    topic, index, producers.size(), from);
        }
    }

    private Optional<Long> readCheckpoint() {
        try {
            return checkpoints.readLatest((snapshot, payload) -> {
                DataInputStream in = new DataInputStream(new BufferedInputStream(payload));
                if (in.readInt() != CHECKPOINT_VERSION) {
                    return -1L;
                }
                long end = in.readLong();
                if (end > appendLog.endOffset()) {
                    return -1L; // the log lost its tail since: the checkpoint describes batches it no longer has
                }
                producers.readFrom(in);
                timeIndex.readFrom(in);
                return end;
            }).filter(end -> end >= 0);
        } catch (RuntimeException e) {
            log.warn("Partition {}-{}: checkpoint unreadable ({}); scanning the whole log", topic, index, e.getMessage());
            producers.clear();
            timeIndex.clear();
            return Optional.empty();
        }
    }

    /**
     * Writes the idempotence state and the time index with the offset they cover, so the next
     * start-up scans only the batches after it. Taken at clean shutdown and periodically.
     */
    void checkpoint() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(CHECKPOINT_VERSION);
            producerLock.lock();
            try {
                // under the producer lock the state matches every batch numbered so far
                out.writeLong(appendLog.nextOffset());
                producers.writeTo(out);
            } finally {
                producerLock.unlock();
            }
            timeIndexLock.lock();
            try {
                timeIndex.writeTo(out);
            } finally {
                timeIndexLock.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkpoints.write(out -> bytes.writeTo(out));
    }

    @Override
    public String toString() {
        return topic + "-" + index;
    }
}
