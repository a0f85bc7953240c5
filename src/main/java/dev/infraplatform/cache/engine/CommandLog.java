package dev.infraplatform.cache.engine;

/**
 * Where the engine records its write commands, in the order they ran (the AOF). {@link #append}
 * is called with the command's shards still locked, so the log's order matches the order of
 * effects on every key; it must only fix the order, not wait for I/O. The engine waits on the
 * returned {@link Pending} after unlocking, before it answers.
 */
public interface CommandLog {

    CommandLog DISABLED = new CommandLog() {
        @Override
        public Pending append(java.util.List<byte[][]> commands) {
            return Pending.DONE;
        }

        @Override
        public String failure() {
            return null;
        }
    };

    /**
     * Where the next command will be placed (the AOF offset), -1 if the log keeps no positions.
     * Exact while the caller holds every shard lock: commands are ordered under shard locks.
     */
    default long position() {
        return -1;
    }

    /** Orders the commands into the log, one after the other. */
    Pending append(java.util.List<byte[][]> commands);

    /** Why the log can't be written (writes are refused meanwhile), or null while it is healthy. */
    String failure();

    /** A logged command whose write is still to be awaited. */
    interface Pending {

        Pending DONE = () -> { };

        /** Returns once the command is as durable as the log's policy promises; throws if it failed. */
        void await();
    }
}
