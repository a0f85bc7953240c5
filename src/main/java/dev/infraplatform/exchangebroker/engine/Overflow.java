package dev.infraplatform.exchangebroker.engine;

/** What a full queue ({@code x-max-length}/{@code x-max-length-bytes}) does with one more message. */
enum Overflow {
    /** Accept it and drop (dead-letter, reason {@code maxlen}) the oldest. RabbitMQ's default. */
    DROP_HEAD("drop-head"),
    /** Refuse it: the publisher's confirm is a nack. */
    REJECT_PUBLISH("reject-publish"),
    /** Refuse it and dead-letter it (reason {@code maxlen}). */
    REJECT_PUBLISH_DLX("reject-publish-dlx");

    final String amqpName;

    Overflow(String amqpName) {
        this.amqpName = amqpName;
    }

    static Overflow of(Object value) {
        for (Overflow overflow : values()) {
            if (overflow.amqpName.equals(value)) {
                return overflow;
            }
        }
        throw AmqpException.preconditionFailed("invalid arg 'x-overflow': " + value);
    }
}
