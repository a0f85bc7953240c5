package dev.infraplatform.exchangebroker.persistence;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMQP field tables (queue and binding arguments) as JSON text in the Catalog. Strings, booleans,
 * nulls, lists and maps come back as they went in, keys in their order; integral numbers come back
 * as Integer, Long or BigInteger by size (the engine compares integral numbers by value, so a Long
 * that fits an int is still the same argument); doubles come back as Double, NaN and the infinities
 * included. Other number types come back as the nearest of those.
 *
 * <p>The mappers are this package's own, not the application's: what is stored must not change
 * with how the REST layer is configured.
 */
final class FieldTables {

    private static final TypeReference<LinkedHashMap<String, Object>> TABLE = new TypeReference<>() {
    };

    // JSON has no NaN or infinity; Jackson would write them as strings, which read back as strings
    private static final JsonMapper STORED = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    // sorted keys: tables equal as the engine compares them (in any key order) give the same text
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private FieldTables() {
    }

    static String toJson(Map<String, Object> table) {
        return STORED.writeValueAsString(table);
    }

    static Map<String, Object> fromJson(String json) {
        return STORED.readValue(json, TABLE);
    }

    /**
     * SHA-256 (hex) of a binding's exchange, queue, routing key and arguments, the same for every
     * binding the engine holds equal to it: its arguments in any key order, its integral numbers of
     * any type.
     */
    static String fingerprint(String exchange, String queue, String routingKey, Map<String, Object> arguments) {
        // a JSON array keeps the parts apart: no two bindings give the same text
        String canonical = CANONICAL.writeValueAsString(List.of(exchange, queue, routingKey, arguments));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
