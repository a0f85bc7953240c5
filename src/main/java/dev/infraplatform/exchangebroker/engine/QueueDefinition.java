package dev.infraplatform.exchangebroker.engine;

import java.util.Map;
import java.util.Objects;

/**
 * What a queue is declared with. A redeclare must be equivalent (same flags and arguments) or is
 * refused with PRECONDITION_FAILED.
 *
 * @param name the queue name; {@code ""} asks the broker to generate one ({@code amq.gen-…})
 * @param durable whether it survives a restart: kept by the broker's {@link TopologyStore}
 * @param exclusive owned by one consumer, as an AMQP exclusive queue by its connection (the engine
 *     has no connections; a consumer is the closest thing): while it has a consumer, opening
 *     another is RESOURCE_LOCKED, and the queue is deleted when that consumer goes. Never kept
 *     across restarts, even if declared durable
 * @param autoDelete deleted when its last consumer goes (once it has had one)
 * @param arguments {@code x-message-ttl}, {@code x-expires}, {@code x-max-length},
 *     {@code x-max-length-bytes}, {@code x-overflow}, {@code x-dead-letter-exchange},
 *     {@code x-dead-letter-routing-key}, {@code x-max-priority}, {@code x-delivery-limit}
 */
public record QueueDefinition(String name, boolean durable, boolean exclusive, boolean autoDelete,
                              Map<String, Object> arguments) {

    public QueueDefinition {
        Objects.requireNonNull(name, "name");
        arguments = Tables.copy(arguments);
    }

    public static QueueDefinition of(String name, Map<String, Object> arguments) {
        return new QueueDefinition(name, true, false, false, arguments);
    }

    boolean equivalentTo(QueueDefinition other) {
        return durable == other.durable && exclusive == other.exclusive && autoDelete == other.autoDelete
                && Tables.tablesEqual(arguments, other.arguments);
    }
}
