package dev.infraplatform.cache.engine;

import java.util.Locale;

/**
 * Redis' {@code maxmemory-policy}: what to do when a write that may grow memory ("denyoom")
 * arrives while the estimated used memory is above {@code maxmemory}.
 */
public enum EvictionPolicy {
    /** Refuse the write with an OOM error; reads and deletes still work. */
    NOEVICTION(false, Rank.NONE),
    ALLKEYS_LRU(false, Rank.LEAST_RECENTLY_USED),
    VOLATILE_LRU(true, Rank.LEAST_RECENTLY_USED),
    ALLKEYS_LFU(false, Rank.LEAST_FREQUENTLY_USED),
    VOLATILE_LFU(true, Rank.LEAST_FREQUENTLY_USED),
    ALLKEYS_RANDOM(false, Rank.RANDOM),
    VOLATILE_RANDOM(true, Rank.RANDOM),
    /** Evict keys with a TTL, the nearest expiry first. */
    VOLATILE_TTL(true, Rank.NEAREST_EXPIRY);

    /** How candidates are ranked. */
    enum Rank { NONE, LEAST_RECENTLY_USED, LEAST_FREQUENTLY_USED, RANDOM, NEAREST_EXPIRY }

    private final boolean volatileOnly;
    private final Rank rank;

    EvictionPolicy(boolean volatileOnly, Rank rank) {
        this.volatileOnly = volatileOnly;
        this.rank = rank;
    }

    /** Only keys with a TTL may be evicted. */
    boolean volatileOnly() {
        return volatileOnly;
    }

    Rank rank() {
        return rank;
    }

    /** The name Redis uses: {@code allkeys-lru}, {@code noeviction}, … */
    public String redisName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy with this Redis name (case-insensitive), or null. */
    public static EvictionPolicy fromRedisName(String name) {
        for (EvictionPolicy policy : values()) {
            if (policy.redisName().equalsIgnoreCase(name)) {
                return policy;
            }
        }
        return null;
    }
}
