package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.LogEntry;
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
            RecordBatches.decode(RecordBatches.batch(entry.payload()), offset, maxRecords, records);
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
     * offset when there is none. Scans batch headers from the log start (no time index yet).
     */
    public long offsetForTimestamp(long timestamp) {
        long offset = appendLog.startOffset();
        long end = appendLog.endOffset();
        while (offset < end) {
            ReadResult read = appendLog.read(offset, Integer.MAX_VALUE, SCAN_BYTES);
            if (read.entries().isEmpty()) {
                break;
            }
            for (LogEntry entry : read.entries()) {
                MutableRecordBatch batch = RecordBatches.batch(entry.payload());
                if (batch.maxTimestamp() >= timestamp) {
                    for (Record record : batch) {
                        if (record.timestamp() >= timestamp) {
                            return record.offset();
                        }
                    }
                }
            }
            offset = read.nextOffset();
        }
        return end;
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

    /** Rebuilds the idempotence state from the batch headers in the log. */
    private void loadProducerStates() {
        long offset = appendLog.startOffset();
        long end = appendLog.endOffset();
        while (offset < end) {
            ReadResult read = appendLog.read(offset, Integer.MAX_VALUE, SCAN_BYTES);
            if (read.entries().isEmpty()) {
                break;
            }
            for (LogEntry entry : read.entries()) {
                producers.load(RecordBatches.batch(entry.payload()));
            }
            offset = read.nextOffset();
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
