package dev.infraplatform.search.engine;

/** No index of that name: Elasticsearch's {@code index_not_found_exception} (404). */
public final class IndexNotFoundException extends SearchException {

    public IndexNotFoundException(String index) {
        this(index, "no such index [" + index + "]");
    }

    /** With a reason of its own, e.g. Elasticsearch's for a write with {@code require_alias} to an index. */
    public IndexNotFoundException(String index, String reason) {
        super(reason);
        put("resource.type", "index_or_alias");
        put("resource.id", index);
        index(index, "_na_");
    }

    @Override
    public String type() {
        return "index_not_found_exception";
    }
}
