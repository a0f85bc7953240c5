package dev.infraplatform.storage;

/**
 * When appended records are forced to the storage device. Every policy hands each record to the
 * operating system before the append returns, so a crash of the process alone never loses an
 * acknowledged record; the policies differ in what survives a crash of the machine.
 */
public enum Durability {

    /**
     * fsync before the append is acknowledged. Concurrent appenders share one fsync (group
     * commit), so throughput grows with the number of appenders.
     */
    ALWAYS,

    /** fsync in the background every flush interval (Redis' {@code everysec}); the default. */
    INTERVAL,

    /** Never fsync explicitly; the operating system writes back when it chooses. */
    NONE
}
