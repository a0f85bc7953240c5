package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.NavigableSet;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A member of a consumer group: its subscription, its member epoch, the partitions it is to own
 * (target) and those it owns, each with its fetch position (the offset its next poll reads from,
 * a Kafka consumer's position). Guarded by its group's lock, except {@link #pollLock}.
 */
final class GroupMember {

    final String memberId;
    final SortedSet<String> topics;
    final int sessionTimeoutMs;
    final AutoOffsetReset autoOffsetReset;
    /** Serializes the member's polls, so two concurrent polls never return the same records. */
    final ReentrantLock pollLock = new ReentrantLock();

    int memberEpoch;
    NavigableSet<TopicPartition> target = new TreeSet<>(ConsumerGroup.PARTITION_ORDER);
    /** Owned partitions → fetch position. */
    final TreeMap<TopicPartition, Long> owned = new TreeMap<>(ConsumerGroup.PARTITION_ORDER);
    long lastContactMs;
    int pollsInFlight;
    /** Where the next poll starts among the owned partitions, so that each gets its turn first. */
    int pollCursor;

    GroupMember(String memberId, SortedSet<String> topics, int sessionTimeoutMs, AutoOffsetReset autoOffsetReset,
                long now) {
        this.memberId = memberId;
        this.topics = topics;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.autoOffsetReset = autoOffsetReset;
        this.lastContactMs = now;
    }

    /** Silent past its session timeout; a member with a poll in progress is never expired. */
    boolean expired(long now) {
        return pollsInFlight == 0 && now - lastContactMs > sessionTimeoutMs;
    }

    List<TopicPartition> ownedPartitions() {
        return List.copyOf(owned.keySet());
    }

    MemberAssignment assignment() {
        return new MemberAssignment(memberId, memberEpoch, ownedPartitions(), sessionTimeoutMs);
    }

    @Override
    public String toString() {
        return memberId;
    }
}
