package dev.infraplatform.cache.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys and their values, split into {@value #SHARDS} shards by key hash, each with its own
 * lock, so commands on keys in different shards run in parallel; a command locks the shards of
 * all its keys (in ascending order, so multi-key commands never deadlock) and is atomic.
 *
 * <p>Expiry is lazy (a key found expired on access is deleted then) and active: {@link #expireSome}
 * walks a few shards per call and deletes their expired keys. Each shard tracks which of its keys
 * have a TTL, so the walk touches only those.
 *
 * <p>Cost: lookup O(1); memory one {@link Entry} per key plus a set entry per key with a TTL.
 */
final class Keyspace {

    static final int SHARDS = 1024;

    private final Shard[] shards = new Shard[SHARDS];
    private final LongAdder expiredKeys = new LongAdder();
    private int activeExpiryCursor;

    Keyspace() {
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
    }

    static int shardOf(Key key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        return (h * 0x9E3779B9 >>> 22) & (SHARDS - 1);
    }

    Shard shard(int index) {
        return shards[index];
    }

    Shard shardFor(Key key) {
        return shards[shardOf(key)];
    }

    long expiredKeys() {
        return expiredKeys.sum();
    }

    /** Keys in all shards; each shard's count is exact, the sum is not a single instant. */
    long size() {
        long total = 0;
        for (Shard shard : shards) {
            shard.lock.lock();
            try {
                total += shard.entries.size();
            } finally {
                shard.lock.unlock();
            }
        }
        return total;
    }

    /**
     * Deletes expired keys in the next {@code shardCount} shards.
     *
     * @return keys deleted
     */
    int expireSome(int shardCount, long now) {
        int deleted = 0;
        for (int i = 0; i < shardCount; i++) {
            Shard shard = shards[activeExpiryCursor];
            activeExpiryCursor = (activeExpiryCursor + 1) % SHARDS;
            shard.lock.lock();
            try {
                deleted += shard.removeExpired(now);
            } finally {
                shard.lock.unlock();
            }
        }
        expiredKeys.add(deleted);
        return deleted;
    }

    /** One shard: a hash map of entries and the set of its keys that have a TTL. */
    final class Shard {

        final ReentrantLock lock = new ReentrantLock();
        private final HashMap<Key, Entry> entries = new HashMap<>();
        private final HashSet<Key> expiring = new HashSet<>();
        /** Clients blocked in BLPOP / BRPOP per key, longest-waiting first. */
        private final HashMap<Key, ArrayDeque<BlockedPop>> blocked = new HashMap<>();

        ArrayDeque<BlockedPop> blockedOn(Key key) {
            return blocked.get(key);
        }

        void block(Key key, BlockedPop client) {
            blocked.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(client);
        }

        void unblock(Key key, BlockedPop client) {
            ArrayDeque<BlockedPop> queue = blocked.get(key);
            if (queue != null) {
                queue.remove(client);
                forgetBlockedIfEmpty(key);
            }
        }

        void forgetBlockedIfEmpty(Key key) {
            ArrayDeque<BlockedPop> queue = blocked.get(key);
            if (queue != null && queue.isEmpty()) {
                blocked.remove(key);
            }
        }

        /** The live entry, deleting it first if it has expired. Lock held. */
        Entry get(Key key, long now) {
            Entry entry = entries.get(key);
            if (entry != null && entry.isExpiredAt(now)) {
                remove(key);
                expiredKeys.increment();
                return null;
            }
            return entry;
        }

        /** Stores a new entry, replacing any previous one. Lock held. */
        Entry put(Key key, Object value, long expiresAt) {
            Entry entry = new Entry(value, expiresAt);
            entries.put(key, entry);
            trackExpiry(key, expiresAt);
            return entry;
        }

        void setExpiry(Key key, Entry entry, long expiresAt) {
            entry.expiresAt = expiresAt;
            trackExpiry(key, expiresAt);
        }

        private void trackExpiry(Key key, long expiresAt) {
            if (expiresAt == Entry.NO_EXPIRY) {
                expiring.remove(key);
            } else {
                expiring.add(key);
            }
        }

        boolean remove(Key key) {
            expiring.remove(key);
            return entries.remove(key) != null;
        }

        int size() {
            return entries.size();
        }

        int expiringCount() {
            return expiring.size();
        }

        void clear() {
            entries.clear();
            expiring.clear();
        }

        /** Live keys of this shard (lazily expiring the dead ones). Lock held. */
        List<Key> keys(long now) {
            expiredKeys.add(removeExpired(now));
            return new ArrayList<>(entries.keySet());
        }

        Iterable<Map.Entry<Key, Entry>> entries() {
            return entries.entrySet();
        }

        private int removeExpired(long now) {
            int removed = 0;
            for (Iterator<Key> it = expiring.iterator(); it.hasNext(); ) {
                Key key = it.next();
                Entry entry = entries.get(key);
                if (entry == null || entry.isExpiredAt(now)) {
                    it.remove();
                    entries.remove(key);
                    removed++;
                }
            }
            return removed;
        }
    }
}
