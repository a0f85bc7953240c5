package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A client blocked in BLPOP / BRPOP (or, as {@link BlockedStreamRead}, in XREAD / XREADGROUP, or as
 * {@link BlockedMove} in BLMOVE): queued on each of its keys, oldest first. The first push to
 * one of them pops for it and completes {@link #result} under that key's shard lock; a timeout
 * completes it with the nil array instead. Completion happens once, so an element is handed to
 * exactly one client and never lost: a pusher whose {@code complete} loses to the timeout puts the
 * element back.
 */
class BlockedPop {

    final List<Key> keys;
    final boolean fromLeft;
    final CompletableFuture<Reply> result = new CompletableFuture<>();

    BlockedPop(List<Key> keys, boolean fromLeft) {
        this.keys = keys;
        this.fromLeft = fromLeft;
    }

    /** What the client answers when its timeout passes. */
    Reply timeoutReply() {
        return Reply.NIL_ARRAY;
    }

    /** What the command answers where it may not block (inside MULTI) and finds nothing. */
    Reply nonBlockingReply() {
        return Reply.NIL_ARRAY;
    }

    /** True for a stream reader, which only XADD serves and which waits in its own queues. */
    boolean readsStream() {
        return false;
    }
}
