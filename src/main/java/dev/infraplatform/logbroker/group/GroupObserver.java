package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;

/**
 * What the group coordinator reports for metrics; the default reports nothing. Calls come from
 * request and scheduler threads, some under the coordinator's locks: implementations must be
 * quick and must not call back into the coordinator.
 */
public interface GroupObserver {

    GroupObserver NONE = new GroupObserver() {
    };

    /** A group got its first member (in this run). */
    default void groupCreated(String group) {
    }

    /** A group has neither members nor committed offsets any more, or was deleted. */
    default void groupRemoved(String group) {
    }

    /** The group epoch moved (a member joined, left or was evicted, a subscribed topic changed). */
    default void rebalanced(String group, int groupEpoch) {
    }

    /** Members stayed silent past their session timeout and were evicted. */
    default void membersEvicted(String group, int count) {
    }

    /** The group now has a committed offset for a partition it had none for. */
    default void offsetAdded(String group, TopicPartition partition) {
    }

    /** The group's committed offset for the partition was deleted. */
    default void offsetRemoved(String group, TopicPartition partition) {
    }
}
