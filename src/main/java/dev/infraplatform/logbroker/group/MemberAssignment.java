package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.List;

/**
 * What a member learns from a join or a heartbeat.
 *
 * @param memberId the member's id, to be given on every later call
 * @param generation the member's epoch: commits must carry it
 * @param assignments the partitions the member owns now, by topic and partition
 * @param sessionTimeoutMs how long the member may stay silent before it is evicted
 */
public record MemberAssignment(String memberId, int generation, List<TopicPartition> assignments,
                               int sessionTimeoutMs) {
}
