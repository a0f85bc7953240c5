package dev.infraplatform.logbroker.engine;

import java.util.List;

/**
 * A record read back from a partition.
 *
 * @param offset its offset in the partition
 * @param timestamp its create time, epoch milliseconds
 * @param key the key, or null
 * @param value the value, or null
 * @param headers its headers, in order
 */
public record ConsumedRecord(long offset, long timestamp, byte[] key, byte[] value, List<RecordHeader> headers) {
}
