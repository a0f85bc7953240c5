package dev.infraplatform.exchangebroker.engine;

/**
 * Where message durability plugs in: told of every persistent message (delivery mode 2) entering
 * or finally leaving a durable queue, under that queue's lock, so the calls for one queue arrive
 * in the queue's own order. A journal that appends these to a log and replays them at start-up
 * reproduces each durable queue's persistent messages; a message keeps its sequence for life, so
 * a requeue needs only its new delivery count.
 *
 * <p>Each call fixes the record's place and returns a {@link Write} for the I/O; the broker
 * awaits the writes of an operation after it has released every lock, before it answers (a
 * publish is confirmed, an ack is settled, only once durable). Calls must be quick: the queue
 * waits for them.
 *
 * <p>The default records nothing: the broker is in memory.
 */
public interface QueueJournal {

    QueueJournal NONE = new QueueJournal() {
    };

    /** A journal record on its way to the device. */
    @FunctionalInterface
    interface Write {

        Write DONE = () -> { };

        /** Returns once the record is durable. @throws RuntimeException if it could not be written */
        void await();
    }

    /** A message made ready to be journalled into any number of queues (encoded once). */
    interface Prepared {
    }

    /**
     * Prepares a persistent message routed to at least one durable queue, before any queue lock
     * is taken. Returns null when this journal keeps nothing.
     *
     * @throws AmqpException PRECONDITION_FAILED if the message cannot be journalled (too large)
     */
    default Prepared prepare(Message message) {
        return null;
    }

    /**
     * A prepared message entered {@code queue} at {@code sequence} (increasing per queue).
     *
     * @param expiresAt epoch ms at which its TTL runs out, or {@code Long.MAX_VALUE}
     */
    default Write enqueued(String queue, long sequence, Prepared message, long expiresAt) {
        return Write.DONE;
    }

    /**
     * The messages at {@code sequences[0..count)} left {@code queue} for good: acked, dropped,
     * expired, dead-lettered or purged.
     */
    default Write removed(String queue, long[] sequences, int count) {
        return Write.DONE;
    }

    /** The messages at {@code sequences[0..count)} went back to {@code queue}, now returned {@code returns[i]} times. */
    default Write returned(String queue, long[] sequences, int[] returns, int count) {
        return Write.DONE;
    }

    /** {@code queue} was deleted with every message in it. */
    default Write queueDeleted(String queue) {
        return Write.DONE;
    }
}
