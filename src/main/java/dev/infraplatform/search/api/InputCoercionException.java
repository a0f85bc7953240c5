package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.SearchException;

/**
 * A request body number that does not fit the option's type ({@code size: 2147483648}):
 * Elasticsearch's {@code input_coercion_exception} (400).
 */
final class InputCoercionException extends SearchException {

    InputCoercionException(String reason) {
        super(reason);
    }

    @Override
    public String type() {
        return "input_coercion_exception";
    }
}
