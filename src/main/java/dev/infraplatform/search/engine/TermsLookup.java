package dev.infraplatform.search.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's terms lookup: a {@code terms} query whose field names a document instead of
 * listing values, {@code {"terms": {"user": {"index": "users", "id": "2", "path": "followers"}}}},
 * takes its terms from that document's source at {@code path} (dotted, through objects and arrays;
 * {@code routing} as a get's). It is resolved once per request, before the indexes build their
 * queries, as Elasticsearch's coordinating node rewrites it: the query comes back with the values
 * in place of the lookup. A missing document gives no terms (the query matches nothing); a missing
 * index is {@code index_not_found_exception}. The lookup's values then count against the searched
 * index's {@code index.max_terms_count} as listed ones do.
 */
final class TermsLookup {

    /** A document's source as a map, or {@code null} if there is no such document. */
    @FunctionalInterface
    interface Sources {
        Map<String, Object> source(String index, String id, String routing);
    }

    private TermsLookup() {
    }

    /**
     * The query with every terms lookup in it replaced by the values it finds; the same instance
     * when it has none (the common case costs one walk over the query).
     *
     * @throws QueryParsingException on a lookup without {@code id}, {@code path} or {@code index}
     */
    static Map<String, Object> resolve(Map<String, Object> query, Sources sources) {
        return query == null ? null : resolveObject(query, sources);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolveObject(Map<String, Object> object, Sources sources) {
        Map<String, Object> changed = null;
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            Object value = entry.getValue();
            Object resolved = entry.getKey().equals("terms") && value instanceof Map<?, ?> terms
                    ? resolveTerms((Map<String, Object>) terms, sources) : resolveValue(value, sources);
            if (resolved != value) {
                if (changed == null) {
                    changed = new LinkedHashMap<>(object);
                }
                changed.put(entry.getKey(), resolved);
            }
        }
        return changed == null ? object : changed;
    }

    @SuppressWarnings("unchecked")
    private static Object resolveValue(Object value, Sources sources) {
        if (value instanceof Map<?, ?> map) {
            return resolveObject((Map<String, Object>) map, sources);
        }
        if (value instanceof List<?> list) {
            List<Object> changed = null;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                Object resolved = resolveValue(element, sources);
                if (resolved != element) {
                    if (changed == null) {
                        changed = new ArrayList<>(list);
                    }
                    changed.set(i, resolved);
                }
            }
            return changed == null ? list : changed;
        }
        return value;
    }

    /** A {@code terms} query's body: a field whose value is an object is a lookup (the others are options). */
    private static Map<String, Object> resolveTerms(Map<String, Object> terms, Sources sources) {
        Map<String, Object> changed = null;
        for (Map.Entry<String, Object> entry : terms.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> lookup) {
                if (changed == null) {
                    changed = new LinkedHashMap<>(terms);
                }
                changed.put(entry.getKey(), lookup(lookup, sources));
            }
        }
        return changed == null ? terms : changed;
    }

    private static List<Object> lookup(Map<?, ?> lookup, Sources sources) {
        for (Object key : lookup.keySet()) {
            if (!List.of("index", "id", "path", "routing").contains(key.toString())) {
                throw new QueryParsingException("[terms] query does not support [" + key + "] within lookup element");
            }
        }
        String id = text(lookup.get("id"));
        String path = text(lookup.get("path"));
        String index = text(lookup.get("index"));
        if (id == null) {
            throw new QueryParsingException("[terms] query lookup element requires specifying the id.");
        }
        if (path == null) {
            throw new QueryParsingException("[terms] query lookup element requires specifying the path.");
        }
        if (index == null) {
            throw new QueryParsingException("[terms] query lookup element requires specifying the index.");
        }
        Map<String, Object> source = sources.source(index, id, text(lookup.get("routing")));
        List<Object> values = new ArrayList<>();
        if (source != null) {
            collect(source, path.split("\\."), 0, values);
        }
        return values;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** The values at {@code path[from…]} below {@code node}, arrays flattened at every level. */
    private static void collect(Object node, String[] path, int from, List<Object> into) {
        if (node instanceof List<?> list) {
            list.forEach(element -> collect(element, path, from, into));
        } else if (from == path.length) {
            if (node != null && !(node instanceof Map<?, ?>)) {
                into.add(node);
            }
        } else if (node instanceof Map<?, ?> object) {
            collect(object.get(path[from]), path, from + 1, into);
        }
    }
}
