package dev.infraplatform.search.engine;

/**
 * Elasticsearch's {@code ?refresh}: {@code false} (visible to search after the next periodic
 * refresh), {@code true} (refresh the shard now) or {@code wait_for} (return once a refresh made the
 * write visible; here the shard is refreshed at once, which is observably the same).
 */
public enum RefreshPolicy {
    NONE, IMMEDIATE, WAIT_UNTIL;

    /** From the request parameter: absent or {@code false} → NONE, empty or {@code true} → IMMEDIATE, {@code wait_for}. */
    public static RefreshPolicy parse(String value) {
        if (value == null || value.equals("false")) {
            return NONE;
        }
        if (value.isEmpty() || value.equals("true")) {
            return IMMEDIATE;
        }
        if (value.equals("wait_for")) {
            return WAIT_UNTIL;
        }
        throw new IllegalSearchArgumentException("Unknown value for refresh: [" + value + "].");
    }
}
