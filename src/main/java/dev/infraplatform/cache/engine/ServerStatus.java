package dev.infraplatform.cache.engine;

import java.util.concurrent.atomic.LongAdder;

/**
 * What INFO and CONFIG see of the engine beyond the keyspace: when it started, commands run,
 * clients blocked right now, keyspace hits and misses, the memory limit and its policy. Counters are thread-safe and read
 * without locks.
 */
final class ServerStatus {

    /** The Redis version the engine's commands and replies follow. */
    static final String REDIS_VERSION = "7.2.0";

    final long startedAt;
    final Evictor evictor;
    final KeyspaceStats keyspaceStats;
    /** Answers BGSAVE, SAVE, LASTSAVE, BGREWRITEAOF and INFO persistence. */
    volatile PersistenceControl persistence = PersistenceControl.NONE;
    private final LongAdder commandsProcessed = new LongAdder();
    private final LongAdder blockedClients = new LongAdder();

    ServerStatus(long startedAt, Evictor evictor, KeyspaceStats keyspaceStats) {
        this.startedAt = startedAt;
        this.evictor = evictor;
        this.keyspaceStats = keyspaceStats;
    }

    void commandProcessed() {
        commandsProcessed.increment();
    }

    long commandsProcessed() {
        return commandsProcessed.sum();
    }

    void blocked(int delta) {
        blockedClients.add(delta);
    }

    long blockedClients() {
        return blockedClients.sum();
    }
}
