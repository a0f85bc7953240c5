package dev.infraplatform.exchangebroker.engine;

import java.util.Locale;

/** The four AMQP 0-9-1 exchange types. */
public enum ExchangeType {
    /** Routes to bindings whose key equals the routing key. */
    DIRECT,
    /** Routes to every binding, ignoring the routing key. */
    FANOUT,
    /** Routes to bindings whose dot-separated pattern ({@code *} one word, {@code #} zero or more) matches. */
    TOPIC,
    /** Routes on message headers against binding arguments ({@code x-match}). */
    HEADERS;

    /** The AMQP name: {@code direct}, {@code fanout}, {@code topic}, {@code headers}. */
    public String amqpName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws AmqpException COMMAND_INVALID for an unknown type name, as RabbitMQ answers */
    public static ExchangeType of(String name) {
        for (ExchangeType type : values()) {
            if (type.amqpName().equals(name)) {
                return type;
            }
        }
        throw new AmqpException(ReplyCode.COMMAND_INVALID, "invalid exchange type '" + name + "'");
    }
}
