package dev.infraplatform.exchangebroker.engine;

/**
 * A queue's counters at one instant.
 *
 * @param ready messages waiting for a consumer
 * @param unacked messages delivered and not yet settled
 * @param consumers open consumers
 * @param readyBytes payload bytes of the ready messages
 */
public record QueueStats(String name, long ready, long unacked, int consumers, long readyBytes) {
}
