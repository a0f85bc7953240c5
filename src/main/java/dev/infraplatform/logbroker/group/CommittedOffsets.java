package dev.infraplatform.logbroker.group;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.ReadResult;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * The groups' committed offsets: a map in memory, made durable by the append log
 * {@code logbroker/__consumer_offsets} (named after Kafka's internal topic) of {@link OffsetRecord}s,
 * fsynced before a write is acknowledged ({@link Durability#ALWAYS}, whose group commit lets
 * concurrent commits share one fsync). Start-up replays the log.
 *
 * <p><b>Order.</b> A write is numbered under {@link #lock} ({@link AppendLog#appendDeferred}, no I/O)
 * and awaited outside it. The map changes only once a write is durable, and always in log order:
 * a write that completes applies every earlier write still pending too (the log fails every batch
 * opened after a failed one, so a durable write proves the earlier ones durable). Invariant: the
 * map equals the replay of the log's durable prefix, so a restart shows exactly what was
 * acknowledged, and a failed write leaves no trace in memory either.
 *
 * <p><b>Compaction.</b> Every commit adds a record, so once the log holds more than twice as many
 * records as live entries (and more than a minimum), {@link #compactIfNeeded()} rolls a new segment,
 * appends the whole live state after it (numbered under the lock, so every later commit follows it),
 * awaits it outside the lock and deletes the segments before it. A crash in between leaves the old
 * records and the state both in the log; replaying both gives the same map.
 *
 * <p>Reads take no lock. Memory: one entry per (group, partition) with a committed offset.
 */
final class CommittedOffsets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CommittedOffsets.class);

    static final String LOG_NAME = "logbroker/__consumer_offsets";
    private static final int REPLAY_RECORDS = 10_000;
    private static final int REPLAY_BYTES = 4 << 20;
    private static final int SEGMENT_BYTES = 64 << 20;

    /** A committed offset as kept in memory. */
    record Committed(long offset, String metadata, long commitTimestamp) {
    }

    private final AppendLog appendLog;
    private final long compactionMinRecords;
    private final ConcurrentHashMap<String, ConcurrentHashMap<TopicPartition, Committed>> groups =
            new ConcurrentHashMap<>();
    /** Guards the order of appends and changes of {@link #groups}. Never held during I/O. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Writes numbered but not yet applied, in log order. Guarded by {@link #lock}. */
    private final ArrayDeque<Write> pending = new ArrayDeque<>();
    private volatile long liveEntries;
    private final AtomicBoolean compacting = new AtomicBoolean();
    private volatile GroupObserver observer = GroupObserver.NONE;

    private CommittedOffsets(AppendLog appendLog, long compactionMinRecords) {
        this.appendLog = appendLog;
        this.compactionMinRecords = compactionMinRecords;
    }

    /** Opens the offsets log and replays it. */
    static CommittedOffsets open(AppendLogs appendLogs, long compactionMinRecords) {
        AppendLogOptions options = AppendLogOptions.defaults().withDurability(Durability.ALWAYS)
                .withSegmentBytes(SEGMENT_BYTES);
        CommittedOffsets offsets = new CommittedOffsets(appendLogs.open(LOG_NAME, options), compactionMinRecords);
        offsets.replay();
        return offsets;
    }

    private void replay() {
        long offset = appendLog.startOffset();
        long records = 0;
        while (offset < appendLog.endOffset()) {
            ReadResult read = appendLog.read(offset, REPLAY_RECORDS, REPLAY_BYTES);
            if (read.entries().isEmpty()) {
                break;
            }
            for (LogEntry entry : read.entries()) {
                apply(OffsetRecord.decode(entry.payload(), entry.offset()));
                records++;
            }
            offset = read.nextOffset();
        }
        log.info("Consumer group offsets: {} committed offset(s) of {} group(s) replayed from {} record(s)",
                liveEntries, groups.size(), records);
    }

    void observe(GroupObserver value) {
        this.observer = value;
    }

    // ------------------------------------------------------------------ reads

    /** The group's committed offset for the partition, or null. */
    Committed committed(String group, TopicPartition partition) {
        Map<TopicPartition, Committed> offsets = groups.get(group);
        return offsets == null ? null : offsets.get(partition);
    }

    /** The group's committed offsets (a copy). */
    Map<TopicPartition, Committed> committed(String group) {
        Map<TopicPartition, Committed> offsets = groups.get(group);
        return offsets == null ? Map.of() : Map.copyOf(offsets);
    }

    boolean hasOffsets(String group) {
        Map<TopicPartition, Committed> offsets = groups.get(group);
        return offsets != null && !offsets.isEmpty();
    }

    /** The groups with committed offsets. */
    Set<String> groups() {
        return Set.copyOf(groups.keySet());
    }

    /** Every (group, partition) with a committed offset, for meters registered late. */
    Map<String, Set<TopicPartition>> partitionsByGroup() {
        Map<String, Set<TopicPartition>> result = new HashMap<>();
        groups.forEach((group, offsets) -> result.put(group, Set.copyOf(offsets.keySet())));
        return result;
    }

    long liveEntries() {
        return liveEntries;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Numbers the records in the log, atomically, in the order of calls; nothing is applied until
     * {@link Write#await()} returns. Cheap: call it under the caller's lock, await outside it.
     */
    Write write(List<OffsetRecord> records) {
        List<ByteBuffer> payloads = new ArrayList<>(records.size());
        for (OffsetRecord record : records) {
            payloads.add(record.encode());
        }
        lock.lock();
        try {
            AppendLog.DeferredAppend deferred = appendLog.appendDeferred(payloads);
            Write write = new Write(records, deferred);
            pending.addLast(write);
            return write;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Tombstones for every committed offset (applied or pending) of the partitions {@code doomed}
     * accepts, numbered like {@link #write}; null if there is none.
     */
    Write delete(BiPredicate<String, TopicPartition> doomed, long timestamp) {
        lock.lock();
        try {
            Map<String, Set<TopicPartition>> live = new TreeMap<>();
            groups.forEach((group, offsets) -> offsets.keySet().forEach(partition -> {
                if (doomed.test(group, partition)) {
                    live.computeIfAbsent(group, g -> new TreeSet<>(ConsumerGroup.PARTITION_ORDER)).add(partition);
                }
            }));
            for (Write write : pending) {
                for (OffsetRecord record : write.records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!doomed.test(record.group(), partition)) {
                        continue;
                    }
                    Set<TopicPartition> partitions = live.computeIfAbsent(record.group(),
                            g -> new TreeSet<>(ConsumerGroup.PARTITION_ORDER));
                    if (record.isTombstone()) {
                        partitions.remove(partition);
                    } else {
                        partitions.add(partition);
                    }
                }
            }
            List<OffsetRecord> tombstones = new ArrayList<>();
            live.forEach((group, partitions) -> partitions.forEach(partition -> tombstones.add(
                    OffsetRecord.tombstone(group, partition.topic(), partition.partition(), timestamp))));
            return tombstones.isEmpty() ? null : write(tombstones);
        } finally {
            lock.unlock();
        }
    }

    /** Records whose place in the log is fixed; {@link #await()} makes them durable and visible. */
    final class Write {

        private final List<OffsetRecord> records;
        private final AppendLog.DeferredAppend deferred;

        private Write(List<OffsetRecord> records, AppendLog.DeferredAppend deferred) {
            this.records = records;
            this.deferred = deferred;
        }

        /**
         * Returns once the records are durable and applied; throws the log's failure otherwise,
         * in which case they are neither in the log nor in memory.
         */
        void await() {
            try {
                deferred.await();
            } catch (RuntimeException e) {
                lock.lock();
                try {
                    pending.remove(this);
                } finally {
                    lock.unlock();
                }
                throw e;
            }
            lock.lock();
            try {
                while (!pending.isEmpty() && pending.peekFirst().deferred.firstOffset() <= deferred.firstOffset()) {
                    for (OffsetRecord record : pending.pollFirst().records) {
                        apply(record);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Lock held (or replaying). */
    private void apply(OffsetRecord record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.isTombstone()) {
            Map<TopicPartition, Committed> offsets = groups.get(record.group());
            if (offsets != null && offsets.remove(partition) != null) {
                liveEntries--;
                if (offsets.isEmpty()) {
                    groups.remove(record.group());
                }
                observer.offsetRemoved(record.group(), partition);
            }
            return;
        }
        Committed previous = groups.computeIfAbsent(record.group(), g -> new ConcurrentHashMap<>())
                .put(partition, new Committed(record.offset(), record.metadata(), record.commitTimestamp()));
        if (previous == null) {
            liveEntries++;
            observer.offsetAdded(record.group(), partition);
        }
    }

    /** Lock held. The map as it will be once every pending write is applied. */
    private Map<String, Map<TopicPartition, Committed>> liveState() {
        Map<String, Map<TopicPartition, Committed>> state = new HashMap<>();
        groups.forEach((group, offsets) -> state.put(group, new HashMap<>(offsets)));
        for (Write write : pending) {
            for (OffsetRecord record : write.records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.isTombstone()) {
                    Map<TopicPartition, Committed> offsets = state.get(record.group());
                    if (offsets != null) {
                        offsets.remove(partition);
                    }
                } else {
                    state.computeIfAbsent(record.group(), g -> new HashMap<>()).put(partition,
                            new Committed(record.offset(), record.metadata(), record.commitTimestamp()));
                }
            }
        }
        return state;
    }

    // ------------------------------------------------------------------ compaction

    /**
     * Rewrites the live state at the log's end and drops the segments before it, if the log holds
     * more than twice as many records as live entries and more than the configured minimum.
     *
     * @return whether the log was compacted
     */
    boolean compactIfNeeded() {
        long records = appendLog.endOffset() - appendLog.startOffset();
        if (records <= compactionMinRecords || records <= 2 * liveEntries) {
            return false;
        }
        if (!compacting.compareAndSet(false, true)) {
            return false;
        }
        try {
            // rolled first, outside the lock (it writes and forces the old segment): everything
            // before the state then lies in segments deleteSegmentsBefore can drop whole
            appendLog.rollSegment();
            long stateOffset;
            AppendLog.DeferredAppend state = null;
            int entries = 0;
            lock.lock();
            try {
                List<ByteBuffer> payloads = new ArrayList<>();
                liveState().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(group -> {
                    sortedPartitions(group.getValue()).forEach(partition -> {
                        Committed c = group.getValue().get(partition);
                        payloads.add(new OffsetRecord(group.getKey(), partition.topic(), partition.partition(),
                                c.offset(), c.metadata(), c.commitTimestamp()).encode());
                    });
                });
                if (payloads.isEmpty()) {
                    if (!pending.isEmpty()) {
                        return false; // nothing to mark the cut with while writes are in flight: next time
                    }
                    stateOffset = appendLog.nextOffset();
                } else {
                    state = appendLog.appendDeferred(payloads);
                    stateOffset = state.firstOffset();
                    entries = payloads.size();
                }
            } finally {
                lock.unlock();
            }
            if (state != null) {
                state.await();
            }
            int deleted = appendLog.deleteSegmentsBefore(stateOffset);
            log.info("Consumer group offsets log compacted: {} record(s) before, {} live entries rewritten at "
                    + "offset {}, {} segment(s) deleted", records, entries, stateOffset, deleted);
            return true;
        } finally {
            compacting.set(false);
        }
    }

    private static TreeSet<TopicPartition> sortedPartitions(Map<TopicPartition, Committed> offsets) {
        TreeSet<TopicPartition> sorted = new TreeSet<>(ConsumerGroup.PARTITION_ORDER);
        sorted.addAll(offsets.keySet());
        return sorted;
    }

    /** Records in the log now (its end minus its start), for tests and stats. */
    long logRecords() {
        return appendLog.endOffset() - appendLog.startOffset();
    }

    @Override
    public void close() {
        appendLog.close();
    }
}
