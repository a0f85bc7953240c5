package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.ParsingException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/** Reads request bodies, and the JSON objects of admin request bodies (an empty body is an empty object). */
final class RequestBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RequestBodies() {
    }

    /**
     * The request's body in one array of exactly its {@code Content-Length} (a large body, such as
     * a bulk request's, is not gathered in chunks and copied); without a length, as it comes.
     */
    static byte[] read(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        InputStream in = request.getInputStream();
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            return in.readAllBytes();
        }
        byte[] body = new byte[(int) length];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
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
