package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.ClusterBlockException;
import dev.infraplatform.search.engine.DocumentMissingException;
import dev.infraplatform.search.engine.IndexNotFoundException;
import dev.infraplatform.search.engine.SearchException;
import dev.infraplatform.search.engine.VersionConflictException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search API speaks Elasticsearch's error dialect, not the platform's problem+json: this advice
 * applies to this package's controllers only and runs before the platform's {@code ProblemHandler}.
 * Shape: {@code {"error": {"root_cause": [{type, reason, …}], "type", "reason", …}, "status": N}}.
 * Failures it does not claim (storage failures, unexpected errors) still answer problem+json.
 */
@RestControllerAdvice(basePackageClasses = ElasticsearchErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ElasticsearchErrors {

    @ExceptionHandler(SearchException.class)
    ResponseEntity<Map<String, Object>> searchException(SearchException e) {
        Map<String, Object> cause = cause(e.type(), e.getMessage());
        e.orderedMetadata().forEach(entry -> cause.put(entry.getKey(), entry.getValue()));
        return respond(statusOf(e), cause);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, Object>> badParameter(Exception e) {
        String reason = e instanceof MethodArgumentTypeMismatchException mismatch
                ? "Failed to parse value [" + mismatch.getValue() + "] for parameter [" + mismatch.getName() + "]"
                : e.getMessage();
        return respond(HttpStatus.BAD_REQUEST, cause("illegal_argument_exception", reason));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        return respond(HttpStatus.BAD_REQUEST, cause("parse_exception", "request body is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.NOT_ACCEPTABLE, cause("media_type_header_exception",
                "Content-Type header [" + e.getContentType() + "] is not supported"));
    }

    static HttpStatus statusOf(SearchException e) {
        if (e instanceof IndexNotFoundException || e instanceof DocumentMissingException
                || e instanceof dev.infraplatform.search.engine.AliasesNotFoundException) {
            return HttpStatus.NOT_FOUND;
        }
        if (e instanceof VersionConflictException) {
            return HttpStatus.CONFLICT;
        }
        if (e instanceof ClusterBlockException block) {
            return block.retryable() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.FORBIDDEN;
        }
        return HttpStatus.BAD_REQUEST;
    }

    private static Map<String, Object> cause(String type, String reason) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("type", type);
        cause.put("reason", reason);
        return cause;
    }

    private static ResponseEntity<Map<String, Object>> respond(HttpStatus status, Map<String, Object> cause) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("root_cause", List.of(cause));
        error.putAll(cause);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("status", status.value());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
