package dev.infraplatform.logbroker.engine;

import java.util.Objects;

/** A Kafka record header: a string key and a binary value (possibly null). */
public record RecordHeader(String key, byte[] value) {

    public RecordHeader {
        Objects.requireNonNull(key, "key");
    }
}
