package dev.infraplatform.cache;

import java.util.List;

/**
 * The Redis-compatible engine behind every front door (REST now, RESP later). Commands are
 * argument vectors exactly as a Redis client sends them ({@code ["SET", "k", "v", "EX", "60"]}),
 * binary-safe; the reply is what Redis would answer, errors included (never thrown). Blocking
 * commands (BLPOP, XREAD BLOCK, …) park the calling thread until served or timed out, so callers
 * should run them on virtual threads.
 *
 * <p>Thread-safe: every command is atomic; commands on keys in different shards run in parallel.
 */
public interface CacheEngine {

    Reply execute(List<byte[]> command);
}
