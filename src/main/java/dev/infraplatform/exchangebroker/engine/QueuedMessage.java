package dev.infraplatform.exchangebroker.engine;

import java.util.Comparator;

/**
 * A message in one queue: ready, or unacked by one consumer. Its sequence number is its position
 * in the queue for life, so a requeued message goes back where it was. Mutable fields are guarded
 * by the queue's lock.
 */
final class QueuedMessage {

    /** Delivery order: higher priority first, then first in, first out. */
    static final Comparator<QueuedMessage> ORDER = Comparator.comparingInt((QueuedMessage m) -> -m.priority)
            .thenComparingLong(m -> m.sequence);

    final long sequence;
    final int priority;
    final Message message;
    /** Epoch ms at which it expires, Long.MAX_VALUE for never. */
    final long expiresAt;
    /** Journalled: a persistent message in a durable queue. */
    final boolean persistent;
    /** Times it went back to the queue unsettled (counted against x-delivery-limit). */
    int returns;
    boolean redelivered;

    QueuedMessage(long sequence, int priority, Message message, long expiresAt, boolean persistent) {
        this.sequence = sequence;
        this.persistent = persistent;
        this.priority = priority;
        this.message = message;
        this.expiresAt = expiresAt;
    }

    int bytes() {
        return message.payload().length;
    }
}
