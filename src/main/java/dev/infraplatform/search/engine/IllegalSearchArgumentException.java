package dev.infraplatform.search.engine;

/**
 * A request the engine refuses as Elasticsearch does with {@code illegal_argument_exception} (400):
 * an unknown or invalid setting, a mapping change that conflicts with the existing mapping.
 */
public final class IllegalSearchArgumentException extends SearchException {

    public IllegalSearchArgumentException(String reason) {
        super(reason);
    }

    @Override
    public String type() {
        return "illegal_argument_exception";
    }
}
