package dev.infraplatform.search.engine;

/** No index of that name: Elasticsearch's {@code index_not_found_exception} (404). */
public final class IndexNotFoundException extends SearchException {

    public IndexNotFoundException(String index) {
        super("no such index [" + index + "]");
        put("resource.type", "index_or_alias");
        put("resource.id", index);
        index(index, "_na_");
    }

    @Override
    public String type() {
        return "index_not_found_exception";
    }
}
