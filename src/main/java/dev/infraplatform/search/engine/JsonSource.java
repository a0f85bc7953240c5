package dev.infraplatform.search.engine;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document's {@code _source} read into maps, lists, strings, numbers ({@code Integer},
 * {@code Long} or {@code BigInteger} for whole numbers, {@code Double} otherwise), booleans and
 * nulls, with Jackson's streaming parser: every indexed document goes through it, so it skips
 * data binding. A key given twice is refused, as Elasticsearch refuses it.
 */
public final class JsonSource {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonSource() {
    }

    /**
     * @throws MapperParsingException if the bytes are not one JSON object
     */
    static Map<String, Object> parse(byte[] source) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), source)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MapperParsingException("failed to parse, document is empty or not a JSON object");
            }
            Map<String, Object> document = object(parser);
            if (parser.nextToken() != null) {
                throw new MapperParsingException("failed to parse");
            }
            return document;
        } catch (JacksonException e) {
            throw new MapperParsingException("failed to parse");
        }
    }

    /**
     * Reads the object whose {@code START_OBJECT} the parser has just read, as {@link #parse} reads
     * a whole source: for a caller reading many sources with one parser (a bulk body).
     *
     * @throws MapperParsingException if a key is given twice
     * @throws JacksonException if the JSON is malformed
     */
    public static Map<String, Object> readObject(JsonParser parser) {
        return object(parser);
    }

    /** The object whose START_OBJECT was just read. */
    private static Map<String, Object> object(JsonParser parser) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            int size = object.size();
            object.put(name, value(parser, parser.nextToken()));
            if (object.size() == size) {
                throw new MapperParsingException("failed to parse"); // a duplicate key (the map detects it: no detector per object)
            }
        }
        return object;
    }

    private static Object value(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                for (JsonToken element = parser.nextToken(); element != JsonToken.END_ARRAY;
                     element = parser.nextToken()) {
                    array.add(value(parser, element));
                }
                yield array;
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new MapperParsingException("failed to parse");
        };
    }
}
