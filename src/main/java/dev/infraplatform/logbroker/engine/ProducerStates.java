package dev.infraplatform.logbroker.engine;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The idempotence state of one partition, as Kafka's ProducerStateManager keeps it: per producer
 * id the latest epoch and the metadata of its last five batches (Kafka's
 * {@code max.in.flight.requests.per.connection} limit for idempotence), so that a retried batch is
 * recognised and answered with its original offsets. Rebuilt on start-up from the batch headers in
 * the log. Not thread-safe: the partition guards it with its producer lock.
 */
final class ProducerStates {

    static final int BATCHES_KEPT = 5;

    /** Where one producer batch landed. */
    record BatchMetadata(int firstSequence, int lastSequence, long firstOffset, int recordCount, long timestamp) {
    }

    private static final class Entry {
        short epoch;
        long lastTimestamp;
        final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(BATCHES_KEPT);
    }

    private final String partitionName;
    private final Map<Long, Entry> producers = new HashMap<>();

    ProducerStates(String partitionName) {
        this.partitionName = partitionName;
    }

    /** The earlier batch this one repeats (same producer, epoch and sequence range), or null. */
    BatchMetadata duplicateOf(long producerId, short epoch, int firstSequence, int lastSequence) {
        Entry entry = producers.get(producerId);
        if (entry == null || entry.epoch != epoch) {
            return null;
        }
        for (BatchMetadata batch : entry.batches) {
            if (batch.firstSequence() == firstSequence && batch.lastSequence() == lastSequence) {
                return batch;
            }
        }
        return null;
    }

    /**
     * Checks the epoch and the sequence of a new batch as Kafka's broker does: an older epoch is
     * fenced; a new epoch (or a producer new to this partition) starts at sequence 0; otherwise the
     * batch must follow the producer's last one without a gap.
     */
    void check(long producerId, short epoch, int firstSequence) {
        Entry entry = producers.get(producerId);
        if (entry != null && epoch < entry.epoch) {
            throw new InvalidProducerEpochException("producer " + producerId + " has epoch " + epoch + " on "
                    + partitionName + ", older than its current epoch " + entry.epoch);
        }
        if (entry == null || epoch != entry.epoch || entry.batches.isEmpty()) {
            if (firstSequence != 0) {
                throw new OutOfOrderSequenceException("producer " + producerId + " epoch " + epoch + " on "
                        + partitionName + " must start at sequence 0, not " + firstSequence);
            }
            return;
        }
        int expected = DefaultRecordBatch.incrementSequence(entry.batches.peekLast().lastSequence(), 1);
        if (firstSequence != expected) {
            throw new OutOfOrderSequenceException("producer " + producerId + " epoch " + epoch + " on "
                    + partitionName + ": expected sequence " + expected + ", got " + firstSequence);
        }
    }

    /** Records a batch that was given its place in the log. */
    BatchMetadata append(long producerId, short epoch, int firstSequence, int recordCount, long firstOffset,
                         long timestamp) {
        Entry entry = producers.computeIfAbsent(producerId, id -> new Entry());
        if (entry.epoch != epoch) {
            entry.batches.clear();
            entry.epoch = epoch;
        }
        BatchMetadata batch = new BatchMetadata(firstSequence,
                DefaultRecordBatch.incrementSequence(firstSequence, recordCount - 1), firstOffset, recordCount, timestamp);
        if (entry.batches.size() == BATCHES_KEPT) {
            entry.batches.removeFirst();
        }
        entry.batches.addLast(batch);
        entry.lastTimestamp = Math.max(entry.lastTimestamp, timestamp);
        return batch;
    }

    /** Forgets a batch whose write failed: it is not in the log, so a retry must be appended. */
    void rollback(long producerId, BatchMetadata batch) {
        Entry entry = producers.get(producerId);
        if (entry != null && entry.batches.removeIf(b -> b == batch) && entry.batches.isEmpty()) {
            producers.remove(producerId);
        }
    }

    /** Replays one batch read back from the log at start-up. */
    void load(RecordBatch batch) {
        if (!batch.hasProducerId() || batch.baseSequence() == RecordBatch.NO_SEQUENCE) {
            return;
        }
        Entry entry = producers.get(batch.producerId());
        if (entry != null && batch.producerEpoch() < entry.epoch) {
            return;
        }
        append(batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
                (int) (batch.lastOffset() - batch.baseOffset() + 1), batch.baseOffset(), batch.maxTimestamp());
    }

    /** Drops producers idle since before {@code cutoffMillis} (Kafka's {@code producer.id.expiration.ms}). */
    int expire(long cutoffMillis) {
        int removed = 0;
        for (Iterator<Entry> it = producers.values().iterator(); it.hasNext(); ) {
            if (it.next().lastTimestamp < cutoffMillis) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return producers.size();
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(producers.size());
        for (Map.Entry<Long, Entry> producer : producers.entrySet()) {
            Entry entry = producer.getValue();
            out.writeLong(producer.getKey());
            out.writeShort(entry.epoch);
            out.writeLong(entry.lastTimestamp);
            out.writeInt(entry.batches.size());
            for (BatchMetadata batch : entry.batches) {
                out.writeInt(batch.firstSequence());
                out.writeInt(batch.lastSequence());
                out.writeLong(batch.firstOffset());
                out.writeInt(batch.recordCount());
                out.writeLong(batch.timestamp());
            }
        }
    }

    void clear() {
        producers.clear();
    }

    /** Replaces the state with the one {@link #writeTo} wrote. */
    void readFrom(DataInputStream in) throws IOException {
        producers.clear();
        for (int p = in.readInt(); p > 0; p--) {
            long producerId = in.readLong();
            Entry entry = new Entry();
            entry.epoch = in.readShort();
            entry.lastTimestamp = in.readLong();
            for (int b = in.readInt(); b > 0; b--) {
                entry.batches.addLast(new BatchMetadata(in.readInt(), in.readInt(), in.readLong(), in.readInt(),
                        in.readLong()));
            }
            producers.put(producerId, entry);
        }
    }
}
