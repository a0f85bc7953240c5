package dev.infraplatform.search.ingest;

import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A string that may reference document fields the way Elasticsearch's ingest templates do with
 * Mustache: {@code {{field}}} (the value JSON-escaped, as Elasticsearch's default template content
 * type does) and {@code {{{field}}}} (raw), with dotted paths, {@code _ingest.*} and the metadata
 * fields. A missing field renders as the empty string, as in Mustache. Sections, partials and
 * lambdas are not supported (no scripting); such a template is refused when the pipeline is defined.
 * Parsed once per processor; rendering is linear in the template's length.
 */
final class Template {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A literal run of text, or a field reference ({@code field != null}). */
    private record Part(String text, String field, boolean escape) {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * @throws IngestConfigurationException if the template uses Mustache beyond field references
     */
    static Template parse(String processorType, String tag, String property, String text) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Part(text.substring(at), null, false));
                break;
            }
            if (open > at) {
                parts.add(new Part(text.substring(at, open), null, false));
            }
            boolean triple = text.startsWith("{{{", open);
            String closing = triple ? "}}}" : "}}";
            int close = text.indexOf(closing, open + closing.length());
            if (close < 0) {
                throw new IngestConfigurationException(processorType, tag, property,
                        "Improperly closed variable in template [" + text + "]");
            }
            String name = text.substring(open + closing.length(), close).trim();
            if (name.isEmpty() || "#^/!>&=".indexOf(name.charAt(0)) >= 0) {
                throw new IngestConfigurationException(processorType, tag, property, "template [" + text
                        + "] is not supported: only field references such as {{field}} are (no scripting)");
            }
            parts.add(new Part(null, name, !triple));
            at = close + closing.length();
        }
        return new Template(text, List.copyOf(parts));
    }

    /** Whether the text holds a field reference (else it is a constant). */
    boolean isConstant() {
        return parts.stream().allMatch(part -> part.field() == null);
    }

    String source() {
        return source;
    }

    String render(IngestDocument document) {
        if (parts.size() == 1 && parts.getFirst().field() == null) {
            return source;
        }
        StringBuilder out = new StringBuilder(source.length() + 16);
        for (Part part : parts) {
            if (part.field() == null) {
                out.append(part.text());
                continue;
            }
            Object value;
            try {
                value = document.getFieldValue(part.field(), true);
            } catch (IllegalArgumentException e) {
                value = null;
            }
            if (value == null) {
                continue;
            }
            String text = value instanceof Map<?, ?> || value instanceof List<?> ? JSON.writeValueAsString(value)
                    : value.toString();
            if (part.escape()) {
                String quoted = JSON.writeValueAsString(text);
                text = quoted.substring(1, quoted.length() - 1);
            }
            out.append(text);
        }
        return out.toString();
    }
}
