package dev.infraplatform.search.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one alias says about one of its indexes, as Elasticsearch's alias metadata: an optional
 * {@code filter} (a query DSL object every search through the alias adds), the routing of writes
 * ({@code index_routing}) and of searches ({@code search_routing}), whether this index is the
 * alias's write index ({@code is_write_index}; {@code null}: not said) and {@code is_hidden}.
 * Immutable; rendered with only the members set, as Elasticsearch's {@code GET _alias} shows them.
 */
public record AliasMetadata(Map<String, Object> filter, String indexRouting, String searchRouting,
                            Boolean isWriteIndex, Boolean isHidden) {

    /** An alias with nothing set: {@code {}}. */
    public static final AliasMetadata PLAIN = new AliasMetadata(null, null, null, null, null);

    public AliasMetadata {
        filter = filter == null || filter.isEmpty() ? null : Map.copyOf(filter);
    }

    /** Whether this index takes the writes through the alias ({@code is_write_index: true}). */
    public boolean writeIndex() {
        return Boolean.TRUE.equals(isWriteIndex);
    }

    /**
     * Parses an alias body ({@code filter}, {@code routing}, {@code index_routing}, {@code search_routing},
     * {@code is_write_index}, {@code is_hidden}); {@code routing} sets both routings.
     *
     * @param ignored keys the caller handles itself (an action's {@code index}, {@code alias}, …)
     * @throws IllegalSearchArgumentException on an unknown key or a value of the wrong kind
     */
    @SuppressWarnings("unchecked")
    public static AliasMetadata parse(String alias, Map<String, Object> body, java.util.Set<String> ignored) {
        Map<String, Object> filter = null;
        String indexRouting = null;
        String searchRouting = null;
        Boolean writeIndex = null;
        Boolean hidden = null;
        if (body.containsKey("routing")) {
            // the specific routings win over routing, whatever their order
            indexRouting = routing(body.get("routing"));
            searchRouting = indexRouting;
        }
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            Object value = entry.getValue();
            switch (entry.getKey()) {
                case "filter" -> {
                    if (value != null && !(value instanceof Map<?, ?>)) {
                        throw new IllegalSearchArgumentException("failed to parse filter for alias [" + alias + "]");
                    }
                    filter = (Map<String, Object>) value;
                }
                case "routing" -> {
                    // read first, above
                }
                case "index_routing" -> indexRouting = routing(value);
                case "search_routing" -> searchRouting = routing(value);
                case "is_write_index" -> writeIndex = bool(entry.getKey(), value);
                case "is_hidden" -> hidden = bool(entry.getKey(), value);
                default -> {
                    if (!ignored.contains(entry.getKey())) {
                        throw new IllegalSearchArgumentException("[" + alias + "] unknown field [" + entry.getKey() + "]");
                    }
                }
            }
        }
        if (indexRouting != null && indexRouting.indexOf(',') >= 0) {
            throw new IllegalSearchArgumentException("alias [" + alias + "] has several index routing values associated "
                    + "with it");
        }
        return new AliasMetadata(filter, indexRouting, searchRouting, writeIndex, hidden);
    }

    private static String routing(Object value) {
        return value == null ? null : value.toString();
    }

    private static Boolean bool(String key, Object value) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean((String) value);
        }
        throw new IllegalSearchArgumentException("Failed to parse value [" + value + "] as only [true] or [false] are "
                + "allowed for [" + key + "]");
    }

    /** Elasticsearch's rendering: only the members set. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (filter != null) {
            map.put("filter", filter);
        }
        if (indexRouting != null) {
            map.put("index_routing", indexRouting);
        }
        if (searchRouting != null) {
            map.put("search_routing", searchRouting);
        }
        if (isWriteIndex != null) {
            map.put("is_write_index", isWriteIndex);
        }
        if (isHidden != null) {
            map.put("is_hidden", isHidden);
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    static AliasMetadata fromMap(Map<String, Object> map) {
        return new AliasMetadata((Map<String, Object>) map.get("filter"), (String) map.get("index_routing"),
                (String) map.get("search_routing"), (Boolean) map.get("is_write_index"), (Boolean) map.get("is_hidden"));
    }
}
