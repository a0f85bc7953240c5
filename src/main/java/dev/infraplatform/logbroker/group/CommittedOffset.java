package dev.infraplatform.logbroker.group;

/**
 * A group's committed offset for one partition.
 *
 * @param offset the next record the group processes there
 * @param metadata what the committer attached, or null
 * @param commitTimestamp when it was committed, epoch milliseconds
 */
public record CommittedOffset(String topic, int partition, long offset, String metadata, long commitTimestamp) {
}
