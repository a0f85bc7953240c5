package dev.infraplatform.exchangebroker.engine;

import java.util.Map;
import java.util.Objects;

/**
 * A binding of a queue to an exchange. Bindings are a set: binding the same
 * (exchange, queue, routing key, arguments) twice is one binding.
 *
 * @param exchange the source exchange
 * @param queue the destination queue
 * @param routingKey the binding key (a pattern for topic exchanges; ignored by fanout and headers)
 * @param arguments binding arguments ({@code x-match} and header values for headers exchanges);
 *     a null value matches any value of a present header
 */
public record Binding(String exchange, String queue, String routingKey, Map<String, Object> arguments) {

    public Binding {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(queue, "queue");
        routingKey = routingKey == null ? "" : routingKey;
        arguments = Tables.copy(arguments);
    }
}
