package dev.infraplatform.logbroker.engine;

/**
 * An idempotent producer's id and epoch, as Kafka's InitProducerId hands them out. A newer epoch
 * of the same id fences the older one.
 */
public record ProducerIdentity(long producerId, short producerEpoch) {
}
