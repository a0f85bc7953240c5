package dev.infraplatform.search.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the search engine reports in Elasticsearch's vocabulary: {@link #type()} is the
 * Elasticsearch error type ({@code index_not_found_exception}, …) and {@link #orderedMetadata()} the extra
 * members Elasticsearch puts next to {@code type} and {@code reason} ({@code index}, {@code shard}, …).
 * The REST layer chooses the status from the subclass.
 */
public abstract class SearchException extends RuntimeException {

    private final Map<String, Object> metadata = new LinkedHashMap<>();

    protected SearchException(String reason) {
        super(reason);
    }

    /** The Elasticsearch error type, such as {@code version_conflict_engine_exception}. */
    public abstract String type();

    /** The extra members in insertion order (for rendering). */
    public Iterable<Map.Entry<String, Object>> orderedMetadata() {
        return metadata.entrySet();
    }

    protected final void put(String key, Object value) {
        metadata.put(key, value);
    }

    protected final void index(String index, String uuid) {
        put("index_uuid", uuid);
        put("index", index);
    }
}
