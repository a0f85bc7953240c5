package dev.infraplatform.search.engine;

/** An index name Elasticsearch refuses: {@code invalid_index_name_exception} (400). */
public final class InvalidIndexNameException extends SearchException {

    public InvalidIndexNameException(String index, String why) {
        super("Invalid index name [" + index + "], " + why);
        index(index, "_na_");
    }

    @Override
    public String type() {
        return "invalid_index_name_exception";
    }
}
