package dev.infraplatform.search.engine;

/** A request body that is not the JSON expected: Elasticsearch's {@code parse_exception} (400). */
public final class ParsingException extends SearchException {

    public ParsingException(String reason) {
        super(reason);
    }

    @Override
    public String type() {
        return "parse_exception";
    }
}
