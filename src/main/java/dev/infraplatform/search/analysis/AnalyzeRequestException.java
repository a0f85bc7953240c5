package dev.infraplatform.search.analysis;

import dev.infraplatform.search.engine.SearchException;

/**
 * An {@code _analyze} request Elasticsearch refuses before analyzing (400): an unknown member
 * ({@code x_content_parse_exception}) or a missing or contradictory one
 * ({@code action_request_validation_exception}).
 */
public final class AnalyzeRequestException extends SearchException {

    private final String type;

    private AnalyzeRequestException(String type, String reason) {
        super(reason);
        this.type = type;
    }

    static AnalyzeRequestException parse(String reason) {
        return new AnalyzeRequestException("x_content_parse_exception", reason);
    }

    static AnalyzeRequestException validation(String reason) {
        return new AnalyzeRequestException("action_request_validation_exception", "Validation Failed: 1: " + reason + ";");
    }

    @Override
    public String type() {
        return type;
    }
}
