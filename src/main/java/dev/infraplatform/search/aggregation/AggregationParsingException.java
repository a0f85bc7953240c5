package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.SearchException;

/** An {@code aggs} object that cannot be parsed: Elasticsearch's {@code parsing_exception} and kin (400). */
final class AggregationParsingException extends SearchException {

    private final String type;

    AggregationParsingException(String reason) {
        this("parsing_exception", reason);
    }

    /** With another Elasticsearch type, such as {@code x_content_parse_exception} for an unknown field. */
    AggregationParsingException(String type, String reason) {
        super(reason);
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }
}
