package dev.infraplatform.search.engine;

/**
 * A mapping definition or a document value that cannot be parsed (an unknown field type, a value
 * a field's type cannot hold): Elasticsearch's {@code mapper_parsing_exception} (400).
 */
public final class MapperParsingException extends SearchException {

    public MapperParsingException(String reason) {
        super(reason);
    }

    @Override
    public String type() {
        return "mapper_parsing_exception";
    }
}
