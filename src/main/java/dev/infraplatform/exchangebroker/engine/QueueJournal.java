package dev.infraplatform.exchangebroker.engine;

/**
 * Where durability plugs in: told of every message entering or finally leaving a queue, under
 * that queue's lock, so the calls for one queue arrive in the queue's own order. A journal that
 * appends {@code enqueued} and {@code removed} records to an append log (and replays them on
 * start) reproduces each queue's messages; requeues need no record, a message keeps its sequence
 * for life. Implementations must be quick or at least bounded (group commit), as the queue waits.
 *
 * <p>The default records nothing: the engine is in memory.
 */
public interface QueueJournal {

    QueueJournal NONE = new QueueJournal() {
    };

    /**
     * A message entered {@code queue} at position {@code sequence} (increasing per queue).
     *
     * @param expiresAt epoch ms at which its TTL runs out, or {@code Long.MAX_VALUE}
     */
    default void enqueued(String queue, long sequence, Message message, long expiresAt) {
    }

    /** The message at {@code sequence} left {@code queue} for good: acked, dropped, expired, dead-lettered or purged. */
    default void removed(String queue, long sequence) {
    }

    /** {@code queue} was deleted with every message in it. */
    default void queueDeleted(String queue) {
    }
}
