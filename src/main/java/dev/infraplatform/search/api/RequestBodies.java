package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.ParsingException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/** Reads the JSON objects of admin request bodies; an empty body is an empty object. */
final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RequestBodies() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        try {
            Object parsed = JSON.readValue(body, Object.class);
            if (parsed == null) {
                return Map.of();
            }
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            throw new ParsingException("Failed to parse content to map: " + e.getOriginalMessage());
        }
        throw new ParsingException("request body must be a JSON object");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> objectMember(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new ParsingException("[" + name + "] must be an object");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> source(byte[] source) {
        return (Map<String, Object>) JSON.readValue(source, Map.class);
    }
}
