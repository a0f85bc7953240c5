package dev.infraplatform.cache.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Memory accounting: each shard sums the {@link MemoryEstimator} estimates of its keys (updated
 * by {@link Shard#account} after a write, and on every removal), and {@link #usedBytes} adds the
 * shards up without locking. Each shard keeps its keys, and those with a TTL, in {@link KeySlots}
 * so that the {@link Evictor} can sample random ones.
 *
 * <p>Cost: lookup O(1); memory one {@link Entry} per key plus a slot per key and per key with a TTL.
 */
final class Keyspace {

    static final int SHARDS = 1024;

    private final Shard[] shards = new Shard[SHARDS];
    /** The server's pub/sub channels live beside the keys, so that commands reach them as they reach keys. */
    final PubSubChannels channels = new PubSubChannels();
    private final LongAdder expiredKeys = new LongAdder();
    private final LongAdder evictedKeys = new LongAdder();
    private final LongAdder usedBytes = new LongAdder();
    /** Whether {@link Entry#access} counts frequency (an LFU policy) rather than recency. */
    private volatile boolean lfu;
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

    /** The point-in-time dump running, if any; see {@link PointInTimeDump}. */
    private volatile PointInTimeDump dump;

    PointInTimeDump dump() {
        return dump;
    }

    /** Set with every shard locked (a dump begins), cleared when the dump ends. */
    void dump(PointInTimeDump running) {
        dump = running;
    }

    /**
     * To be called by anything about to change shards, with their locks held ({@code null} = all
     * shards): a running dump first takes those it has not serialized yet, as of its instant.
     */
    void beforeWrite(int[] shards) {
        PointInTimeDump running = dump;
        if (running != null) {
            running.captureBeforeWrite(shards);
        }
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

    long evictedKeys() {
        return evictedKeys.sum();
    }

    /** The estimated bytes of all keys and values: a lock-free sum, not a single instant. */
    long usedBytes() {
        return usedBytes.sum();
    }

    void trackFrequency(boolean lfu) {
        this.lfu = lfu;
    }

    /** Records an access to a live entry, for the LRU and LFU policies. Shard lock held. */
    void touch(Entry entry, long now) {
        entry.access = KeyAccess.touched(entry.access, now, lfu);
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
        private final KeySlots all = new KeySlots(entries, false);
        private final KeySlots expiring = new KeySlots(entries, true);
        /** The estimated bytes of this shard's keys (sum of their {@link Entry#estimatedBytes}). */
        private long usedBytes;
        /** Clients blocked in BLPOP / BRPOP per key, longest-waiting first. */
        private final HashMap<Key, ArrayDeque<BlockedPop>> blocked = new HashMap<>();
        /** Clients blocked in XREAD / XREADGROUP per key, longest-waiting first (only XADD serves them). */
        private final HashMap<Key, ArrayDeque<BlockedPop>> blockedReaders = new HashMap<>();
        /** Last modification version handed out in this shard (WATCH). */
        private long versions;

        /** Stamps a fresh modification version on {@code key} after a write, if it exists. Lock held. */
        void touch(Key key) {
            Entry entry = entries.get(key);
            if (entry != null) {
                entry.version = ++versions;
            }
        }

        /** The key's modification version, {@link dev.infraplatform.cache.WatchToken#ABSENT} if missing. Lock held. */
        long versionOf(Key key, long now) {
            Entry entry = get(key, now);
            return entry == null ? dev.infraplatform.cache.WatchToken.ABSENT : entry.version;
        }

        ArrayDeque<BlockedPop> blockedOn(Key key) {
            return blocked.get(key);
        }

        ArrayDeque<BlockedPop> readersBlockedOn(Key key) {
            return blockedReaders.get(key);
        }

        /** Signalled (lock held) whenever a client is queued here, for whoever waits to see it queued. */
        final java.util.concurrent.locks.Condition clientBlocked = lock.newCondition();

        void block(Key key, BlockedPop client) {
            queues(client).computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(client);
            clientBlocked.signalAll();
        }

        void unblock(Key key, BlockedPop client) {
            HashMap<Key, ArrayDeque<BlockedPop>> queues = queues(client);
            ArrayDeque<BlockedPop> queue = queues.get(key);
            if (queue != null) {
                queue.remove(client);
                if (queue.isEmpty()) {
                    queues.remove(key);
                }
            }
        }

        private HashMap<Key, ArrayDeque<BlockedPop>> queues(BlockedPop client) {
            return client.readsStream() ? blockedReaders : blocked;
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

        /** The entry as stored, expired or not, without side effects. Lock held. */
        Entry peek(Key key) {
            return entries.get(key);
        }

        /**
         * Stores a new entry, replacing any previous one (whose access word it keeps, as Redis'
         * overwrite keeps the LFU counter). Lock held.
         */
        Entry put(Key key, Object value, long expiresAt) {
            Entry entry = new Entry(value, expiresAt);
            Entry previous = entries.put(key, entry);
            if (previous == null) {
                all.add(key, entry);
            } else {
                entry.slot = previous.slot;
                entry.expirySlot = previous.expirySlot;
                entry.access = previous.access;
                entry.estimatedBytes = previous.estimatedBytes;
            }
            trackExpiry(key, entry);
            account(key, entry);
            return entry;
        }

        void setExpiry(Key key, Entry entry, long expiresAt) {
            entry.expiresAt = expiresAt;
            trackExpiry(key, entry);
        }

        private void trackExpiry(Key key, Entry entry) {
            boolean listed = expiring.contains(entry);
            if (entry.expiresAt == Entry.NO_EXPIRY) {
                if (listed) {
                    expiring.remove(entry);
                }
            } else if (!listed) {
                expiring.add(key, entry);
            }
        }

        /**
         * Re-estimates the key's bytes after a command changed it (a no-op if it is gone: removal
         * already took its bytes off) and gives a new key its first access word. O(samples).
         */
        void account(Key key, long now) {
            Entry entry = entries.get(key);
            if (entry != null) {
                if (entry.access == 0) {
                    entry.access = KeyAccess.initial(now, lfu);
                }
                account(key, entry);
            }
        }

        private void account(Key key, Entry entry) {
            long bytes = MemoryEstimator.entryBytes(key, entry, MemoryEstimator.DEFAULT_SAMPLES);
            long delta = bytes - entry.estimatedBytes;
            if (delta != 0) {
                entry.estimatedBytes = bytes;
                usedBytes += delta;
                Keyspace.this.usedBytes.add(delta);
            }
        }

        boolean remove(Key key) {
            Entry entry = entries.remove(key);
            if (entry == null) {
                return false;
            }
            all.remove(entry);
            if (entry.expirySlot >= 0) {
                expiring.remove(entry);
            }
            usedBytes -= entry.estimatedBytes;
            Keyspace.this.usedBytes.add(-entry.estimatedBytes);
            return true;
        }

        /** Deletes a key chosen by the evictor and counts it as evicted. Lock held. */
        void evict(Key key) {
            if (remove(key)) {
                evictedKeys.increment();
            }
        }

        /** The key at {@code index} (0..{@link #sizeHint} - 1) among all keys or those with a TTL. Lock held. */
        Key keyAt(boolean volatileOnly, int index) {
            return (volatileOnly ? expiring : all).get(index);
        }

        /** Keys (or keys with a TTL) in this shard, read without the lock: a hint for samplers. */
        int sizeHint(boolean volatileOnly) {
            return volatileOnly ? expiring.size() : all.size();
        }

        int size() {
            return entries.size();
        }

        int expiringCount() {
            return expiring.size();
        }

        /** The sum of the remaining TTLs (ms) of this shard's keys with one, for INFO's avg_ttl. O(keys with a TTL). */
        long remainingTtlSum(long now) {
            long sum = 0;
            for (int i = 0; i < expiring.size(); i++) {
                sum += Math.max(0, entries.get(expiring.get(i)).expiresAt - now);
            }
            return sum;
        }

        void clear() {
            entries.clear();
            all.clear();
            expiring.clear();
            Keyspace.this.usedBytes.add(-usedBytes);
            usedBytes = 0;
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
            // downwards: a removal moves the last key, already checked, into the gap
            for (int i = expiring.size() - 1; i >= 0; i--) {
                Key key = expiring.get(i);
                if (entries.get(key).isExpiredAt(now)) {
                    remove(key);
                    removed++;
                }
            }
            return removed;
        }
    }
}
