package dev.infraplatform.search.ingest;

import dev.infraplatform.search.engine.SearchException;

/**
 * A write or simulation names a pipeline that does not exist: Elasticsearch's
 * {@code illegal_argument_exception} (400), "pipeline with id [x] does not exist" on writes and
 * "pipeline [x] does not exist" on {@code _simulate}.
 */
public final class PipelineMissingException extends SearchException {

    PipelineMissingException(String reason) {
        super(reason);
    }

    static PipelineMissingException onWrite(String id) {
        return new PipelineMissingException("pipeline with id [" + id + "] does not exist");
    }

    static PipelineMissingException onSimulate(String id) {
        return new PipelineMissingException("pipeline [" + id + "] does not exist");
    }

    @Override
    public String type() {
        return "illegal_argument_exception";
    }
}
