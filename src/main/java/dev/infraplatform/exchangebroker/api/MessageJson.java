package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.engine.Delivery;
import dev.infraplatform.exchangebroker.engine.MessageProperties;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages in JSON. Header values (AMQP field-table values) travel as plain JSON: strings,
 * numbers, booleans, null, lists and maps (nested tables). AMQP timestamps, such as
 * {@code x-death[].time}, come out as epoch seconds, as RabbitMQ's HTTP API shows them; binary
 * header values come out base64-encoded.
 */
final class MessageJson {

    private MessageJson() {
    }

    /** The AMQP basic properties; all optional. */
    @Schema(example = "{\"messageId\": \"m-1\", \"correlationId\": \"c-1\", \"replyTo\": \"amq.gen-…\", "
            + "\"expiration\": \"60000\", \"priority\": 5, \"deliveryMode\": 2, \"contentType\": \"application/json\"}")
    record PropertiesJson(String contentType, String contentEncoding,
                          @Schema(description = "1 transient, 2 persistent") Integer deliveryMode,
                          @Schema(description = "0..255, effective up to the queue's x-max-priority") Integer priority,
                          String correlationId, String replyTo,
                          @Schema(description = "per-message TTL in ms, a decimal string (a number is accepted)")
                          Object expiration,
                          String messageId,
                          @Schema(description = "seconds since the epoch") Long timestamp,
                          String type, String userId, String appId) {

        MessageProperties toEngine() {
            return new MessageProperties(contentType, contentEncoding, deliveryMode, priority, correlationId, replyTo,
                    expiration == null ? null : expirationText(expiration), messageId, timestamp, type, userId, appId);
        }

        static PropertiesJson of(MessageProperties p) {
            return new PropertiesJson(p.contentType(), p.contentEncoding(), p.deliveryMode(), p.priority(),
                    p.correlationId(), p.replyTo(), p.expiration(), p.messageId(), p.timestamp(), p.type(), p.userId(),
                    p.appId());
        }

        private static String expirationText(Object value) {
            if (value instanceof String || value instanceof Integer || value instanceof Long) {
                return value.toString();
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "properties.expiration must be milliseconds as a string or an integer");
        }
    }

    record DeliveryJson(long deliveryTag, boolean redelivered, String exchange, String routingKey, String payload,
                        Map<String, Object> headers, PropertiesJson properties) {
    }

    static PropertiesJson properties(MessageProperties properties) {
        return PropertiesJson.of(properties);
    }

    static MessageProperties properties(PropertiesJson json) {
        return json == null ? MessageProperties.NONE : json.toEngine();
    }

    /** @throws ApiException 406 if a payload is not UTF-8 under {@code utf8} */
    static DeliveryJson delivery(Delivery delivery, BinaryEncoding encoding) {
        return new DeliveryJson(delivery.deliveryTag(), delivery.redelivered(), delivery.exchange(),
                delivery.routingKey(), encoding.encode(delivery.payload()), table(delivery.headers()),
                PropertiesJson.of(delivery.properties()));
    }

    /** A field table as JSON values. */
    static Map<String, Object> table(Map<String, Object> table) {
        Map<String, Object> json = new LinkedHashMap<>();
        table.forEach((key, value) -> json.put(key, value(value)));
        return json;
    }

    @SuppressWarnings("unchecked")
    private static Object value(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant.getEpochSecond();
            case byte[] bytes -> BinaryEncoding.BASE64.encode(bytes);
            case Map<?, ?> map -> table((Map<String, Object>) map);
            case List<?> list -> {
                List<Object> json = new ArrayList<>(list.size());
                list.forEach(element -> json.add(value(element)));
                yield json;
            }
            default -> value;
        };
    }
}
