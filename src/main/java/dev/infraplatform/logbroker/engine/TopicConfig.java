package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.Durability;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;

/**
 * A topic's settings, Kafka's topic configs under their Kafka meaning.
 *
 * @param partitions number of partitions (Kafka's {@code num.partitions}); only ever grows
 * @param retentionMs {@code retention.ms}: delete whole segments whose newest record is older; -1 keeps all
 * @param retentionBytes {@code retention.bytes}: per partition, delete oldest segments while larger; -1 no limit
 * @param segmentBytes {@code segment.bytes}: a partition's segment file rolls at this size
 * @param cleanupPolicy {@code cleanup.policy}: only {@code delete}
 * @param flush when appends are forced to disk: {@code always} (Kafka's {@code flush.messages=1}),
 *     {@code interval} (every {@code infra.logbroker.flush-interval}) or {@code none} (left to the
 *     operating system, Kafka's default)
 */
public record TopicConfig(int partitions, long retentionMs, long retentionBytes, int segmentBytes,
                          String cleanupPolicy, Durability flush) {

    public static final String CLEANUP_DELETE = "delete";
    public static final int MIN_SEGMENT_BYTES = 1024;

    /** Throws Kafka's invalid-config or invalid-partitions errors for values Kafka would refuse. */
    public TopicConfig validate(int maxPartitions) {
        if (partitions < 1 || partitions > maxPartitions) {
            throw new InvalidPartitionsException("partitions must be between 1 and " + maxPartitions + ", not "
                    + partitions);
        }
        if (retentionMs < -1 || retentionMs == 0) {
            throw new InvalidConfigurationException("retentionMs must be positive or -1 (keep forever), not "
                    + retentionMs);
        }
        if (retentionBytes < -1 || retentionBytes == 0) {
            throw new InvalidConfigurationException("retentionBytes must be positive or -1 (no limit), not "
                    + retentionBytes);
        }
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new InvalidConfigurationException("segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", not "
                    + segmentBytes);
        }
        if (!CLEANUP_DELETE.equals(cleanupPolicy)) {
            throw new InvalidConfigurationException("cleanupPolicy '" + cleanupPolicy
                    + "' is not supported; only 'delete' (log compaction is not available)");
        }
        if (flush == null) {
            throw new InvalidConfigurationException("flush must be always, interval or none");
        }
        return this;
    }

    public TopicConfig withPartitions(int value) {
        return new TopicConfig(value, retentionMs, retentionBytes, segmentBytes, cleanupPolicy, flush);
    }

    /** Whether a change from this config to {@code other} needs the partition logs reopened. */
    boolean logOptionsDiffer(TopicConfig other) {
        return retentionMs != other.retentionMs || retentionBytes != other.retentionBytes
                || segmentBytes != other.segmentBytes || flush != other.flush;
    }
}
