package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.errors.InvalidRequestException;

import java.util.Locale;

/**
 * Kafka's {@code auto.offset.reset}: where a member starts reading a partition that has no
 * committed offset, or whose committed offset retention has removed.
 */
public enum AutoOffsetReset {

    /** The log start offset: every record still in the partition. */
    EARLIEST,
    /** The log end offset: only records produced from now on. */
    LATEST;

    /** {@code earliest} or {@code latest}, in any case. */
    public static AutoOffsetReset parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("autoOffsetReset must be earliest or latest, not '" + value + "'");
        }
    }

    /** The name as Kafka spells it. */
    public String kafkaName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
