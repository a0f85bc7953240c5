package dev.infraplatform.search.aggregation;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An aggregation's parameters, remembering which were read so that the others can be refused. */
final class AggregationParams {

    final String name;
    final String type;
    private final Map<String, Object> values;
    private final Set<String> read = new HashSet<>();

    AggregationParams(String name, String type, Map<String, Object> values) {
        this.name = name;
        this.type = type;
        this.values = new LinkedHashMap<>(values);
    }

    Object get(String key) {
        read.add(key);
        return values.get(key);
    }

    String string(String key) {
        Object value = get(key);
        return value == null ? null : value.toString();
    }

    long longValue(String key, long defaults) {
        Object value = get(key);
        if (value == null) {
            return defaults;
        }
        return (long) number(value, key);
    }

    boolean bool(String key, boolean defaults) {
        Object value = get(key);
        if (value == null) {
            return defaults;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new AggregationParsingException("x_content_parse_exception", "[" + type
                    + "] failed to parse field [" + key + "]: [" + value + "] is not a boolean");
        };
    }

    void rejectUnknown() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                throw new AggregationParsingException("x_content_parse_exception", "[" + type + "] unknown field ["
                        + key + "]");
            }
        }
    }

    /** A number parameter (or a number in one), also from a string. */
    double number(Object value, String what) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new AggregationParsingException("x_content_parse_exception", "[" + type + "] failed to parse field ["
                    + what + "]: [" + value + "] is not a number");
        }
    }
}
