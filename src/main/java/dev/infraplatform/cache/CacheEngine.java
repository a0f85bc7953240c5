package dev.infraplatform.cache;

import java.util.List;

/**
 * The Redis-compatible engine behind every front door (REST now, RESP later). Commands are
 * argument vectors exactly as a Redis client sends them ({@code ["SET", "k", "v", "EX", "60"]}),
 * binary-safe; the reply is what Redis would answer, errors included (never thrown). Blocking
 * commands (BLPOP, XREAD BLOCK, …) park the calling thread until served or timed out, so callers
 * should run them on virtual threads.
 *
 * <p>Only {@link #execute} is required of an implementation (a client of a remote server, in tests);
 * the embedded engine supports all calls.
 *
 * <p>Thread-safe: every command is atomic; commands on keys in different shards run in parallel.
 */
public interface CacheEngine {

    Reply execute(List<byte[]> command);

    /**
     * WATCH: the current modification versions of {@code keys}, to hand to {@link #exec}. Cheap:
     * one lookup per key under its shard's lock.
     */
    default WatchToken watch(List<byte[]> keys) {
        throw new UnsupportedOperationException("WATCH is not supported by " + getClass().getSimpleName());
    }

    /**
     * MULTI … EXEC: runs {@code commands} in order with no other command interleaving, and logs
     * their effects as one MULTI/EXEC block in the AOF. An unknown command or a wrong number of
     * arguments aborts everything up-front ({@code EXECABORT}); an error reply of one command
     * does not stop the others. Blocking commands don't block (BLPOP answers nil at once).
     *
     * @param watch null, or a token from {@link #watch}: if a watched key changed since, nothing
     *     runs and the reply is the nil array
     * @return the array of replies, the nil array if aborted by WATCH, or an error
     */
    default Reply exec(List<List<byte[]>> commands, WatchToken watch) {
        throw new UnsupportedOperationException("MULTI/EXEC is not supported by " + getClass().getSimpleName());
    }

    /**
     * SUBSCRIBE / PSUBSCRIBE: from now on every message published to one of {@code channels} or to
     * a channel matching one of the glob {@code patterns} is handed to {@code listener}. Messages
     * wait in a bounded buffer; a subscriber that falls too far behind is disconnected (Redis'
     * pubsub client-output-buffer-limit), so a slow subscriber never blocks a publisher.
     */
    default Subscription subscribe(List<byte[]> channels, List<byte[]> patterns, MessageListener listener) {
        throw new UnsupportedOperationException("SUBSCRIBE is not supported by " + getClass().getSimpleName());
    }
}
