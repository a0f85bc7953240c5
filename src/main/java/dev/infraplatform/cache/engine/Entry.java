package dev.infraplatform.cache.engine;

/**
 * A key's value and expiry. The value's class is the Redis type: {@code byte[]} for strings;
 * other types have their own classes. Guarded by the lock of the shard holding the key.
 */
final class Entry {

    static final long NO_EXPIRY = -1;

    Object value;
    /** Absolute expiry time in epoch milliseconds, or {@link #NO_EXPIRY}. */
    long expiresAt;

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
