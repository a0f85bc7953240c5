package dev.infraplatform.exchangebroker.engine;

import java.util.Map;

/**
 * A queue's {@code x-} arguments, validated as RabbitMQ validates them (a wrong type or range is
 * PRECONDITION_FAILED). Unknown arguments are kept in the definition and ignored, as RabbitMQ does.
 * -1 means "not set" for the numeric limits.
 */
record QueueArguments(long messageTtl, long expires, long maxLength, long maxLengthBytes, Overflow overflow,
                      String deadLetterExchange, String deadLetterRoutingKey, int maxPriority, long deliveryLimit) {

    static QueueArguments parse(Map<String, Object> arguments) {
        long messageTtl = nonNegative(arguments, "x-message-ttl");
        long expires = nonNegative(arguments, "x-expires");
        if (expires == 0) {
            throw AmqpException.preconditionFailed("invalid arg 'x-expires': value 0 must be positive");
        }
        long maxLength = nonNegative(arguments, "x-max-length");
        long maxLengthBytes = nonNegative(arguments, "x-max-length-bytes");
        Object overflowArgument = arguments.get("x-overflow");
        Overflow overflow = overflowArgument == null ? Overflow.DROP_HEAD : Overflow.of(overflowArgument);
        String dlx = string(arguments, "x-dead-letter-exchange");
        String dlrk = string(arguments, "x-dead-letter-routing-key");
        if (dlrk != null && dlx == null) {
            throw AmqpException.preconditionFailed("invalid arg 'x-dead-letter-routing-key': "
                    + "x-dead-letter-exchange must also be set");
        }
        long maxPriority = nonNegative(arguments, "x-max-priority");
        if (maxPriority > 255) {
            throw AmqpException.preconditionFailed("invalid arg 'x-max-priority': " + maxPriority + " is above 255");
        }
        long deliveryLimit = nonNegative(arguments, "x-delivery-limit");
        return new QueueArguments(messageTtl, expires, maxLength, maxLengthBytes, overflow, dlx, dlrk,
                (int) Math.max(maxPriority, 0), deliveryLimit);
    }

    boolean bounded() {
        return maxLength >= 0 || maxLengthBytes >= 0;
    }

    private static long nonNegative(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return -1;
        }
        if (!(value instanceof Number number) || !Tables.isIntegral(number)) {
            throw AmqpException.preconditionFailed("invalid arg '" + name + "': " + value + " is not an integer");
        }
        if (number.longValue() < 0) {
            throw AmqpException.preconditionFailed("invalid arg '" + name + "': " + value + " is negative");
        }
        return number.longValue();
    }

    private static String string(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw AmqpException.preconditionFailed("invalid arg '" + name + "': " + value + " is not a string");
        }
        return s;
    }
}
