package dev.infraplatform.cache.engine;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Waiting, in tests, until clients are queued on a key (BLPOP / BRPOP / BLMOVE, or XREAD /
 * XREADGROUP readers): woken by the shard's {@code clientBlocked} signal, no polling.
 */
final class BlockedClients {

    private static final long PATIENCE_SECONDS = 30;

    private BlockedClients() {
    }

    /** Waits until at least {@code count} list clients are queued on {@code key}. */
    static void awaitPoppers(LocalCacheEngine engine, String key, int count) throws InterruptedException {
        await(engine, key, count, false);
    }

    /** Waits until at least {@code count} stream readers are queued on {@code key}. */
    static void awaitReaders(LocalCacheEngine engine, String key, int count) throws InterruptedException {
        await(engine, key, count, true);
    }

    private static void await(LocalCacheEngine engine, String key, int count, boolean readers)
            throws InterruptedException {
        Key k = Key.of(key);
        Keyspace.Shard shard = engine.keyspace().shardFor(k);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        shard.lock.lock();
        try {
            while (queued(readers ? shard.readersBlockedOn(k) : shard.blockedOn(k)) < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(count + " clients never blocked on " + key);
                }
                shard.clientBlocked.awaitNanos(left);
            }
        } finally {
            shard.lock.unlock();
        }
    }

    private static int queued(ArrayDeque<BlockedPop> queue) {
        return queue == null ? 0 : queue.size();
    }
}
