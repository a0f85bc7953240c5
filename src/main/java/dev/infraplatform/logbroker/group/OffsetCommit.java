package dev.infraplatform.logbroker.group;

/**
 * One partition's offset in a commit: the offset of the next record to process (the last
 * processed offset plus one, as in Kafka), with optional client metadata.
 */
public record OffsetCommit(String topic, int partition, long offset, String metadata) {
}
