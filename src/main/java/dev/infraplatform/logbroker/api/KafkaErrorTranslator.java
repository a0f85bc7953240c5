package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.engine.PartitionDecreaseException;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ApiExceptionTranslator;
import dev.infraplatform.web.ErrorCodes;
import org.apache.kafka.common.protocol.Errors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * The log broker engine speaks Kafka's errors; this maps them to problem+json. Each problem carries
 * the Kafka error name as {@code kafkaError}; the {@code code} is the platform's shared one where
 * one fits ({@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code INVALID_ARGUMENT}) and Kafka's name
 * otherwise ({@code OUT_OF_ORDER_SEQUENCE}, {@code INVALID_PRODUCER_EPOCH}, {@code ILLEGAL_GENERATION},
 * {@code UNKNOWN_MEMBER_ID}, …).
 */
@Component
class KafkaErrorTranslator implements ApiExceptionTranslator {

    @Override
    public Optional<ApiException> translate(Throwable exception) {
        if (!(exception instanceof org.apache.kafka.common.errors.ApiException kafka)) {
            return Optional.empty();
        }
        return Optional.of(toProblem(kafka));
    }

    static ApiException toProblem(org.apache.kafka.common.errors.ApiException exception) {
        Errors error = Errors.forException(exception);
        Map<String, Object> kafkaError = Map.of("kafkaError", error.name());
        String detail = exception.getMessage();
        if (exception instanceof PartitionDecreaseException) {
            return new ApiException(HttpStatus.CONFLICT, "INVALID_PARTITIONS", detail, kafkaError);
        }
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, GROUP_ID_NOT_FOUND ->
                    new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, detail, kafkaError);
            case TOPIC_ALREADY_EXISTS -> new ApiException(HttpStatus.CONFLICT, ErrorCodes.ALREADY_EXISTS, detail, kafkaError);
            case INVALID_TOPIC_EXCEPTION, INVALID_CONFIG, INVALID_REQUEST, INVALID_PARTITIONS, INVALID_RECORD,
                 INVALID_SESSION_TIMEOUT, INVALID_GROUP_ID ->
                    new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, detail, kafkaError);
            case OFFSET_OUT_OF_RANGE -> new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.OFFSET_OUT_OF_RANGE, detail,
                    kafkaError);
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> new ApiException(HttpStatus.CONFLICT, "OUT_OF_ORDER_SEQUENCE", detail,
                    kafkaError);
            case RECORD_LIST_TOO_LARGE, MESSAGE_TOO_LARGE ->
                    new ApiException(HttpStatus.CONTENT_TOO_LARGE, ErrorCodes.PAYLOAD_TOO_LARGE, detail, kafkaError);
            case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED, UNKNOWN_PRODUCER_ID, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID,
                 STALE_MEMBER_EPOCH, FENCED_MEMBER_EPOCH, NON_EMPTY_GROUP, GROUP_MAX_SIZE_REACHED, REBALANCE_IN_PROGRESS ->
                    new ApiException(HttpStatus.CONFLICT, error.name(), detail, kafkaError);
            default -> new ApiException(HttpStatus.BAD_REQUEST, error.name(), detail, kafkaError);
        };
    }
}
