package dev.infraplatform.exchangebroker.engine;

import java.util.Map;

/**
 * Headers exchange matching as RabbitMQ 3.10+ does it. The binding's {@code x-match} is
 * {@code all} (the default), {@code any}, {@code all-with-x} or {@code any-with-x}. For
 * {@code all}/{@code any} binding arguments whose key starts with {@code x-} are ignored; the
 * {@code -with-x} variants compare them too ({@code x-match} itself never). A binding argument
 * with a null (void) value matches a header of that name with any value. {@code all} over no
 * arguments matches every message; {@code any} over none matches nothing.
 */
final class HeadersMatcher {

    static final String X_MATCH = "x-match";

    private HeadersMatcher() {
    }

    /** @throws AmqpException PRECONDITION_FAILED for an x-match RabbitMQ refuses */
    static void validate(Map<String, Object> bindingArguments) {
        Object mode = bindingArguments.get(X_MATCH);
        if (mode != null && !(mode instanceof String s
                && (s.equals("all") || s.equals("any") || s.equals("all-with-x") || s.equals("any-with-x")))) {
            throw AmqpException.preconditionFailed("Invalid x-match field value " + mode
                    + "; expected all, any, all-with-x, or any-with-x");
        }
    }

    static boolean matches(Map<String, Object> bindingArguments, Map<String, Object> headers) {
        Object mode = bindingArguments.getOrDefault(X_MATCH, "all");
        boolean any = mode.equals("any") || mode.equals("any-with-x");
        boolean withX = mode.equals("all-with-x") || mode.equals("any-with-x");
        for (Map.Entry<String, Object> argument : bindingArguments.entrySet()) {
            String key = argument.getKey();
            if (key.equals(X_MATCH) || (!withX && key.startsWith("x-"))) {
                continue;
            }
            boolean present = headers.containsKey(key);
            boolean match = present && (argument.getValue() == null
                    || Tables.valuesEqual(argument.getValue(), headers.get(key)));
            if (any && match) {
                return true;
            }
            if (!any && !match) {
                return false;
            }
        }
        return !any;
    }
}
