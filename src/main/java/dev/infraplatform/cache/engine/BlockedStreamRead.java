package dev.infraplatform.cache.engine;

import java.util.List;

/**
 * A client blocked in XREAD / XREADGROUP BLOCK, queued on each of its streams' keys (in the
 * shard's reader queues, oldest first) like a {@link BlockedPop}. An XADD to one of them serves
 * it under that key's shard lock ({@link StreamReadCommands#serveBlockedReaders}); the engine's
 * wait, timeout and unqueueing are the ones of BLPOP.
 *
 * <p>XREAD waits for entries after {@link #after} (per key, {@code $} already resolved); a group
 * reader waits for entries after its group's last-delivered ID, whatever other readers of the
 * group took meanwhile, so of several clients blocked on one group the longest-waiting gets the
 * new entries and the others keep waiting.
 */
final class BlockedStreamRead extends BlockedPop {

    /** Per key (same order as {@link #keys}): deliver entries after this ID (XREAD only). */
    final List<StreamId> after;
    /** Null for XREAD. */
    final byte[] group;
    final byte[] consumer;
    final boolean noAck;
    /** At most this many entries, 0 = all. */
    final long count;

    BlockedStreamRead(List<Key> keys, List<StreamId> after, byte[] group, byte[] consumer, boolean noAck, long count) {
        super(keys, false);
        this.after = after;
        this.group = group;
        this.consumer = consumer;
        this.noAck = noAck;
        this.count = count;
    }

    @Override
    boolean readsStream() {
        return true;
    }
}
