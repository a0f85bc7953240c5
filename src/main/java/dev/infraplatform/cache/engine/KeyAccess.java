package dev.infraplatform.cache.engine;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The access word of an {@link Entry}, as Redis keeps it in the 24 bits of {@code robj.lru}, read
 * by the evictor to rank keys:
 * <ul>
 *   <li><b>LRU</b> (the default mode): the time of the last access, in milliseconds truncated to
 *       32 bits; idle times compare correctly up to about 49 days (Redis: 24-bit seconds, 194 days).</li>
 *   <li><b>LFU</b> (under an {@code *-lfu} policy): Redis' 16-bit minute of the last decrement and an
 *       8-bit logarithmic frequency counter: a new key starts at {@value #LFU_INIT}; an access
 *       increments it with probability {@code 1 / ((counter - 5) * lfu-log-factor + 1)}
 *       ({@value #LFU_LOG_FACTOR}), so about a million hits saturate it at 255; it loses 1 per
 *       {@value #LFU_DECAY_MINUTES} minute(s) without access.</li>
 * </ul>
 * Switching the policy between the two modes leaves old words meaning the other thing until the
 * keys are touched again, as in Redis. 0 marks a word not set yet. All methods O(1).
 */
final class KeyAccess {

    static final int LFU_INIT = 5;
    static final int LFU_LOG_FACTOR = 10;
    static final int LFU_DECAY_MINUTES = 1;

    private KeyAccess() {
    }

    /** The word of a key just created (or of one never touched since a policy change). */
    static int initial(long now, boolean lfu) {
        return lfu ? lfuWord(minutes(now), LFU_INIT) : lruWord(now);
    }

    /** The word after an access at {@code now}. */
    static int touched(int word, long now, boolean lfu) {
        if (!lfu) {
            return lruWord(now);
        }
        if (word == 0) {
            return initial(now, true);
        }
        return lfuWord(minutes(now), logIncrement(decayedCounter(word, now)));
    }

    /** Milliseconds since the last access (LRU mode). */
    static long idleMillis(int word, long now) {
        return Integer.toUnsignedLong((int) now - word);
    }

    /** The frequency counter with the decay since its last update applied (LFU mode). */
    static int decayedCounter(int word, long now) {
        int counter = word & 0xff;
        int lastMinute = word >>> 8;
        int minute = minutes(now);
        int elapsed = minute >= lastMinute ? minute - lastMinute : 0xffff - lastMinute + minute;
        int periods = elapsed / LFU_DECAY_MINUTES;
        return periods >= counter ? 0 : counter - periods;
    }

    private static int logIncrement(int counter) {
        if (counter == 255) {
            return 255;
        }
        double base = Math.max(0, counter - LFU_INIT);
        double p = 1.0 / (base * LFU_LOG_FACTOR + 1);
        return ThreadLocalRandom.current().nextDouble() < p ? counter + 1 : counter;
    }

    private static int minutes(long now) {
        return (int) ((now / 60_000) & 0xffff);
    }

    private static int lfuWord(int minute, int counter) {
        return minute << 8 | counter;
    }

    private static int lruWord(long now) {
        int word = (int) now;
        return word == 0 ? 1 : word;
    }
}
