package dev.infraplatform.logbroker.engine;

import org.apache.kafka.common.errors.InvalidPartitionsException;

/** Asked for fewer partitions than a topic has: Kafka's {@code INVALID_PARTITIONS}, a conflict with the topic's state. */
public class PartitionDecreaseException extends InvalidPartitionsException {

    public PartitionDecreaseException(String message) {
        super(message);
    }
}
