package dev.infraplatform.cache.engine;

/**
 * What a command handler sees while it runs: the keyspace (the shards of the command's keys are
 * locked by the caller), the time of the command (one instant for the whole command, as Redis
 * uses one clock reading per command) and typed accessors that end the command with Redis' error
 * when a key holds another type.
 */
final class CommandContext {

    final Keyspace keyspace;
    final long now;
    private final KeyspaceStats stats;
    private final ServerStatus server;
    private byte[][] propagated;
    private boolean propagateNothing;
    private final java.util.List<byte[][]> alsoPropagated = new java.util.ArrayList<>();
    private BlockedPop blockedClient;
    private long blockedTimeoutMillis;

    CommandContext(Keyspace keyspace, long now, KeyspaceStats stats, ServerStatus server) {
        this.keyspace = keyspace;
        this.now = now;
        this.stats = stats;
        this.server = server;
    }

    /** The engine's counters and memory settings, for INFO, CONFIG and MEMORY. */
    ServerStatus server() {
        return server;
    }

    /** Keyspace hits and misses (INFO reads them; null for write commands, which don't count). */
    KeyspaceStats stats() {
        return stats;
    }

    /**
     * The live entry at {@code key}; counted as a keyspace hit or miss for read commands, and as
     * an access (LRU clock, LFU counter) for eviction.
     */
    Entry lookup(Key key) {
        Entry entry = keyspace.shardFor(key).get(key, now);
        if (stats != null) {
            stats.lookedUp(entry != null);
        }
        if (entry != null) {
            keyspace.touch(entry, now);
        }
        return entry;
    }

    /** The string at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    byte[] getString(Key key) {
        return typed(key, byte[].class);
    }

    /** The list at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    RedisList getList(Key key) {
        return typed(key, RedisList.class);
    }

    /** The hash at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    RedisHash getHash(Key key) {
        return typed(key, RedisHash.class);
    }

    /** The hash at {@code key}, stored empty if missing: only for a command that then adds a field. */
    RedisHash getOrCreateHash(Key key) {
        return getOrCreate(key, RedisHash.class, RedisHash::new);
    }

    /** The set at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    RedisSet getSet(Key key) {
        return typed(key, RedisSet.class);
    }

    /** The set at {@code key}, stored empty if missing: only for a command that then adds a member. */
    RedisSet getOrCreateSet(Key key) {
        return getOrCreate(key, RedisSet.class, RedisSet::new);
    }

    /** The sorted set at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    SortedSet getSortedSet(Key key) {
        return typed(key, SortedSet.class);
    }

    /** The sorted set at {@code key}, stored empty if missing: only for a command that then adds a member. */
    SortedSet getOrCreateSortedSet(Key key) {
        return getOrCreate(key, SortedSet.class, SortedSet::new);
    }

    /** The stream at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    RedisStream getStream(Key key) {
        return typed(key, RedisStream.class);
    }

    /** The stream at {@code key}, stored empty if missing: only for a command that then adds to it. */
    RedisStream getOrCreateStream(Key key) {
        return getOrCreate(key, RedisStream.class, RedisStream::new);
    }

    /** The value of {@code type} at {@code key}, null if missing; WRONGTYPE if the key holds another type. */
    private <T> T typed(Key key, Class<T> type) {
        Entry entry = lookup(key);
        if (entry == null) {
            return null;
        }
        if (!type.isInstance(entry.value)) {
            throw new CommandError(RedisErrors.WRONG_TYPE);
        }
        return type.cast(entry.value);
    }

    /** As {@link #typed}, storing a new empty collection (no TTL) when the key is missing. */
    private <T> T getOrCreate(Key key, Class<T> type, java.util.function.Supplier<T> empty) {
        T value = typed(key, type);
        if (value == null) {
            value = empty.get();
            keyspace.shardFor(key).put(key, value, Entry.NO_EXPIRY);
        }
        return value;
    }

    /** Stores a string, replacing whatever the key held, with the given expiry. */
    void setString(Key key, byte[] value, long expiresAt) {
        keyspace.shardFor(key).put(key, value, expiresAt);
    }

    /** Replaces a string's bytes, keeping its TTL. The key must exist as a string. */
    void replaceString(Key key, Entry entry, byte[] value) {
        entry.value = value;
    }

    void setExpiry(Key key, Entry entry, long expiresAt) {
        keyspace.shardFor(key).setExpiry(key, entry, expiresAt);
    }

    /**
     * Logs {@code command} in the AOF instead of the command as sent, for commands whose effect
     * depends on when or where they run (relative TTLs, floats, random picks): the logged form
     * must replay to exactly the same state.
     */
    void propagate(byte[]... command) {
        propagated = command;
        propagateNothing = false;
    }

    /** The command changed nothing: log nothing. */
    void propagateNothing() {
        propagateNothing = true;
    }

    /** Logs another command after this one's own form (a blocked client's pop served by a push). */
    void alsoPropagate(byte[]... command) {
        alsoPropagated.add(command);
    }

    /** What to log for a write command that ran successfully, in order; empty for nothing. */
    java.util.List<byte[][]> propagations(byte[][] original) {
        java.util.List<byte[][]> all = new java.util.ArrayList<>(1 + alsoPropagated.size());
        if (!propagateNothing) {
            all.add(propagated != null ? propagated : original);
        }
        all.addAll(alsoPropagated);
        return all;
    }

    /** The command found nothing to pop: the caller parks until {@code client} is served or times out. */
    void block(BlockedPop client, long timeoutMillis) {
        blockedClient = client;
        blockedTimeoutMillis = timeoutMillis;
    }

    BlockedPop blockedClient() {
        return blockedClient;
    }

    long blockedTimeoutMillis() {
        return blockedTimeoutMillis;
    }

    boolean delete(Key key) {
        Keyspace.Shard shard = keyspace.shardFor(key);
        return shard.get(key, now) != null && shard.remove(key);
    }
}
