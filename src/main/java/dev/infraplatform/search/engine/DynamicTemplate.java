package dev.infraplatform.search.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One of a mapping's {@code dynamic_templates}, as Elasticsearch's: a named rule giving the mapping
 * of a new field that matches it. Conditions (all that are set must hold): {@code match} /
 * {@code unmatch} on the field's name, {@code path_match} / {@code path_unmatch} on its dotted path
 * ({@code *} wildcards, or regular expressions with {@code match_pattern: regex}), and
 * {@code match_mapping_type} on the JSON type dynamic mapping detected ({@code string},
 * {@code long}, {@code double}, {@code boolean}, {@code date}, {@code object}, or {@code *}). The
 * {@code mapping} may use the placeholders {@code {name}} and {@code {dynamic_type}}. The first
 * template that matches wins. Immutable.
 */
public record DynamicTemplate(String name, List<String> match, List<String> unmatch, List<String> pathMatch,
                              List<String> pathUnmatch, String matchMappingType, boolean regex,
                              Map<String, Object> mapping) {

    private static final List<String> MAPPING_TYPES = List.of("object", "string", "long", "double", "boolean",
            "date", "binary", "*");

    /** Parses {@code dynamic_templates}: a list of single-entry objects {@code {"<name>": {…}}}. */
    static List<DynamicTemplate> parseAll(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new MapperParsingException("Dynamic template syntax error. An array of named objects is expected.");
        }
        return list.stream().map(DynamicTemplate::parse).toList();
    }

    private static DynamicTemplate parse(Object entry) {
        if (!(entry instanceof Map<?, ?> named) || named.size() != 1) {
            throw new MapperParsingException("Dynamic template syntax error. An array of named objects is expected.");
        }
        Map.Entry<?, ?> only = named.entrySet().iterator().next();
        String name = String.valueOf(only.getKey());
        Map<String, Object> body = Mapping.asMap(only.getValue(), name);
        List<String> match = List.of();
        List<String> unmatch = List.of();
        List<String> pathMatch = List.of();
        List<String> pathUnmatch = List.of();
        String mappingType = null;
        boolean regex = false;
        Map<String, Object> mapping = null;
        for (Map.Entry<String, Object> parameter : body.entrySet()) {
            switch (parameter.getKey()) {
                case "match" -> match = strings(parameter.getValue());
                case "unmatch" -> unmatch = strings(parameter.getValue());
                case "path_match" -> pathMatch = strings(parameter.getValue());
                case "path_unmatch" -> pathUnmatch = strings(parameter.getValue());
                case "match_mapping_type" -> {
                    mappingType = String.valueOf(parameter.getValue());
                    if (!MAPPING_TYPES.contains(mappingType)) {
                        throw new MapperParsingException("No field type matched on [" + mappingType
                                + "], possible values are " + MAPPING_TYPES.subList(0, MAPPING_TYPES.size() - 1));
                    }
                }
                case "match_pattern" -> {
                    String pattern = String.valueOf(parameter.getValue());
                    if (!pattern.equals("simple") && !pattern.equals("regex")) {
                        throw new MapperParsingException("Illegal match_pattern [" + pattern
                                + "], valid values are [simple, regex]");
                    }
                    regex = pattern.equals("regex");
                }
                case "mapping" -> mapping = Mapping.asMap(parameter.getValue(), name);
                default -> throw new MapperParsingException("Illegal dynamic template parameter: ["
                        + parameter.getKey() + "]");
            }
        }
        if (mapping == null) {
            throw new MapperParsingException("template [" + name + "] must have either mapping or runtime set");
        }
        DynamicTemplate template = new DynamicTemplate(name, match, unmatch, pathMatch, pathUnmatch, mappingType,
                regex, mapping);
        // the mapping must be valid for some type: check it now rather than at the first document
        Object type = mapping.getOrDefault("type", "{dynamic_type}");
        String probeType = type.toString().contains("{dynamic_type}")
                ? (mappingType == null || mappingType.equals("*") ? "string" : mappingType) : type.toString();
        try {
            template.mappingFor("__probe__", probeType);
        } catch (MapperParsingException e) {
            throw new MapperParsingException("dynamic template [" + name + "] has invalid content [" + body
                    + "], attempted to validate it with the following match_mapping_type: [" + probeType
                    + "], caused by [" + e.getMessage() + "]");
        }
        return template;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value));
    }

    /** Whether a new field at {@code path} whose value dynamic mapping reads as {@code dynamicType} matches. */
    boolean matches(String path, String dynamicType) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        if (matchMappingType != null && !matchMappingType.equals("*") && !matchMappingType.equals(dynamicType)) {
            return false;
        }
        return (match.isEmpty() || anyMatches(match, leaf)) && !anyMatches(unmatch, leaf)
                && (pathMatch.isEmpty() || anyMatches(pathMatch, path)) && !anyMatches(pathUnmatch, path);
    }

    private boolean anyMatches(List<String> patterns, String value) {
        for (String pattern : patterns) {
            if (regex ? Pattern.compile(pattern).matcher(value).matches() : simpleMatch(pattern, value)) {
                return true;
            }
        }
        return false;
    }

    /** {@code *} matches any characters, as Elasticsearch's {@code Regex.simpleMatch}. */
    private static boolean simpleMatch(String pattern, String value) {
        return Pattern.compile(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q")).matcher(value).matches();
    }

    /**
     * The mapper this template gives a field named by {@code path}: the {@code mapping} with
     * {@code {name}} and {@code {dynamic_type}} (the detected type's default field type:
     * {@code string} → {@code text}, {@code double} → {@code float}) replaced; without a
     * {@code type}, that default field type.
     */
    Mapping.Mapper mappingFor(String path, String dynamicType) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        String defaultType = switch (dynamicType) {
            case "string" -> "text";
            case "double" -> "float";
            default -> dynamicType;
        };
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) substitute(mapping, leaf, defaultType);
        if (!resolved.containsKey("type") && !resolved.containsKey("properties")) {
            resolved.put("type", defaultType);
        }
        return Mapping.parseMapper(path, resolved);
    }

    private static Object substitute(Object value, String name, String dynamicType) {
        if (value instanceof String text) {
            return text.replace("{name}", name).replace("{dynamic_type}", dynamicType);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, sub) -> copy.put(String.valueOf(key), substitute(sub, name, dynamicType)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(sub -> substitute(sub, name, dynamicType)).toList();
        }
        return value;
    }

    /** As Elasticsearch renders it: {@code {"<name>": {…}}}. */
    Map<String, Object> toMap() {
        Map<String, Object> body = new LinkedHashMap<>();
        putList(body, "match", match);
        putList(body, "unmatch", unmatch);
        putList(body, "path_match", pathMatch);
        putList(body, "path_unmatch", pathUnmatch);
        if (matchMappingType != null) {
            body.put("match_mapping_type", matchMappingType);
        }
        if (regex) {
            body.put("match_pattern", "regex");
        }
        body.put("mapping", mapping);
        return Map.of(name, body);
    }

    private static void putList(Map<String, Object> into, String key, List<String> values) {
        if (values.size() == 1) {
            into.put(key, values.getFirst());
        } else if (!values.isEmpty()) {
            into.put(key, values);
        }
    }
}
