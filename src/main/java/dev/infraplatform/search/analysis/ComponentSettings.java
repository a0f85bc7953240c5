package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of one analysis component (an analyzer, tokenizer, token filter or char filter), as
 * given below {@code index.analysis.<kind>.<name>}, read with Elasticsearch's leniency: numbers and
 * booleans may be given as strings, a list setting may be a single string.
 *
 * @param kind {@code analyzer}, {@code tokenizer}, {@code filter} or {@code char_filter}
 * @param name the component's name ({@code _anonymous_…} for inline definitions)
 * @param values the settings as parsed JSON
 */
record ComponentSettings(String kind, String name, Map<String, Object> values) {

    static ComponentSettings empty(String kind, String name) {
        return new ComponentSettings(kind, name, Map.of());
    }

    String type() {
        Object type = values.get("type");
        return type == null ? null : type.toString();
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String string(String key, String defaultValue) {
        Object value = values.get(key);
        return value == null ? defaultValue : value.toString();
    }

    int integer(String key, int defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalSearchArgumentException("Failed to parse value [" + value + "] for setting ["
                    + setting(key) + "]");
        }
    }

    boolean bool(String key, boolean defaultValue) {
        Object value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toString()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalSearchArgumentException("Failed to parse value [" + value
                    + "] as only [true] or [false] are allowed.");
        };
    }

    /** A list of strings; a single value is a one-element list, a missing one {@code null}. */
    List<String> list(String key) {
        Object value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> items) {
            List<String> strings = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item instanceof Map<?, ?> || item instanceof List<?>) {
                    throw new IllegalSearchArgumentException("[" + setting(key) + "] must be a list of strings");
                }
                strings.add(String.valueOf(item));
            }
            return strings;
        }
        if (value instanceof Map<?, ?>) {
            throw new IllegalSearchArgumentException("[" + setting(key) + "] must be a string or a list of strings");
        }
        return List.of(value.toString());
    }

    /** The full setting name, as error messages show it. */
    String setting(String key) {
        return "index.analysis." + kind + "." + name + "." + key;
    }
}
