package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code _analyze} request, in Elasticsearch's terms: the {@code text} (one or more values),
 * and how to analyze it — a named {@code analyzer}, the analyzer of a mapped {@code field}, or an
 * ad hoc chain of {@code tokenizer}, {@code filter} and {@code char_filter} (names or inline
 * definitions). With none of these, the index's default analyzer.
 */
public record AnalyzeRequest(List<String> texts, String analyzer, String field, Object tokenizer,
                             List<Object> filters, List<Object> charFilters, String normalizer) {

    public AnalyzeRequest {
        texts = List.copyOf(texts);
        filters = List.copyOf(filters);
        charFilters = List.copyOf(charFilters);
    }

    /** A request with a named analyzer only. */
    public static AnalyzeRequest withAnalyzer(String analyzer, String... texts) {
        return new AnalyzeRequest(List.of(texts), analyzer, null, null, List.of(), List.of(), null);
    }

    /** A request for a field's analyzer. */
    public static AnalyzeRequest forField(String field, String... texts) {
        return new AnalyzeRequest(List.of(texts), null, field, null, List.of(), List.of(), null);
    }

    /**
     * Reads an {@code _analyze} body as Elasticsearch does, refusing what Elasticsearch refuses:
     * unknown members, a missing {@code text}, an analyzer together with a tokenizer or filters, and
     * {@code explain} (not supported here).
     *
     * @throws AnalyzeRequestException on a bad body
     */
    public static AnalyzeRequest parse(Map<String, Object> body) {
        List<String> texts = null;
        String analyzer = null;
        String field = null;
        String normalizer = null;
        Object tokenizer = null;
        List<Object> filters = List.of();
        List<Object> charFilters = List.of();
        for (Map.Entry<String, Object> member : body.entrySet()) {
            Object value = member.getValue();
            switch (member.getKey()) {
                case "text" -> texts = texts(value);
                case "analyzer" -> analyzer = string("analyzer", value);
                case "field" -> field = string("field", value);
                case "normalizer" -> normalizer = string("normalizer", value);
                case "tokenizer" -> tokenizer = component("tokenizer", value);
                case "filter", "token_filter" -> filters = components(member.getKey(), value);
                case "char_filter" -> charFilters = components("char_filter", value);
                case "explain" -> {
                    if (Boolean.parseBoolean(String.valueOf(value))) {
                        throw new IllegalSearchArgumentException("[explain] is not supported");
                    }
                }
                case "attributes" -> components("attributes", value);
                default -> throw AnalyzeRequestException.parse("[analyze_request] unknown field [" + member.getKey() + "]");
            }
        }
        if (texts == null || texts.isEmpty()) {
            throw AnalyzeRequestException.validation("text is missing");
        }
        if (analyzer != null && (tokenizer != null || !filters.isEmpty() || !charFilters.isEmpty())) {
            throw AnalyzeRequestException.validation("custom tokenizer or filters cannot be specified if a named "
                    + "analyzer is used");
        }
        if (normalizer != null) {
            throw new IllegalSearchArgumentException("[normalizer] is not supported");
        }
        return new AnalyzeRequest(texts, analyzer, field, tokenizer, filters, charFilters, null);
    }

    private static List<String> texts(Object value) {
        if (value instanceof List<?> items) {
            List<String> texts = new ArrayList<>(items.size());
            for (Object item : items) {
                if (item instanceof Map<?, ?> || item instanceof List<?> || item == null) {
                    throw AnalyzeRequestException.parse("[analyze_request] failed to parse field [text]");
                }
                texts.add(item.toString());
            }
            return texts;
        }
        if (value == null || value instanceof Map<?, ?>) {
            throw AnalyzeRequestException.parse("[analyze_request] failed to parse field [text]");
        }
        return List.of(value.toString());
    }

    private static String string(String name, Object value) {
        if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
            throw AnalyzeRequestException.parse("[analyze_request] " + name + " doesn't support values of type: "
                    + (value instanceof Map<?, ?> ? "START_OBJECT" : value instanceof List<?> ? "START_ARRAY" : "VALUE_NULL"));
        }
        return value.toString();
    }

    private static Object component(String name, Object value) {
        if (value instanceof Map<?, ?> || value instanceof String) {
            return value;
        }
        throw AnalyzeRequestException.parse("[analyze_request] " + name + " must be a name or an object");
    }

    private static List<Object> components(String name, Object value) {
        if (value == null) {
            return List.of();
        }
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        List<Object> result = new ArrayList<>(items.size());
        for (Object item : items) {
            result.add(component(name, item));
        }
        return result;
    }
}
