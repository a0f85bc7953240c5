package dev.infraplatform.web;

import org.springframework.http.HttpStatusCode;

/**
 * The stable {@code code} values shared by all modules (modules add their own, such as
 * {@code WRONGTYPE} or {@code OFFSET_OUT_OF_RANGE}).
 */
public final class ErrorCodes {

    public static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";
    public static final String MALFORMED_REQUEST = "MALFORMED_REQUEST";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    public static final String NOT_ACCEPTABLE = "NOT_ACCEPTABLE";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    public static final String ALREADY_EXISTS = "ALREADY_EXISTS";
    public static final String CONFLICT = "CONFLICT";
    public static final String PRECONDITION_FAILED = "PRECONDITION_FAILED";
    public static final String OFFSET_OUT_OF_RANGE = "OFFSET_OUT_OF_RANGE";
    public static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String INSUFFICIENT_STORAGE = "INSUFFICIENT_STORAGE";
    public static final String STORAGE_ERROR = "STORAGE_ERROR";

    private ErrorCodes() {
    }

    /** The generic code for an HTTP status, used when nothing more specific is known. */
    public static String forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> INVALID_ARGUMENT;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            case 504 -> TIMEOUT;
            case 507 -> INSUFFICIENT_STORAGE;
            default -> status.is4xxClientError() ? INVALID_ARGUMENT : INTERNAL_ERROR;
        };
    }
}
