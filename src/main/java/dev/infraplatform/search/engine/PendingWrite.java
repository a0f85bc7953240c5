package dev.infraplatform.search.engine;

import dev.infraplatform.storage.AppendLog;

/**
 * A write applied to its shard and numbered in the translog, not yet acknowledged: {@link #await()}
 * returns its result once the translog holds it durably. A bulk request takes all its items'
 * pending writes first and awaits them afterwards, so that they share translog writes and fsyncs.
 */
public final class PendingWrite {

    private final Shard shard;
    private final AppendLog.DeferredAppend append;
    private final WriteResult result;

    PendingWrite(Shard shard, AppendLog.DeferredAppend append, WriteResult result) {
        this.shard = shard;
        this.append = append;
        this.result = result;
    }

    /**
     * The write's result, once durable.
     *
     * @throws dev.infraplatform.storage.StorageException if the translog write failed
     */
    public WriteResult await() {
        shard.awaitDurable(append);
        return result;
    }

    /** As {@link #await()}, then refreshes the shard as {@code refresh} asks. */
    public WriteResult await(RefreshPolicy refresh) {
        return shard.finish(this, refresh);
    }
}
