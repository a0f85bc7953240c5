package dev.infraplatform.exchangebroker.engine;

/** The AMQP 0-9-1 reply codes the engine answers with, so that each front door maps them once. */
public enum ReplyCode {
    ACCESS_REFUSED(403),
    NOT_FOUND(404),
    RESOURCE_LOCKED(405),
    PRECONDITION_FAILED(406),
    COMMAND_INVALID(503);

    private final int code;

    ReplyCode(int code) {
        this.code = code;
    }

    /** The numeric AMQP reply code (403, 404, 405, 406, 503). */
    public int code() {
        return code;
    }
}
