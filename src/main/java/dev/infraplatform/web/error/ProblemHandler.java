package dev.infraplatform.web.error;

import dev.infraplatform.storage.InsufficientStorageException;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import dev.infraplatform.storage.RecordTooLargeException;
import dev.infraplatform.storage.StorageException;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ApiExceptionTranslator;
import dev.infraplatform.web.ErrorCodes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where exceptions become problem+json. Spring MVC's own failures (unknown path,
 * wrong method or media type, unreadable body, validation) keep their status and get the
 * matching code; {@link ApiException} carries its own; a read outside a log is 400
 * {@code OFFSET_OUT_OF_RANGE}, a record above the log's limit 413; storage failures map to 507
 * (disk full) or 503; anything unexpected is logged with its stack trace and answered with a 500 that
 * reveals nothing about the server's internals.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final List<ApiExceptionTranslator> translators;

    ProblemHandler(List<ApiExceptionTranslator> translators) {
        this.translators = List.copyOf(translators);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> apiException(ApiException e) {
        ProblemDetail problem = Problems.of(e.status(), e.code(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler(RequestTooLargeException.class)
    ResponseEntity<ProblemDetail> requestTooLarge(RequestTooLargeException e) {
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, e.getMessage()));
    }

    @ExceptionHandler(InsufficientStorageException.class)
    ResponseEntity<ProblemDetail> diskFull(InsufficientStorageException e) {
        log.warn("Request refused, the data directory's device is full: {}", e.getMessage());
        return respond(Problems.of(HttpStatus.INSUFFICIENT_STORAGE, ErrorCodes.INSUFFICIENT_STORAGE,
                "The data directory's device is full; nothing was written. Free space and retry."));
    }

    @ExceptionHandler(OffsetOutOfRangeException.class)
    ResponseEntity<ProblemDetail> offsetOutOfRange(OffsetOutOfRangeException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ErrorCodes.OFFSET_OUT_OF_RANGE, e.getMessage());
        problem.setProperty("startOffset", e.startOffset());
        problem.setProperty("endOffset", e.endOffset());
        return respond(problem);
    }

    @ExceptionHandler(RecordTooLargeException.class)
    ResponseEntity<ProblemDetail> recordTooLarge(RecordTooLargeException e) {
        return respond(Problems.of(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, e.getMessage()));
    }

    @ExceptionHandler(StorageException.class)
    ResponseEntity<ProblemDetail> storageFailure(StorageException e) {
        log.error("Storage failure", e);
        return respond(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, ErrorCodes.STORAGE_ERROR,
                "The storage engine failed; nothing was written. Retry later."));
    }

    @ExceptionHandler({ConstraintViolationException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ProblemDetail> invalidArgument(Exception e) {
        String detail = e instanceof MethodArgumentTypeMismatchException mismatch
                ? "parameter '" + mismatch.getName() + "' has an invalid value '" + mismatch.getValue() + "'"
                : e.getMessage();
        return respond(Problems.of(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, detail));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        for (ApiExceptionTranslator translator : translators) {
            Optional<ApiException> translated = translator.translate(e);
            if (translated.isPresent()) {
                return apiException(translated.get());
            }
        }
        log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCodes.INTERNAL_ERROR,
                "An unexpected error occurred; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::fieldError)
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                errors.isEmpty() ? "the request is invalid" : describe(errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.<String, Object>of(
                                "field", result.getMethodParameter().getParameterName() == null ? ""
                                        : result.getMethodParameter().getParameterName(),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, describe(errors));
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return handleExceptionInternal(ex, Problems.of(HttpStatus.CONTENT_TOO_LARGE,
                        ErrorCodes.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), headers, HttpStatus.CONTENT_TOO_LARGE,
                        request);
            }
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, ErrorCodes.MALFORMED_REQUEST,
                "the request body is missing or is not valid JSON for this endpoint: " + readableCause(ex));
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    /**
     * Every Spring MVC failure passes here: give it a code and the problem media type. Status
     * codes Spring chose stay as they are.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            Problems.withCode(problem, ErrorCodes.forStatus(statusCode));
        }
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.addAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.handleExceptionInternal(ex, problem, responseHeaders, statusCode, request);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static Map<String, Object> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    private static String describe(List<Map<String, Object>> errors) {
        return String.join("; ", errors.stream().map(e -> e.get("field") + ": " + e.get("message")).toList());
    }

    /** The parser's own message, without class names or the Java stack. */
    private static String readableCause(HttpMessageNotReadableException ex) {
        Throwable root = ex.getMostSpecificCause();
        String message = root.getMessage() == null ? "unreadable body" : root.getMessage();
        int sourceMarker = message.indexOf(" at [Source");
        if (sourceMarker > 0) {
            message = message.substring(0, sourceMarker);
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
