package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Partition;
import dev.infraplatform.logbroker.engine.Topic;
import dev.infraplatform.logbroker.group.CommittedOffsets.Committed;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The coordinator's groups and what every group operation does first: find the group and the
 * member, evict expired members, follow topic changes, reconcile the calling member. A group lives
 * here from its first member until it has neither members nor committed offsets; a group that is
 * removed is marked dead, and callers holding it look it up again.
 */
final class GroupRegistry {

    private static final Logger log = LoggerFactory.getLogger(GroupRegistry.class);

    private final LogBroker broker;
    private final CommittedOffsets offsets;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private volatile GroupObserver observer = GroupObserver.NONE;

    GroupRegistry(LogBroker broker, CommittedOffsets offsets, LongSupplier clock) {
        this.broker = broker;
        this.offsets = offsets;
        this.clock = clock;
    }

    void observe(GroupObserver value) {
        this.observer = value;
    }

    GroupObserver observer() {
        return observer;
    }

    long now() {
        return clock.getAsLong();
    }

    // ------------------------------------------------------------------ lookups

    /** The group, or null. */
    ConsumerGroup group(String groupId) {
        return groups.get(groupId);
    }

    Collection<ConsumerGroup> groups() {
        return groups.values();
    }

    /** The group, created if absent; may turn out dead once locked. */
    ConsumerGroup liveGroup(String groupId) {
        ConsumerGroup group = groups.get(groupId);
        if (group != null) {
            return group;
        }
        ConsumerGroup created = new ConsumerGroup(groupId);
        ConsumerGroup existing = groups.putIfAbsent(groupId, created);
        if (existing != null) {
            return existing;
        }
        observer.groupCreated(groupId);
        return created;
    }

    /** The group a member call names. @throws UnknownMemberIdException if there is none */
    ConsumerGroup memberGroup(String groupId, String memberId) {
        ConsumerGroup group = groups.get(groupId);
        if (group == null) {
            throw unknownMember(groupId, memberId);
        }
        return group;
    }

    /** Lock held. @throws UnknownMemberIdException if the group has no such member */
    GroupMember knownMember(ConsumerGroup group, String memberId) {
        GroupMember member = group.isDead() ? null : group.member(memberId);
        if (member == null) {
            throw unknownMember(group.id, memberId);
        }
        return member;
    }

    static UnknownMemberIdException unknownMember(String groupId, String memberId) {
        return new UnknownMemberIdException("member '" + memberId + "' is not in group '" + groupId
                + "' (it left or was evicted after its session timeout): join again");
    }

    /** A group with neither members nor offsets (nor commits in flight) is forgotten. */
    void dropIfGone(ConsumerGroup group) {
        boolean dropped = false;
        group.lock.lock();
        try {
            if (!group.isDead() && group.isEmpty() && !group.hasCommitsInFlight() && !offsets.hasOffsets(group.id)) {
                dropped = remove(group);
            }
        } finally {
            group.lock.unlock();
        }
        if (dropped) {
            observer.groupRemoved(group.id);
        }
    }

    /** Lock held. Marks the group dead and forgets it; the caller reports it. */
    boolean remove(ConsumerGroup group) {
        group.markDead();
        return groups.remove(group.id, group);
    }

    // ------------------------------------------------------------------ under a group's lock

    /** Lock held. Evicts the group's members silent past their session timeout. */
    int evictExpired(ConsumerGroup group, long now) {
        if (group.isDead()) {
            return 0;
        }
        List<GroupMember> expired = group.members().stream().filter(member -> member.expired(now)).toList();
        if (expired.isEmpty()) {
            return 0;
        }
        for (GroupMember member : expired) {
            group.remove(member);
            log.info("Group {}: member {} evicted, silent for {} ms (session timeout {} ms)", group.id,
                    member.memberId, now - member.lastContactMs, member.sessionTimeoutMs);
        }
        rebalance(group);
        observer.membersEvicted(group.id, expired.size());
        return expired.size();
    }

    /**
     * Lock held. A member's call reaches the coordinator: expired members go, topic changes move the
     * group epoch, and the member is reconciled.
     */
    GroupMember contact(ConsumerGroup group, String memberId) {
        long now = clock.getAsLong();
        evictExpired(group, now);
        GroupMember member = knownMember(group, memberId);
        member.lastContactMs = now;
        refreshTopics(group);
        group.reconcile(member, positions(group));
        return member;
    }

    /** Lock held. Moves the group epoch if its subscribed topics changed since its target was computed. */
    void refreshTopics(ConsumerGroup group) {
        if (group.topicsChanged(topicImage(group.subscribedTopics()))) {
            rebalance(group);
        }
    }

    /** Lock held. A new group epoch and its target assignment. */
    void rebalance(ConsumerGroup group) {
        group.computeTargetAssignment(topicImage(group.subscribedTopics()));
        observer.rebalanced(group.id, group.groupEpoch());
    }

    private Map<String, ConsumerGroup.TopicImage> topicImage(Set<String> topics) {
        Map<String, ConsumerGroup.TopicImage> image = new TreeMap<>();
        for (String name : topics) {
            Topic topic = existingTopic(name);
            if (topic != null) {
                image.put(name, new ConsumerGroup.TopicImage(topic.definition().topicId(), topic.partitionCount()));
            }
        }
        return image;
    }

    /** The topic, or null if it does not exist. */
    Topic existingTopic(String name) {
        try {
            return broker.topic(name);
        } catch (UnknownTopicOrPartitionException e) {
            return null;
        }
    }

    /** The partition, or null if it does not exist. */
    Partition existingPartition(TopicPartition partition) {
        try {
            return broker.partition(partition.topic(), partition.partition());
        } catch (UnknownTopicOrPartitionException e) {
            return null;
        }
    }

    /** Where a member starts in a partition it is given: its committed offset if still in the log, else the reset policy. */
    ConsumerGroup.PositionSource positions(ConsumerGroup group) {
        return (partition, reset) -> {
            Partition log = existingPartition(partition);
            if (log == null) {
                return null;
            }
            long start = log.startOffset();
            long end = log.endOffset();
            Committed committed = offsets.committed(group.id, partition);
            if (committed != null && committed.offset() >= start && committed.offset() <= end) {
                return committed.offset();
            }
            return reset == AutoOffsetReset.EARLIEST ? start : end;
        };
    }
}
