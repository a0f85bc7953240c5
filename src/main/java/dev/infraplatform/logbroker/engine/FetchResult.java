package dev.infraplatform.logbroker.engine;

import java.util.List;

/**
 * Records read from one partition.
 *
 * @param records the records, in offset order
 * @param nextOffset where the next fetch continues
 * @param highWatermark the partition's end offset (Kafka's high watermark: one node, so the log end)
 * @param logStartOffset the first offset still in the partition
 */
public record FetchResult(List<ConsumedRecord> records, long nextOffset, long highWatermark, long logStartOffset) {
}
