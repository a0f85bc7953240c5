package dev.infraplatform.cache.engine;

import java.util.Arrays;
import java.util.TreeMap;

/**
 * A consumer group of a {@link RedisStream} (Redis' {@code streamCG}): the last ID delivered to
 * it, how many entries it has read (its logical position, -1 when unknown, for the lag), its
 * pending entries list (PEL: delivered, not yet acknowledged) and its consumers, each with its
 * own PEL. Every {@link PendingEntry} is in exactly two maps: the group's and its consumer's.
 *
 * <p>Consumers and pending entries are kept sorted (by name bytes, by ID) as Redis' radix trees
 * keep them, so XINFO and XPENDING list them in Redis' order. Cost: O(log n) per PEL change.
 * Guarded by the lock of the shard holding the stream's key.
 */
final class StreamGroup {

    /** Redis' {@code SCG_INVALID_ENTRIES_READ}: the group's read counter is unknown. */
    static final long UNKNOWN_ENTRIES_READ = -1;

    final byte[] name;
    StreamId lastDeliveredId;
    long entriesRead;
    final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();
    final TreeMap<byte[], StreamConsumer> consumers = new TreeMap<>(Arrays::compareUnsigned);

    StreamGroup(byte[] name, StreamId lastDeliveredId, long entriesRead) {
        this.name = name;
        this.lastDeliveredId = lastDeliveredId;
        this.entriesRead = entriesRead;
    }

    StreamConsumer consumer(byte[] consumerName) {
        return consumers.get(consumerName);
    }

    /** The consumer, created if missing; its seen-time becomes {@code now} either way. */
    StreamConsumer touchConsumer(byte[] consumerName, long now) {
        StreamConsumer consumer = consumers.computeIfAbsent(consumerName, n -> new StreamConsumer(n, now));
        consumer.seenTime = now;
        return consumer;
    }

    /** Deletes a consumer and its pending entries. @return how many entries it had pending */
    int deleteConsumer(byte[] consumerName) {
        StreamConsumer consumer = consumers.remove(consumerName);
        if (consumer == null) {
            return 0;
        }
        for (StreamId id : consumer.pending.keySet()) {
            pending.remove(id);
        }
        return consumer.pending.size();
    }

    /** Acknowledges one entry. @return whether it was pending */
    boolean acknowledge(StreamId id) {
        PendingEntry entry = pending.remove(id);
        if (entry == null) {
            return false;
        }
        entry.consumer.pending.remove(id);
        return true;
    }

    /** Drops a pending entry whose stream entry is gone. */
    void forget(StreamId id) {
        acknowledge(id);
    }

    /**
     * Makes {@code id} pending for {@code consumer} (creating the pending entry if needed, moving
     * it from another consumer if it was theirs) and sets its delivery time and count.
     */
    PendingEntry assign(StreamId id, StreamConsumer consumer, long deliveryTime, long deliveryCount) {
        PendingEntry entry = pending.get(id);
        if (entry == null) {
            entry = new PendingEntry(id, consumer, deliveryTime, deliveryCount);
            pending.put(id, entry);
        } else if (entry.consumer != consumer) {
            entry.consumer.pending.remove(id);
            entry.consumer = consumer;
        }
        consumer.pending.put(id, entry);
        entry.deliveryTime = deliveryTime;
        entry.deliveryCount = deliveryCount;
        return entry;
    }

    /** A member of a group: its name, when it was last seen and last active, and its own PEL. */
    static final class StreamConsumer {

        final byte[] name;
        /** Last attempted interaction (read, claim), epoch ms. */
        long seenTime;
        /** Last successful interaction (entries read or claimed), epoch ms; -1 if never. */
        long activeTime = -1;
        final TreeMap<StreamId, PendingEntry> pending = new TreeMap<>();

        StreamConsumer(byte[] name, long now) {
            this.name = name;
            this.seenTime = now;
        }
    }

    /** An entry delivered to a consumer and not yet acknowledged (Redis' {@code streamNACK}). */
    static final class PendingEntry {

        final StreamId id;
        StreamConsumer consumer;
        /** Last delivery, epoch ms. */
        long deliveryTime;
        long deliveryCount;

        PendingEntry(StreamId id, StreamConsumer consumer, long deliveryTime, long deliveryCount) {
            this.id = id;
            this.consumer = consumer;
            this.deliveryTime = deliveryTime;
            this.deliveryCount = deliveryCount;
        }
    }
}
