package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import dev.infraplatform.storage.ReadResult;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    private final String topic;
    private final int index;
    private final AppendLog appendLog;
    private final ReentrantLock producerLock = new ReentrantLock();
    private final ProducerStates producers;
    private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();
    private final ReentrantLock timeIndexLock = new ReentrantLock();
    private final TimeIndex timeIndex = new TimeIndex();

    Partition(String topic, int index, AppendLog appendLog) {
        this.topic = topic;
        this.index = index;
        this.appendLog = appendLog;
        this.producers = new ProducerStates(topic + "-" + index);
        loadProducerStates();
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

    /** Rebuilds the idempotence state and the time index from the batch headers in the log. */
    private void loadProducerStates() {
        timeIndexLock.lock();
        try {
            scanBatches(appendLog.startOffset(), batch -> {
                producers.load(batch);
                return true;
            });
        } finally {
            timeIndexLock.unlock();
        }
        if (producers.size() > 0) {
            log.info("Partition {}-{}: idempotence state of {} producer(s) rebuilt from the log", topic, index,
                    producers.size());
        }
    }

    @Override
    public String toString() {
        return topic + "-" + index;
    }
}
