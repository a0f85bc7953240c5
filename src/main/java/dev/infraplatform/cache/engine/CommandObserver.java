package dev.infraplatform.cache.engine;

/** Told about every command the engine ran, for metrics. Must be cheap and thread-safe. */
@FunctionalInterface
public interface CommandObserver {

    CommandObserver NONE = (command, nanos, failed) -> { };

    /**
     * @param command the command's lower-case name from the command table (unknown commands are not reported)
     * @param nanos how long it took, waiting for the AOF and for blocked pops included
     * @param failed whether the reply was an error
     */
    void executed(String command, long nanos, boolean failed);
}
