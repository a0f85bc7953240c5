package dev.infraplatform.logbroker.engine;

/** Kafka's ListOffsets specs: the earliest offset, the latest (log end) or the first at a timestamp. */
public sealed interface OffsetSpec {

    record Earliest() implements OffsetSpec {
    }

    record Latest() implements OffsetSpec {
    }

    record ForTimestamp(long timestamp) implements OffsetSpec {
    }
}
