package dev.infraplatform.exchangebroker.engine;

import java.util.Map;

/**
 * A queue's state at one instant, and its lifetime counters.
 *
 * @param ready messages waiting for a consumer
 * @param unacked messages delivered and not yet settled
 * @param consumers open consumers
 * @param readyBytes payload bytes of the ready messages
 * @param delivered deliveries to consumers since the queue was declared (or the broker started)
 * @param redelivered of those, deliveries of messages delivered before
 * @param acked deliveries acknowledged
 * @param deadLettered messages dead-lettered (sent to the queue's dead-letter exchange), by reason
 */
public record QueueStats(String name, long ready, long unacked, int consumers, long readyBytes, long delivered,
                         long redelivered, long acked, Map<DeathReason, Long> deadLettered) {

    public QueueStats {
        deadLettered = Map.copyOf(deadLettered);
    }
}
