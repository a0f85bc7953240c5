package dev.infraplatform.exchangebroker.engine;

import java.util.Map;
import java.util.Objects;

/**
 * A message as it travels: where it was last published (exchange and routing key), its body, its
 * headers and properties. Immutable; dead-lettering makes a new one.
 */
public record Message(String exchange, String routingKey, byte[] payload, Map<String, Object> headers,
                      MessageProperties properties) {

    public Message {
        Objects.requireNonNull(exchange, "exchange");
        routingKey = routingKey == null ? "" : routingKey;
        payload = payload == null ? new byte[0] : payload;
        headers = Tables.copy(headers);
        properties = properties == null ? MessageProperties.NONE : properties;
    }
}
