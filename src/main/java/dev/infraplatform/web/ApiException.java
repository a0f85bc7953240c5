package dev.infraplatform.web;

import org.springframework.http.HttpStatusCode;

import java.util.Map;

/**
 * An error a controller reports to the client as problem+json: the HTTP status, a stable
 * machine-readable {@code code} (such as {@code NOT_FOUND} or {@code WRONGTYPE}) and a
 * human-readable detail, plus optional extra members of the problem document.
 */
public class ApiException extends RuntimeException {

    private final HttpStatusCode status;
    private final String code;
    private final Map<String, Object> properties;

    public ApiException(HttpStatusCode status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ApiException(HttpStatusCode status, String code, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public HttpStatusCode status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
