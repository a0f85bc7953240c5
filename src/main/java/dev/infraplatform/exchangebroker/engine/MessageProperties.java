package dev.infraplatform.exchangebroker.engine;

/**
 * The AMQP 0-9-1 basic properties other than headers (which travel separately). Every field may
 * be null.
 *
 * @param expiration per-message TTL in milliseconds, as a decimal string (RabbitMQ's format)
 * @param priority 0..255; effective only up to the queue's {@code x-max-priority}
 * @param deliveryMode 1 transient, 2 persistent
 * @param timestamp seconds since the epoch (AMQP timestamp)
 */
public record MessageProperties(String contentType, String contentEncoding, Integer deliveryMode, Integer priority,
                                String correlationId, String replyTo, String expiration, String messageId,
                                Long timestamp, String type, String userId, String appId) {

    public static final MessageProperties NONE =
            new MessageProperties(null, null, null, null, null, null, null, null, null, null, null, null);

    public MessageProperties withExpiration(String value) {
        return new MessageProperties(contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo,
                value, messageId, timestamp, type, userId, appId);
    }

    /** These properties addressed for a reply: {@code replyTo} and {@code correlationId} set. */
    public MessageProperties withReplyTo(String queue, String correlation) {
        return new MessageProperties(contentType, contentEncoding, deliveryMode, priority, correlation, queue,
                expiration, messageId, timestamp, type, userId, appId);
    }

    public MessageProperties withDeliveryMode(Integer value) {
        return new MessageProperties(contentType, contentEncoding, value, priority, correlationId, replyTo,
                expiration, messageId, timestamp, type, userId, appId);
    }

    /** Whether it is to survive a restart in a durable queue: delivery mode 2. */
    public boolean persistent() {
        return deliveryMode != null && deliveryMode == 2;
    }

    public MessageProperties withPriority(Integer value) {
        return new MessageProperties(contentType, contentEncoding, deliveryMode, value, correlationId, replyTo,
                expiration, messageId, timestamp, type, userId, appId);
    }

    /** The per-message TTL in ms, or -1 for none. @throws AmqpException PRECONDITION_FAILED if malformed */
    long expirationMillis() {
        if (expiration == null) {
            return -1;
        }
        try {
            long value = Long.parseLong(expiration);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw AmqpException.preconditionFailed("invalid expiration '" + expiration + "'");
    }
}
