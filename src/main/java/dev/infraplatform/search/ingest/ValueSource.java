package dev.infraplatform.search.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configured value ({@code set}'s and {@code append}'s {@code value}): any JSON value whose strings,
 * also inside objects and lists, may be {@link Template}s. Each document gets a fresh copy, so
 * documents never share mutable objects.
 */
final class ValueSource {

    private final Object value;

    private ValueSource(Object value) {
        this.value = value;
    }

    static ValueSource of(ProcessorConfig config, String property, Object raw) {
        return new ValueSource(compile(config, property, raw));
    }

    private static Object compile(ProcessorConfig config, String property, Object raw) {
        if (raw instanceof String text) {
            Template template = config.template(property, text);
            return template.isConstant() ? text : template;
        }
        if (raw instanceof Map<?, ?> map) {
            Map<Object, Object> compiled = new LinkedHashMap<>();
            map.forEach((key, element) -> compiled.put(compile(config, property, key), compile(config, property, element)));
            return compiled;
        }
        if (raw instanceof List<?> list) {
            List<Object> compiled = new ArrayList<>(list.size());
            list.forEach(element -> compiled.add(compile(config, property, element)));
            return compiled;
        }
        return raw;
    }

    Object resolve(IngestDocument document) {
        return resolve(value, document);
    }

    private static Object resolve(Object value, IngestDocument document) {
        if (value instanceof Template template) {
            return template.render(document);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> resolved = new LinkedHashMap<>();
            map.forEach((key, element) -> resolved.put(String.valueOf(resolve(key, document)), resolve(element, document)));
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>(list.size());
            list.forEach(element -> resolved.add(resolve(element, document)));
            return resolved;
        }
        return value;
    }
}
