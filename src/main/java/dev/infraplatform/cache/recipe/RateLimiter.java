package dev.infraplatform.cache.recipe;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.WatchToken;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static dev.infraplatform.cache.recipe.EngineCalls.bulk;
import static dev.infraplatform.cache.recipe.EngineCalls.command;
import static dev.infraplatform.cache.recipe.EngineCalls.integer;
import static dev.infraplatform.cache.recipe.EngineCalls.items;

/**
 * Rate limiting recipes on the key {@code ratelimit:<key>}.
 *
 * <ul>
 * <li>Fixed window: a counter, {@code INCR} then {@code PEXPIRE … NX} in one transaction, so the
 *     window starts with its first request and the key disappears with it. O(1); a burst of up to
 *     twice the limit can straddle two windows.</li>
 * <li>Sliding window (log): a sorted set of request timestamps. WATCH the key, count the entries
 *     within the window, and only if below the limit add this request in a transaction that also
 *     drops the entries that left the window and refreshes the TTL; a concurrent change aborts the
 *     transaction and the check is retried. Exact; O(log n) per request and one entry per allowed
 *     request in the window.</li>
 * </ul>
 */
public final class RateLimiter {

    static final String PREFIX = "ratelimit:";

    private final CacheEngine engine;
    private final LongSupplier clock;
    private final AtomicLong sequence = new AtomicLong();

    public RateLimiter(CacheEngine engine) {
        this(engine, System::currentTimeMillis);
    }

    public RateLimiter(CacheEngine engine, LongSupplier clock) {
        this.engine = engine;
        this.clock = clock;
    }

    public enum Algorithm { FIXED, SLIDING }

    /**
     * @param allowed whether this request is within the limit
     * @param remaining requests still allowed in the current window
     * @param retryAfterMs when denied, how long until a request may be allowed again; else 0
     */
    public record Decision(boolean allowed, long remaining, long retryAfterMs) {
    }

    public Decision check(String key, long limit, long windowMs, Algorithm algorithm) {
        byte[] name = (PREFIX + key).getBytes(StandardCharsets.UTF_8);
        return algorithm == Algorithm.FIXED ? fixed(name, limit, windowMs) : sliding(name, limit, windowMs);
    }

    private Decision fixed(byte[] key, long limit, long windowMs) {
        List<Reply> replies = items(engine.exec(List.of(
                command("INCR", key),
                command("PEXPIRE", key, windowMs, "NX"),
                command("PTTL", key)), null));
        long count = integer(replies.get(0));
        long ttl = Math.max(0, integer(replies.get(2)));
        boolean allowed = count <= limit;
        return new Decision(allowed, Math.max(0, limit - count), allowed ? 0 : ttl);
    }

    private Decision sliding(byte[] key, long limit, long windowMs) {
        while (true) {
            long now = clock.getAsLong();
            String windowStart = "(" + (now - windowMs);
            WatchToken watch = engine.watch(List.of(key));
            List<Reply> state = items(engine.exec(List.of(
                    command("ZCOUNT", key, windowStart, "+inf"),
                    command("ZRANGEBYSCORE", key, windowStart, "+inf", "WITHSCORES", "LIMIT", 0, 1)), null));
            long count = integer(state.get(0));
            if (count >= limit) {
                List<Reply> oldest = ((Reply.Array) state.get(1)).items();
                long oldestAt = oldest.isEmpty() ? now
                        : (long) Double.parseDouble(new String(bulk(oldest.get(1)), StandardCharsets.US_ASCII));
                return new Decision(false, 0, Math.max(1, oldestAt + windowMs - now));
            }
            String member = now + "-" + sequence.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
            List<Reply> done = items(engine.exec(List.of(
                    command("ZREMRANGEBYSCORE", key, "-inf", now - windowMs),
                    command("ZADD", key, now, member),
                    command("PEXPIRE", key, windowMs)), watch));
            if (done != null) {
                return new Decision(true, limit - count - 1, 0);
            }
            // another request changed the log meanwhile: count again
        }
    }
}
