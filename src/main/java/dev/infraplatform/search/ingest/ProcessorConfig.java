package dev.infraplatform.search.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One processor's options while its definition is read: each read consumes the option, so that
 * options left over at the end are reported as Elasticsearch does ("processor [set] doesn't support
 * one or more provided configuration parameters [x]"). Errors are {@link IngestConfigurationException}s
 * with Elasticsearch's messages ("[field] required property is missing").
 */
final class ProcessorConfig {

    private final String type;
    private final String tag;
    private final Map<String, Object> options;

    ProcessorConfig(String type, String tag, Map<String, Object> options) {
        this.type = type;
        this.tag = tag;
        this.options = new LinkedHashMap<>(options);
    }

    String type() {
        return type;
    }

    String tag() {
        return tag;
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    IngestConfigurationException error(String property, String reason) {
        return new IngestConfigurationException(type, tag, property, reason);
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw error(name, "required property is missing");
        }
        return value;
    }

    String optionalString(String name) {
        Object value = options.remove(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw error(name, "property isn't a string, but of type [" + value.getClass().getName() + "]");
    }

    String string(String name, String defaultValue) {
        String value = optionalString(name);
        return value == null ? defaultValue : value;
    }

    boolean bool(String name, boolean defaultValue) {
        Object value = options.remove(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw error(name, "property isn't a boolean, but of type [" + value.getClass().getName() + "]");
    }

    /** A required, non-empty list of strings. */
    List<String> requiredStrings(String name) {
        Object value = options.remove(name);
        if (value == null) {
            throw error(name, "required property is missing");
        }
        if (!(value instanceof List<?> list)) {
            throw error(name, "property isn't a list, but of type [" + value.getClass().getName() + "]");
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof String text)) {
                throw error(name, "property isn't a list of strings");
            }
            strings.add(text);
        }
        return strings;
    }

    /** A string or a list of strings (as {@code remove}'s {@code field}); null if absent. */
    List<String> stringOrStrings(String name) {
        Object value = options.get(name);
        if (value == null) {
            options.remove(name);
            return null;
        }
        if (value instanceof String text) {
            options.remove(name);
            return List.of(text);
        }
        return requiredStrings(name);
    }

    /** A map of strings to strings (as grok's {@code pattern_definitions}); empty if absent. */
    Map<String, String> stringMap(String name) {
        Object value = options.remove(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw error(name, "property isn't a map, but of type [" + value.getClass().getName() + "]");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((key, definition) -> {
            if (!(definition instanceof String text)) {
                throw error(name, "property isn't a map of strings");
            }
            strings.put(key.toString(), text);
        });
        return strings;
    }

    /** Any JSON value (as {@code set}'s {@code value}); null if absent. */
    Object value(String name) {
        return options.remove(name);
    }

    Template template(String name, String text) {
        return Template.parse(type, tag, name, text);
    }

    /** Refuses options no read consumed. */
    void checkConsumed() {
        if (!options.isEmpty()) {
            throw new IngestConfigurationException(type, tag, null, "processor [" + type
                    + "] doesn't support one or more provided configuration parameters " + options.keySet());
        }
    }
}
