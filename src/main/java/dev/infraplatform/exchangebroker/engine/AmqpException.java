package dev.infraplatform.exchangebroker.engine;

/**
 * A refused operation, carrying the AMQP reply code RabbitMQ would close the channel with
 * (e.g. {@code 406 PRECONDITION_FAILED} for an inequivalent redeclare). The engine's state is
 * unchanged when this is thrown.
 */
public final class AmqpException extends RuntimeException {

    private final ReplyCode replyCode;

    public AmqpException(ReplyCode replyCode, String message) {
        super(message);
        this.replyCode = replyCode;
    }

    public ReplyCode replyCode() {
        return replyCode;
    }

    public static AmqpException notFound(String message) {
        return new AmqpException(ReplyCode.NOT_FOUND, message);
    }

    public static AmqpException preconditionFailed(String message) {
        return new AmqpException(ReplyCode.PRECONDITION_FAILED, message);
    }

    public static AmqpException accessRefused(String message) {
        return new AmqpException(ReplyCode.ACCESS_REFUSED, message);
    }
}
