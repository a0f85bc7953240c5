package dev.infraplatform.cache.engine;

import java.util.concurrent.atomic.LongAdder;

/** Keyspace hits and misses of read commands, as Redis' INFO reports them. Thread-safe. */
public final class KeyspaceStats {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    void lookedUp(boolean found) {
        (found ? hits : misses).increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }
}
