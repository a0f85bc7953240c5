package dev.infraplatform.search.engine;

/** A read or write on a closed index: Elasticsearch's {@code index_closed_exception} (400). */
public final class IndexClosedException extends SearchException {

    public IndexClosedException(String index, String uuid) {
        super("closed");
        index(index, uuid);
    }

    @Override
    public String type() {
        return "index_closed_exception";
    }
}
