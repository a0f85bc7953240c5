package dev.infraplatform.cache.recipe;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.WatchToken;

import java.util.Arrays;
import java.util.List;

import static dev.infraplatform.cache.recipe.EngineCalls.bulk;
import static dev.infraplatform.cache.recipe.EngineCalls.command;
import static dev.infraplatform.cache.recipe.EngineCalls.integer;
import static dev.infraplatform.cache.recipe.EngineCalls.items;

/**
 * Redis' single-instance lock recipe: the lock {@code name} is the string key {@code lock:<name>}
 * holding its owner's token, with a TTL so that a crashed owner's lock frees itself. Acquire is
 * {@code SET NX PX}; release and renew are compare-then-act, done as WATCH, GET, and a transaction
 * that only runs if the key did not change in between (retried when it did), so that only the
 * owner can release or extend its lock, even racing with expiry and other clients.
 */
public final class DistributedLock {

    static final String PREFIX = "lock:";

    private final CacheEngine engine;

    public DistributedLock(CacheEngine engine) {
        this.engine = engine;
    }

    /**
     * The state of a lock after a call.
     *
     * @param done whether the call took effect (acquired, released, renewed)
     * @param held whether the lock is held (by anyone) afterwards
     * @param ttlMs the lock's remaining time in milliseconds, 0 if not held
     */
    public record Outcome(boolean done, boolean held, long ttlMs) {
    }

    /** SET lock:name owner NX PX ttlMs, answered with the lock's TTL either way. */
    public Outcome acquire(String name, String owner, long ttlMs) {
        byte[] key = key(name);
        List<Reply> replies = items(engine.exec(List.of(
                command("SET", key, owner, "NX", "PX", ttlMs),
                command("PTTL", key)), null));
        boolean acquired = replies.get(0) instanceof Reply.SimpleString;
        return new Outcome(acquired, true, Math.max(0, integer(replies.get(1))));
    }

    /** Deletes the lock if {@code owner} holds it. */
    public Outcome release(String name, String owner) {
        return ifOwner(name, owner, key -> command("DEL", key));
    }

    /** Sets the lock's TTL to {@code ttlMs} if {@code owner} holds it. */
    public Outcome renew(String name, String owner, long ttlMs) {
        return ifOwner(name, owner, key -> command("PEXPIRE", key, ttlMs));
    }

    private Outcome ifOwner(String name, String owner, java.util.function.Function<byte[], List<byte[]>> action) {
        byte[] key = key(name);
        byte[] ownerBytes = owner.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        while (true) {
            WatchToken watch = engine.watch(List.of(key));
            List<Reply> state = items(engine.exec(List.of(command("GET", key), command("PTTL", key)), null));
            byte[] holder = bulk(state.get(0));
            if (holder == null || !Arrays.equals(holder, ownerBytes)) {
                return new Outcome(false, holder != null, Math.max(0, integer(state.get(1))));
            }
            List<Reply> done = items(engine.exec(List.of(action.apply(key), command("PTTL", key)), watch));
            if (done != null) {
                return new Outcome(true, integer(done.get(1)) != -2, Math.max(0, integer(done.get(1))));
            }
            // the lock changed between the read and the write (expired, taken over): look again
        }
    }

    static byte[] key(String name) {
        return (PREFIX + name).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
