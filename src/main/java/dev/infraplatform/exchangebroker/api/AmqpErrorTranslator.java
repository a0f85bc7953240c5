package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ApiExceptionTranslator;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * The exchange broker engine refuses with AMQP reply codes; this maps them to problem+json. Each
 * problem carries {@code amqpReplyCode} ({@code {"code": 406, "name": "PRECONDITION_FAILED"}}):
 * 404 NOT_FOUND → 404 {@code NOT_FOUND}; 406 PRECONDITION_FAILED (an inequivalent redeclare, a bad
 * argument, an unknown delivery tag, a resource in use) → 409 {@code PRECONDITION_FAILED};
 * 403 ACCESS_REFUSED (the default exchange, {@code amq.} names) → 403 {@code ACCESS_REFUSED};
 * 405 RESOURCE_LOCKED → 409 {@code RESOURCE_LOCKED}; 503 COMMAND_INVALID (an unknown exchange
 * type) → 400 {@code INVALID_ARGUMENT}.
 */
@Component
class AmqpErrorTranslator implements ApiExceptionTranslator {

    static final String ACCESS_REFUSED = "ACCESS_REFUSED";
    static final String RESOURCE_LOCKED = "RESOURCE_LOCKED";

    @Override
    public Optional<ApiException> translate(Throwable exception) {
        if (!(exception instanceof AmqpException amqp)) {
            return Optional.empty();
        }
        return Optional.of(toProblem(amqp));
    }

    static ApiException toProblem(AmqpException exception) {
        Map<String, Object> replyCode = Map.of("amqpReplyCode",
                Map.of("code", exception.replyCode().code(), "name", exception.replyCode().name()));
        String detail = exception.getMessage();
        return switch (exception.replyCode()) {
            case NOT_FOUND -> new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, detail, replyCode);
            case PRECONDITION_FAILED ->
                    new ApiException(HttpStatus.CONFLICT, ErrorCodes.PRECONDITION_FAILED, detail, replyCode);
            case ACCESS_REFUSED -> new ApiException(HttpStatus.FORBIDDEN, ACCESS_REFUSED, detail, replyCode);
            case RESOURCE_LOCKED -> new ApiException(HttpStatus.CONFLICT, RESOURCE_LOCKED, detail, replyCode);
            case COMMAND_INVALID ->
                    new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, detail, replyCode);
        };
    }
}
