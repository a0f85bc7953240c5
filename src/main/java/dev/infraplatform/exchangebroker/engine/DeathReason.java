package dev.infraplatform.exchangebroker.engine;

import java.util.Locale;

/** Why a message was dead-lettered, as RabbitMQ writes it in {@code x-death}. */
public enum DeathReason {
    REJECTED, EXPIRED, MAXLEN, DELIVERY_LIMIT;

    public String amqpName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
