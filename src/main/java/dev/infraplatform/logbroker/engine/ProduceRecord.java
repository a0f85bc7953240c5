package dev.infraplatform.logbroker.engine;

import java.util.List;

/**
 * A record as a producer sends it.
 *
 * @param partition the partition asked for, or null to let the partitioner choose
 * @param key the key (null: none)
 * @param value the value (null: a tombstone)
 * @param headers the headers, in order
 * @param timestamp the create time in epoch milliseconds, or null for the broker's clock
 */
public record ProduceRecord(Integer partition, byte[] key, byte[] value, List<RecordHeader> headers, Long timestamp) {

    public ProduceRecord {
        headers = headers == null ? List.of() : List.copyOf(headers);
    }
}
