package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.ParsingException;
import dev.infraplatform.search.engine.QueryParsingException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
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

    /**
     * A request's list of names ({@code stored_fields}, {@code docvalue_fields}, …): one
     * comma-separated string or an array of strings.
     *
     * @throws QueryParsingException on anything else
     */
    static List<String> names(Object value, String option) {
        if (value instanceof String text) {
            return List.of(text.split(","));
        }
        if (value instanceof List<?> list) {
            List<String> names = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String name)) {
                    throw new QueryParsingException("Expected [VALUE_STRING] in [" + option + "] but found [" + item
                            + "]");
                }
                names.add(name);
            }
            return names;
        }
        throw new QueryParsingException("Expected [VALUE_STRING] or [START_ARRAY] in [" + option + "]");
    }
}
