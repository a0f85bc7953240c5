package dev.infraplatform.exchangebroker.engine;

import java.util.LinkedHashMap;

/**
 * A consumer of one queue: its prefetch window and the deliveries it has not settled, in delivery
 * order. Guarded by its queue's lock.
 */
final class QueueConsumer {

    final String tag;
    final MessageQueue queue;
    /** Most unacked deliveries at once; 0 is unlimited. */
    final int prefetch;
    /** Silent this long with nothing settled, it is closed and its deliveries requeued; 0 never. */
    final long ackTimeoutMs;
    final LinkedHashMap<Long, QueuedMessage> unacked = new LinkedHashMap<>();
    long lastDeliveryTag;
    long lastActivity;
    /** Written under the queue's lock; volatile so the broker's tag table can see it without. */
    volatile boolean closed;

    QueueConsumer(String tag, MessageQueue queue, int prefetch, long ackTimeoutMs, long now) {
        this.tag = tag;
        this.queue = queue;
        this.prefetch = prefetch;
        this.ackTimeoutMs = ackTimeoutMs;
        this.lastActivity = now;
    }

    int capacity() {
        return prefetch == 0 ? Integer.MAX_VALUE : Math.max(0, prefetch - unacked.size());
    }
}
