package dev.infraplatform.cache.engine;

/**
 * A key's value and expiry. The value's class is the Redis type: {@code byte[]} for strings;
 * other types have their own classes. Guarded by the lock of the shard holding the key.
 *
 * <p>Bookkeeping for memory limits: the last {@link MemoryEstimator} estimate of the key's bytes
 * (what the shard's used-memory total counts for it), the access word of {@link KeyAccess} (LRU
 * clock or LFU counter, as Redis' 24-bit {@code lru} field) and the key's positions in its shard's
 * {@link KeySlots} (for O(1) random sampling by the evictor).
 */
final class Entry {

    static final long NO_EXPIRY = -1;

    Object value;
    /** Absolute expiry time in epoch milliseconds, or {@link #NO_EXPIRY}. */
    long expiresAt;
    /** Bytes this key counts for in its shard's used memory. */
    long estimatedBytes;
    /** {@link KeyAccess}: last access time (LRU) or decaying frequency counter (LFU); 0 = not yet set. */
    int access;
    /** Position among all the shard's keys, -1 when not stored. */
    int slot = -1;
    /** Position among the shard's keys with a TTL, -1 when it has none. */
    int expirySlot = -1;
    /** Modification version for WATCH, stamped by the engine after each write to the key. */
    long version;

    Entry(Object value, long expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    boolean isExpiredAt(long now) {
        return expiresAt != NO_EXPIRY && expiresAt <= now;
    }

    String typeName() {
        return TypeNames.of(value);
    }
}
