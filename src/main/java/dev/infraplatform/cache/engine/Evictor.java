package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Redis' {@code maxmemory}: before a write that may grow memory ("denyoom") runs while the
 * keyspace's estimated bytes are above the limit, deletes keys chosen by the
 * {@link EvictionPolicy} until they are below it, or refuses the write with Redis' OOM error.
 *
 * <p>Choice, as Redis' {@code evict.c}: each round samples {@value #SAMPLES} distinct keys (all keys
 * or only those with a TTL, per policy; consecutive shards from a random one, a run of keys from a
 * random position in each) into a pool of the {@value #POOL_SIZE} best candidates
 * seen so far, kept across rounds and calls, and evicts the best one still present (most idle for
 * LRU, least frequently used for LFU, nearest expiry for volatile-ttl); random policies evict a
 * sampled key directly. An approximation: a key is only evicted if it was sampled.
 *
 * <p>Locking: called before the command locks its own shards; locks one shard at a time (so no
 * lock order issue) under its own lock, which serializes evictions (the pool is shared). Each
 * eviction is logged as {@code DEL key} while its shard is locked, so an AOF replay does not
 * bring the key back; the log is awaited after all locks are released. Evicting wakes no one.
 *
 * <p>Cost: O(samples) per evicted key plus a walk over empty shards when the keyspace is sparse.
 */
final class Evictor {

    static final int SAMPLES = 5;
    static final int POOL_SIZE = 16;
    static final Reply OOM = Reply.error("OOM command not allowed when used memory > 'maxmemory'.");
    private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);

    private final Keyspace keyspace;
    private volatile long maxMemory;
    private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private final ReentrantLock evicting = new ReentrantLock();
    /** Best candidates, ascending by score (the last is evicted first). Guarded by {@link #evicting}. */
    private final List<Candidate> pool = new ArrayList<>(POOL_SIZE + 1);

    private record Candidate(int shard, Key key, long score) {
    }

    Evictor(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    long maxMemory() {
        return maxMemory;
    }

    /** The limit in bytes; 0 for none. */
    void setMaxMemory(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("max memory must not be negative: " + bytes);
        }
        this.maxMemory = bytes;
    }

    EvictionPolicy policy() {
        return policy;
    }

    void setPolicy(EvictionPolicy policy) {
        evicting.lock();
        try {
            this.policy = policy;
            pool.clear(); // scores of another policy mean something else
            keyspace.trackFrequency(policy.rank() == EvictionPolicy.Rank.LEAST_FREQUENTLY_USED);
        } finally {
            evicting.unlock();
        }
    }

    /**
     * Makes room for a denyoom write: null when under the limit (after evicting if needed), else
     * the OOM error to reply. Must be called with no shard locked.
     *
     * @throws RuntimeException if logging an eviction in the AOF failed
     */
    Reply makeRoom(long now, CommandLog log) {
        long max = maxMemory;
        if (max <= 0 || keyspace.usedBytes() <= max) {
            return null;
        }
        EvictionPolicy current = policy;
        if (current == EvictionPolicy.NOEVICTION) {
            return OOM;
        }
        List<CommandLog.Pending> logged = new ArrayList<>();
        boolean underLimit = true;
        evicting.lock();
        try {
            while (keyspace.usedBytes() > max) {
                if (!evictOne(current, now, log, logged)) {
                    underLimit = false;
                    break;
                }
            }
        } finally {
            evicting.unlock();
        }
        for (CommandLog.Pending pending : logged) {
            pending.await();
        }
        return underLimit ? null : OOM;
    }

    /** Evicts one key; false if there is none the policy may evict. */
    private boolean evictOne(EvictionPolicy current, long now, CommandLog log, List<CommandLog.Pending> logged) {
        while (true) {
            int sampled = sample(current, now);
            while (!pool.isEmpty()) {
                Candidate best = pool.removeLast();
                if (evict(best, current, log, logged)) {
                    return true;
                }
            }
            if (sampled == 0) {
                return false;
            }
        }
    }

    private boolean evict(Candidate candidate, EvictionPolicy current, CommandLog log, List<CommandLog.Pending> logged) {
        Keyspace.Shard shard = keyspace.shard(candidate.shard);
        shard.lock.lock();
        try {
            Entry entry = shard.peek(candidate.key);
            if (entry == null || (current.volatileOnly() && entry.expiresAt == Entry.NO_EXPIRY)) {
                return false; // gone or changed since it was sampled
            }
            keyspace.beforeWrite(new int[] {candidate.shard}); // a running snapshot keeps the key
            shard.evict(candidate.key);
            logged.add(log.append(List.<byte[][]>of(new byte[][] {DEL, candidate.key.bytes()})));
            return true;
        } finally {
            shard.lock.unlock();
        }
    }

    /**
     * Samples up to {@value #SAMPLES} distinct keys from the shards after a random one into the
     * pool (random policies score every key alike, so the latest sampled goes first).
     *
     * @return keys sampled; 0 if the policy finds none at all
     */
    private int sample(EvictionPolicy current, long now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean volatileOnly = current.volatileOnly();
        int start = random.nextInt(Keyspace.SHARDS);
        int sampled = 0;
        for (int i = 0; i < Keyspace.SHARDS && sampled < SAMPLES; i++) {
            int index = (start + i) & (Keyspace.SHARDS - 1);
            Keyspace.Shard shard = keyspace.shard(index);
            if (shard.sizeHint(volatileOnly) == 0) {
                continue;
            }
            shard.lock.lock();
            try {
                // distinct keys: a run of slots from a random one (the whole shard if it is small)
                int available = shard.sizeHint(volatileOnly);
                int take = Math.min(available, SAMPLES - sampled);
                int first = available == 0 ? 0 : random.nextInt(available);
                for (int taken = 0; taken < take; taken++) {
                    Key key = shard.keyAt(volatileOnly, (first + taken) % available);
                    sampled++;
                    offer(new Candidate(index, key, score(current, shard.peek(key), now)));
                }
            } finally {
                shard.lock.unlock();
            }
        }
        return sampled;
    }

    /** Higher is evicted first. */
    private static long score(EvictionPolicy current, Entry entry, long now) {
        return switch (current.rank()) {
            case LEAST_RECENTLY_USED -> KeyAccess.idleMillis(entry.access, now);
            case LEAST_FREQUENTLY_USED -> 255 - KeyAccess.decayedCounter(entry.access, now);
            case NEAREST_EXPIRY -> Long.MAX_VALUE - entry.expiresAt;
            case RANDOM, NONE -> 0;
        };
    }

    /** Puts a candidate in its place in the pool, dropping the worst when full. */
    private void offer(Candidate candidate) {
        pool.removeIf(c -> c.shard == candidate.shard && c.key.equals(candidate.key));
        int at = 0;
        while (at < pool.size() && pool.get(at).score <= candidate.score) {
            at++;
        }
        pool.add(at, candidate);
        if (pool.size() > POOL_SIZE) {
            pool.removeFirst();
        }
    }
}
