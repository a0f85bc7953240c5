package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.math.BigDecimal;
import java.util.List;

/**
 * A client blocked in BLMOVE on its source list. A push cannot serve it in place, as it does a
 * BLPOP client: the move also changes the destination, whose shard the pusher has not locked (and
 * may not lock without breaking the ascending lock order). So the push only wakes it with
 * {@link #READY} and serves nobody after it on that key; the woken client then runs BLMOVE again
 * as an ordinary command, locking source and destination, moves the element, logs an LMOVE, and
 * serves the clients queued behind it while the source still has elements. If another client
 * empties the source in between, it blocks again, with what is left of its timeout.
 */
final class BlockedMove extends BlockedPop {

    /** The wake-up a push sends: run the command again. Compared by identity, never answered. */
    static final Reply READY = new Reply.SimpleString("BLMOVE source ready");

    /** Absolute deadline in epoch milliseconds, 0 = wait forever. */
    private final long deadline;

    BlockedMove(Key source, long deadline) {
        super(List.of(source), true);
        this.deadline = deadline;
    }

    /** Inside MULTI Redis answers a plain nil (its timeout answers the nil array, as BLPOP's). */
    @Override
    Reply nonBlockingReply() {
        return Reply.NIL;
    }

    /**
     * The command to run again after {@link #READY}: {@code args} with the timeout replaced by what
     * is left of it at {@code now}; null if nothing is left.
     */
    byte[][] retryArguments(byte[][] args, long now) {
        byte[][] retry = args.clone();
        if (deadline != 0) {
            long left = deadline - now;
            if (left <= 0) {
                return null;
            }
            retry[retry.length - 1] = BigDecimal.valueOf(left, 3).toPlainString()
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return retry;
    }
}
