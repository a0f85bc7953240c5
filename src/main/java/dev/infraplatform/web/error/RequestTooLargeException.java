package dev.infraplatform.web.error;

/** A request body grew past {@code infra.web.max-request-size} while it was being read. */
public class RequestTooLargeException extends RuntimeException {

    public RequestTooLargeException(long limit) {
        super("the request body exceeds the limit of " + limit + " bytes (infra.web.max-request-size)");
    }
}
