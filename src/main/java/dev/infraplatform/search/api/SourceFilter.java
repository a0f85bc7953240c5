package dev.infraplatform.search.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Elasticsearch's {@code _source} filtering: {@code _source=false} drops it; {@code _source=a,b} or
 * {@code _source_includes} keep only those fields (dotted paths, {@code *} wildcards; an object
 * included keeps everything below it); {@code _source_excludes} removes fields, and wins over includes.
 */
record SourceFilter(boolean fetch, List<Pattern> includes, List<Pattern> excludes) {

    static final SourceFilter ALL = new SourceFilter(true, List.of(), List.of());

    static SourceFilter of(String source, String includes, String excludes) {
        boolean fetch = true;
        String includeList = includes;
        if (source != null) {
            if (source.equals("false")) {
                fetch = false;
            } else if (!source.equals("true") && !source.isEmpty()) {
                includeList = includeList == null ? source : includeList + "," + source;
            }
        }
        return new SourceFilter(fetch, patterns(includeList), patterns(excludes));
    }

    /**
     * The filter of a {@code _source} member in a request body: {@code true}/{@code false}, a field or
     * a list of fields, or {@code {"includes": …, "excludes": …}} (also the singular {@code include}/{@code exclude}).
     */
    static SourceFilter fromBody(Object source) {
        if (source == null) {
            return ALL;
        }
        if (source instanceof Boolean fetch) {
            return of(fetch.toString(), null, null);
        }
        if (source instanceof List<?> fields) {
            return fields.isEmpty() ? ALL : of(join(fields), null, null);
        }
        if (source instanceof Map<?, ?> spec) {
            Object includes = spec.containsKey("includes") ? spec.get("includes") : spec.get("include");
            Object excludes = spec.containsKey("excludes") ? spec.get("excludes") : spec.get("exclude");
            return of(null, join(includes), join(excludes));
        }
        return of(String.valueOf(source), null, null);
    }

    private static String join(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : value.toString();
    }

    boolean filters() {
        return !includes.isEmpty() || !excludes.isEmpty();
    }

    Map<String, Object> apply(Map<String, Object> source) {
        return filter("", source, includes.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> filter(String prefix, Map<String, Object> object, boolean included) {
        Map<String, Object> result = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            String path = prefix + key;
            if (matches(excludes, path)) {
                return;
            }
            boolean in = included || matches(includes, path);
            if (value instanceof Map<?, ?> nested) {
                Map<String, Object> kept = filter(path + ".", (Map<String, Object>) nested, in);
                if (in || !kept.isEmpty()) {
                    result.put(key, kept);
                }
            } else if (in) {
                result.put(key, value);
            }
        });
        return result;
    }

    private static boolean matches(List<Pattern> patterns, String path) {
        return patterns.stream().anyMatch(p -> p.matcher(path).matches());
    }

    private static List<Pattern> patterns(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(glob -> Pattern.compile(Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote)
                        .reduce((a, b) -> a + ".*" + b).orElse("")))
                .toList();
    }
}
