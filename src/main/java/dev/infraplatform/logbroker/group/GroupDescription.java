package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;

/**
 * A consumer group as Kafka's DescribeConsumerGroups and ListConsumerGroupOffsets show it.
 *
 * @param group the group id
 * @param state Empty, Reconciling or Stable
 * @param groupEpoch the group epoch: moves on every change of members, subscriptions or partitions
 * @param members the members, by id
 * @param offsets per partition the group has a committed offset for or a member owns: the
 *     committed offset, the log end offset and the lag between them
 */
public record GroupDescription(String group, GroupState state, int groupEpoch, List<Member> members,
                               List<PartitionOffset> offsets) {

    /**
     * @param memberEpoch the member's epoch (its generation: commits must carry it)
     * @param topics its subscription
     * @param assignments the partitions it owns
     * @param targetAssignment the partitions it is to own at the group epoch
     * @param lastHeartbeatMs when it was last heard from (join, heartbeat, poll), epoch ms
     * @param polling whether a poll of the member is in progress (a waiting poll keeps it alive)
     */
    public record Member(String memberId, int memberEpoch, List<String> topics, List<TopicPartition> assignments,
                         List<TopicPartition> targetAssignment, long lastHeartbeatMs, int sessionTimeoutMs,
                         String autoOffsetReset, boolean polling) {
    }

    /**
     * @param committed the committed offset, or null if the group has none
     * @param metadata the commit's metadata, or null
     * @param endOffset the partition's log end offset
     * @param lag {@code endOffset - committed} (never negative), or null without a committed offset
     * @param memberId the member owning the partition, or null
     */
    public record PartitionOffset(String topic, int partition, Long committed, String metadata, long endOffset,
                                  Long lag, String memberId) {
    }

    /** The partitions the members own. */
    public List<TopicPartition> ownedPartitions() {
        return members.stream().flatMap(member -> member.assignments().stream()).toList();
    }
}
