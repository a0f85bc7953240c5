package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.SearchException;

/**
 * A request that fails Elasticsearch's request validation before anything is done (an {@code _mget}
 * item without an id, an {@code _mget} without documents): {@code action_request_validation_exception}, 400.
 */
final class ActionRequestValidationException extends SearchException {

    ActionRequestValidationException(String... problems) {
        super(message(problems));
    }

    private static String message(String... problems) {
        StringBuilder reason = new StringBuilder("Validation Failed: ");
        for (int i = 0; i < problems.length; i++) {
            reason.append(i + 1).append(": ").append(problems[i]).append(';');
        }
        return reason.toString();
    }

    @Override
    public String type() {
        return "action_request_validation_exception";
    }
}
