package dev.infraplatform.search.engine;

/** A query that cannot be parsed (unknown query type, malformed clause): Elasticsearch's {@code parsing_exception} (400). */
public final class QueryParsingException extends SearchException {

    public QueryParsingException(String reason) {
        super(reason);
    }

    @Override
    public String type() {
        return "parsing_exception";
    }
}
