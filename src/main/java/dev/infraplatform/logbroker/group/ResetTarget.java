package dev.infraplatform.logbroker.group;

/**
 * Where an offset reset moves a group's committed offsets, as {@code kafka-consumer-groups
 * --reset-offsets} does: {@code --to-earliest}, {@code --to-latest}, {@code --to-offset},
 * {@code --to-datetime}.
 */
public sealed interface ResetTarget {

    /** The log start offset. */
    record Earliest() implements ResetTarget {
    }

    /** The log end offset. */
    record Latest() implements ResetTarget {
    }

    /** A given offset, clamped to [log start, log end] as Kafka's tool clamps it. */
    record ToOffset(long offset) implements ResetTarget {
    }

    /** The first offset whose record timestamp is at or after {@code timestamp} (epoch ms); the log end if none. */
    record ToTimestamp(long timestamp) implements ResetTarget {
    }
}
