package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.OffsetSpec;
import dev.infraplatform.logbroker.engine.Topic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.OffsetMetadataTooLarge;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Writes of committed offsets: members' commits (fenced by member epoch and ownership), offset
 * resets and group deletion. Each is checked and numbered in the offsets log under the group's
 * lock, and awaited after it; the partitions a write touches keep their owner until it is durable
 * ({@link ConsumerGroup#beginCommit}), so a partition's next owner starts from the final offset.
 */
final class GroupOffsets {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsets.class);
    /** Kafka's {@code offset.metadata.max.bytes} default. */
    static final int MAX_METADATA_CHARS = 4096;

    private final GroupRegistry registry;
    private final LogBroker broker;
    private final CommittedOffsets offsets;

    GroupOffsets(GroupRegistry registry, LogBroker broker, CommittedOffsets offsets) {
        this.registry = registry;
        this.broker = broker;
        this.offsets = offsets;
    }

    /** See {@link GroupCoordinator#commit}. */
    List<CommittedOffset> commit(String groupId, String memberId, int generation, List<OffsetCommit> commits) {
        Map<TopicPartition, OffsetCommit> byPartition = validate(commits);
        boolean standalone = memberId == null || memberId.isEmpty();
        long now = registry.now();
        List<OffsetRecord> records = new ArrayList<>();
        byPartition.values().forEach(c -> records.add(new OffsetRecord(groupId, c.topic(), c.partition(), c.offset(),
                c.metadata(), now)));
        write(groupId, standalone ? null : memberId, byPartition.keySet(), records, group -> {
            if (standalone) {
                if (!group.isEmpty()) {
                    throw new UnknownMemberIdException("group '" + groupId + "' has members: commit as one of them, "
                            + "with its memberId and generation");
                }
                if (generation != -1) {
                    throw new IllegalGenerationException("a commit without memberId carries generation -1, not "
                            + generation);
                }
            } else {
                fence(group, memberId, generation, byPartition.keySet());
            }
            checkInLog(byPartition.values());
        });
        return records.stream().map(r -> new CommittedOffset(r.topic(), r.partition(), r.offset(), r.metadata(),
                r.commitTimestamp())).toList();
    }

    /** Lock held. */
    private void fence(ConsumerGroup group, String memberId, int generation, Set<TopicPartition> partitions) {
        GroupMember member = registry.knownMember(group, memberId);
        if (generation != member.memberEpoch) {
            throw new IllegalGenerationException("generation " + generation + " is stale: member " + memberId
                    + " is at generation " + member.memberEpoch + " (heartbeat or poll to learn the current one)");
        }
        for (TopicPartition partition : partitions) {
            if (group.owner(partition) != member) {
                throw new IllegalGenerationException("partition " + partition + " is not assigned to member "
                        + memberId + " at generation " + generation + "; its assignment is "
                        + member.ownedPartitions());
            }
        }
    }

    private static Map<TopicPartition, OffsetCommit> validate(List<OffsetCommit> commits) {
        if (commits == null || commits.isEmpty()) {
            throw new InvalidRequestException("a commit needs at least one offset");
        }
        Map<TopicPartition, OffsetCommit> byPartition = new TreeMap<>(ConsumerGroup.PARTITION_ORDER);
        for (OffsetCommit commit : commits) {
            if (commit.topic() == null || commit.topic().isEmpty()) {
                throw new InvalidRequestException("every offset needs a topic");
            }
            if (commit.offset() < 0) {
                throw new OffsetOutOfRangeException("offset " + commit.offset() + " of " + commit.topic() + "-"
                        + commit.partition() + " is negative");
            }
            if (commit.metadata() != null && commit.metadata().length() > MAX_METADATA_CHARS) {
                throw new OffsetMetadataTooLarge("metadata of " + commit.topic() + "-" + commit.partition()
                        + " is longer than " + MAX_METADATA_CHARS + " characters");
            }
            byPartition.put(new TopicPartition(commit.topic(), commit.partition()), commit);
        }
        return byPartition;
    }

    /** Under the group's lock, so that a topic deleted meanwhile is noticed (see GroupCoordinator#topicChanged). */
    private void checkInLog(Collection<OffsetCommit> commits) {
        for (OffsetCommit commit : commits) {
            long end = broker.partition(commit.topic(), commit.partition()).endOffset();
            if (commit.offset() > end) {
                throw new OffsetOutOfRangeException("offset " + commit.offset() + " of " + commit.topic() + "-"
                        + commit.partition() + " is past the log end offset " + end);
            }
        }
    }

    /** See {@link GroupCoordinator#resetOffsets}. */
    List<CommittedOffset> reset(String groupId, String topicName, ResetTarget to, List<Integer> partitions) {
        Topic topic = broker.topic(topicName);
        List<Integer> chosen = partitions == null || partitions.isEmpty()
                ? IntStream.range(0, topic.partitionCount()).boxed().toList()
                : List.copyOf(new TreeSet<>(partitions));
        if (to instanceof ResetTarget.ToOffset(long offset) && offset < 0) {
            throw new InvalidRequestException("the offset to reset to is negative: " + offset);
        }
        long now = registry.now();
        List<OffsetRecord> records = new ArrayList<>();
        for (int p : chosen) {
            broker.partition(topicName, p);
            long offset = switch (to) {
                case ResetTarget.Earliest e -> broker.listOffset(topicName, p, new OffsetSpec.Earliest());
                case ResetTarget.Latest l -> broker.listOffset(topicName, p, new OffsetSpec.Latest());
                case ResetTarget.ToTimestamp t ->
                        broker.listOffset(topicName, p, new OffsetSpec.ForTimestamp(t.timestamp()));
                case ResetTarget.ToOffset o -> Math.clamp(o.offset(),
                        broker.listOffset(topicName, p, new OffsetSpec.Earliest()),
                        broker.listOffset(topicName, p, new OffsetSpec.Latest()));
            };
            records.add(new OffsetRecord(groupId, topicName, p, offset, null, now));
        }
        List<TopicPartition> touched = records.stream().map(r -> new TopicPartition(r.topic(), r.partition())).toList();
        write(groupId, null, touched, records, group -> {
            if (!group.isEmpty()) {
                throw new GroupNotEmptyException("group '" + groupId + "' has " + group.memberCount()
                        + " member(s); offsets can be reset only while it has none");
            }
            if (registry.existingTopic(topicName) != topic) {
                throw new UnknownTopicOrPartitionException("topic '" + topicName + "' was deleted meanwhile");
            }
        });
        log.info("Group {}: offsets of topic {} reset to {}", groupId, topicName, to);
        return records.stream().map(r -> new CommittedOffset(r.topic(), r.partition(), r.offset(), null,
                r.commitTimestamp())).toList();
    }

    /**
     * Checks and numbers {@code records} under the group's lock, then awaits them outside it.
     *
     * @param memberId the committing member, or null for writes that may create the group
     * @param check run under the lock after expired members are evicted; throws to refuse
     */
    private void write(String groupId, String memberId, Collection<TopicPartition> partitions,
                       List<OffsetRecord> records, Consumer<ConsumerGroup> check) {
        while (true) {
            ConsumerGroup group = memberId == null ? registry.liveGroup(groupId)
                    : registry.memberGroup(groupId, memberId);
            CommittedOffsets.Write write;
            boolean refused = true;
            group.lock.lock();
            try {
                if (group.isDead()) {
                    if (memberId == null) {
                        continue; // deleted or dropped meanwhile: create it again
                    }
                    throw GroupRegistry.unknownMember(groupId, memberId);
                }
                registry.evictExpired(group, registry.now());
                check.accept(group);
                group.beginCommit(partitions);
                try {
                    write = offsets.write(records);
                } catch (RuntimeException e) {
                    group.endCommit(partitions);
                    throw e;
                }
                refused = false;
            } finally {
                group.lock.unlock();
                if (refused) {
                    registry.dropIfGone(group); // a group created for a refused write
                }
            }
            try {
                write.await();
            } finally {
                group.lock.lock();
                try {
                    group.endCommit(partitions);
                } finally {
                    group.lock.unlock();
                }
                registry.dropIfGone(group);
            }
            return;
        }
    }

    /** See {@link GroupCoordinator#deleteGroup}. */
    void deleteGroup(String groupId) {
        ConsumerGroup group = registry.group(groupId);
        CommittedOffsets.Write write;
        boolean removed = false;
        if (group != null) {
            group.lock.lock();
            try {
                registry.evictExpired(group, registry.now());
                if (!group.isDead() && !group.isEmpty()) {
                    throw new GroupNotEmptyException("group '" + groupId + "' has " + group.memberCount()
                            + " member(s); only an empty group can be deleted");
                }
                if (!group.isDead()) {
                    removed = registry.remove(group);
                }
                write = offsets.delete((g, partition) -> g.equals(groupId), registry.now());
            } finally {
                group.lock.unlock();
            }
        } else {
            write = offsets.delete((g, partition) -> g.equals(groupId), registry.now());
        }
        if (!removed && write == null) {
            throw new GroupIdNotFoundException("group '" + groupId + "' does not exist");
        }
        if (removed) {
            registry.observer().groupRemoved(groupId);
        }
        if (write != null) {
            write.await();
        }
        log.info("Group {} deleted", groupId);
    }
}
