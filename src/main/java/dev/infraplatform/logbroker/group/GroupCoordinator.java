package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Partition;
import dev.infraplatform.logbroker.engine.Topic;
import dev.infraplatform.logbroker.group.CommittedOffsets.Committed;
import dev.infraplatform.storage.AppendLogs;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Kafka's group coordinator with broker-side assignment (the consumer group protocol of KIP-848,
 * which suits REST): members join with their subscriptions, the coordinator computes who owns which
 * partition ({@link ConsumerGroup} tells how), members learn it from heartbeats and polls, poll
 * records of their partitions from their fetch positions ({@link MemberPolls}), and commit offsets,
 * fenced by their member epoch ({@link GroupOffsets}). Every group independently receives every
 * record. Committed offsets are durable when a commit returns ({@link CommittedOffsets}).
 *
 * <p>Members silent past their session timeout are evicted by {@link #evictExpired()}, which a
 * daemon thread of the coordinator runs periodically ({@link #startBackgroundTasks}), and which every
 * call on a group runs for that group first.
 *
 * <p>Knows nothing of HTTP; errors are Kafka's exceptions. Thread-safe: one lock per group, held
 * only for in-memory work; offset writes are numbered under it and awaited after it. Lock order:
 * the broker's admin lock (topic listeners), a group's lock, the offsets' lock.
 */
public final class GroupCoordinator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    static final int MAX_GROUP_ID_CHARS = 255;

    /**
     * @param sessionTimeout the session timeout of members that ask for none
     * @param minSessionTimeout the shortest a member may ask for
     * @param maxSessionTimeout the longest a member may ask for
     * @param maxMembers most members per group
     * @param autoOffsetReset the reset policy of members that ask for none
     * @param offsetsCompactionMinRecords the offsets log is compacted only past this many records
     */
    public record Settings(Duration sessionTimeout, Duration minSessionTimeout, Duration maxSessionTimeout,
                           int maxMembers, AutoOffsetReset autoOffsetReset, long offsetsCompactionMinRecords) {

        public static final long DEFAULT_COMPACTION_MIN_RECORDS = 10_000;

        public Settings {
            if (minSessionTimeout.compareTo(maxSessionTimeout) > 0 || sessionTimeout.compareTo(minSessionTimeout) < 0
                    || sessionTimeout.compareTo(maxSessionTimeout) > 0) {
                throw new IllegalArgumentException("session timeouts must satisfy min <= default <= max: "
                        + minSessionTimeout + ", " + sessionTimeout + ", " + maxSessionTimeout);
            }
            if (maxSessionTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the longest session timeout is " + Integer.MAX_VALUE + " ms");
            }
            if (maxMembers < 1) {
                throw new IllegalArgumentException("maxMembers must be positive: " + maxMembers);
            }
        }
    }

    private final Settings settings;
    private final LongSupplier clock;
    private final CommittedOffsets offsets;
    private final GroupRegistry registry;
    private final MemberPolls polls;
    private final GroupOffsets groupOffsets;
    private ScheduledExecutorService scheduler;

    private GroupCoordinator(LogBroker broker, CommittedOffsets offsets, Settings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.offsets = offsets;
        this.registry = new GroupRegistry(broker, offsets, clock);
        this.polls = new MemberPolls(registry, broker);
        this.groupOffsets = new GroupOffsets(registry, broker, offsets);
    }

    /**
     * Opens and replays the offsets log, drops offsets of topics deleted while the platform was down,
     * and follows topic changes from then on. The broker must be started.
     *
     * @param clock epoch milliseconds, for session timeouts and commit times
     */
    public static GroupCoordinator start(LogBroker broker, AppendLogs appendLogs, Settings settings,
                                         LongSupplier clock) {
        CommittedOffsets offsets = CommittedOffsets.open(appendLogs, settings.offsetsCompactionMinRecords());
        GroupCoordinator coordinator = new GroupCoordinator(broker, offsets, settings, clock);
        Set<String> topics = new TreeSet<>();
        broker.topics().forEach(topic -> topics.add(topic.name()));
        await(offsets.delete((group, partition) -> !topics.contains(partition.topic()), clock.getAsLong()));
        broker.addTopicListener(coordinator::topicChanged);
        return coordinator;
    }

    /**
     * Starts the daemon thread that evicts expired members and compacts the offsets log every
     * {@code period}, so that members are evicted even when nobody calls.
     */
    public synchronized void startBackgroundTasks(Duration period) {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("logbroker-group-coordinator").factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                evictExpired();
                offsets.compactIfNeeded();
            } catch (RuntimeException e) {
                log.warn("Consumer group maintenance failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reports group changes to {@code value} from now on (metrics). */
    public void observe(GroupObserver value) {
        registry.observe(value);
        offsets.observe(value);
    }

    // ------------------------------------------------------------------ membership

    /**
     * A new member joins with its subscription; the group is created if needed. Topics that do not
     * exist yet stay in the subscription and are assigned once created, as in Kafka.
     *
     * @param sessionTimeoutMs null for the default
     * @param reset null for the default
     * @throws InvalidSessionTimeoutException outside the allowed range
     * @throws GroupMaxSizeReachedException if the group is full
     */
    public MemberAssignment join(String groupId, Collection<String> topics, Integer sessionTimeoutMs,
                                 AutoOffsetReset reset) {
        validateGroupId(groupId);
        SortedSet<String> subscription = validateSubscription(topics);
        int timeout = sessionTimeout(sessionTimeoutMs);
        while (true) {
            ConsumerGroup group = registry.liveGroup(groupId);
            long now = clock.getAsLong();
            group.lock.lock();
            try {
                if (group.isDead()) {
                    continue;
                }
                registry.evictExpired(group, now);
                if (group.memberCount() >= settings.maxMembers()) {
                    throw new GroupMaxSizeReachedException("group '" + groupId + "' has the most members allowed ("
                            + settings.maxMembers() + ")");
                }
                GroupMember member = new GroupMember(Uuid.randomUuid().toString(), subscription, timeout,
                        reset == null ? settings.autoOffsetReset() : reset, now);
                group.add(member);
                registry.rebalance(group);
                group.reconcile(member, registry.positions(group));
                log.debug("Group {}: member {} joined, subscribed to {}; group epoch {}", groupId, member.memberId,
                        subscription, group.groupEpoch());
                return member.assignment();
            } finally {
                group.lock.unlock();
            }
        }
    }

    /**
     * The member is alive: answers its assignment and epoch after reconciling it.
     *
     * @throws UnknownMemberIdException if it left or was evicted (it joins again)
     */
    public MemberAssignment heartbeat(String groupId, String memberId) {
        ConsumerGroup group = registry.memberGroup(groupId, memberId);
        group.lock.lock();
        try {
            return registry.contact(group, memberId).assignment();
        } finally {
            group.lock.unlock();
        }
    }

    /** The member leaves; its partitions move to the others. */
    public void leave(String groupId, String memberId) {
        ConsumerGroup group = registry.memberGroup(groupId, memberId);
        group.lock.lock();
        try {
            registry.evictExpired(group, clock.getAsLong());
            GroupMember member = registry.knownMember(group, memberId);
            group.remove(member);
            registry.rebalance(group);
            log.debug("Group {}: member {} left; group epoch {}", groupId, memberId, group.groupEpoch());
        } finally {
            group.lock.unlock();
        }
        registry.dropIfGone(group);
    }

    /**
     * Evicts, in every group, the members silent past their session timeout; their partitions move
     * to the others, and groups left with neither members nor offsets go.
     *
     * @return how many members were evicted
     */
    public int evictExpired() {
        int evicted = 0;
        long now = clock.getAsLong();
        for (ConsumerGroup group : registry.groups()) {
            group.lock.lock();
            try {
                evicted += registry.evictExpired(group, now);
            } finally {
                group.lock.unlock();
            }
            registry.dropIfGone(group);
        }
        return evicted;
    }

    /** A topic got partitions, changed settings or was deleted (called under the broker's admin lock). */
    private void topicChanged(Topic topic) {
        boolean deleted = registry.existingTopic(topic.name()) != topic;
        for (ConsumerGroup group : registry.groups()) {
            group.lock.lock();
            try {
                // every group's lock is taken, subscribed or not: a commit that saw the topic under
                // its group's lock is numbered before the tombstones below
                if (!group.isDead() && group.subscribedTopics().contains(topic.name())) {
                    registry.refreshTopics(group);
                    group.signal(); // waiting polls watch the partitions anew (a settings change reopens them)
                }
            } finally {
                group.lock.unlock();
            }
        }
        if (deleted) {
            try {
                await(offsets.delete((group, partition) -> partition.topic().equals(topic.name()),
                        clock.getAsLong()));
            } catch (RuntimeException e) {
                log.warn("Committed offsets of deleted topic {} could not be deleted now ({}); they will be when "
                        + "the platform next starts", topic.name(), e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------------ poll and offsets

    /** {@link #poll(String, String, int, int, Duration, Function)} answering the result itself. */
    public PollResult poll(String groupId, String memberId, int maxRecords, int maxBytes, Duration wait)
            throws InterruptedException {
        return poll(groupId, memberId, maxRecords, maxBytes, wait, Function.identity());
    }

    /**
     * Records of the member's partitions from its fetch positions, at most {@code maxRecords} and
     * about {@code maxBytes} of keys and values; also a heartbeat. A partition the member is given
     * starts at the group's committed offset, or by the member's reset policy if there is none or
     * it is no longer in the log. When no partition has a record, waits up to {@code wait} for an
     * append to any of them or a change of the assignment, woken by the event. The positions move
     * past the records only once {@code render} has turned them into the answer without failing
     * (a record the client cannot be sent is not skipped). A member's polls run one at a time; a
     * member with a poll in progress is not evicted.
     *
     * @throws UnknownMemberIdException if the member left or was evicted
     */
    public <T> T poll(String groupId, String memberId, int maxRecords, int maxBytes, Duration wait,
                      Function<PollResult, T> render) throws InterruptedException {
        return polls.poll(groupId, memberId, maxRecords, maxBytes, wait, render);
    }

    /**
     * Commits offsets for the member: fenced unless the member is known, {@code generation} is its
     * current member epoch and it owns every partition. Durable when this returns. Offsets past the
     * log end are refused (they would skip records not yet written); offsets before the log start
     * are accepted (retention may have removed processed records before their commit), and the
     * reset policy applies when a member resumes there.
     *
     * <p>Without a member id (a standalone consumer's commit, Kafka's generation -1), accepted only
     * while the group has no members.
     *
     * @throws UnknownMemberIdException unknown or evicted member, or a standalone commit to a group
     *     with members
     * @throws IllegalGenerationException a stale generation, or a partition the member does not own
     * @throws OffsetOutOfRangeException a negative offset or one past the log end
     */
    public List<CommittedOffset> commit(String groupId, String memberId, int generation, List<OffsetCommit> commits) {
        validateGroupId(groupId);
        return groupOffsets.commit(groupId, memberId, generation, commits);
    }

    /**
     * Moves the group's committed offsets of a topic (all partitions, or those given), Kafka's
     * {@code kafka-consumer-groups --reset-offsets}; only while the group has no members. Creates
     * the group if it does not exist.
     *
     * @throws GroupNotEmptyException if the group has members
     */
    public List<CommittedOffset> resetOffsets(String groupId, String topic, ResetTarget to, List<Integer> partitions) {
        validateGroupId(groupId);
        return groupOffsets.reset(groupId, topic, to, partitions);
    }

    /**
     * Deletes an empty group and its committed offsets, Kafka's DeleteGroups.
     *
     * @throws GroupNotEmptyException if it has members
     * @throws GroupIdNotFoundException if there is no such group
     */
    public void deleteGroup(String groupId) {
        groupOffsets.deleteGroup(groupId);
    }

    // ------------------------------------------------------------------ describe

    /**
     * The group's state, members with their assignments, and per partition the committed offset,
     * the log end and the lag.
     *
     * @throws GroupIdNotFoundException if the group has neither members nor committed offsets
     */
    public GroupDescription describe(String groupId) {
        ConsumerGroup group = registry.group(groupId);
        GroupState state = GroupState.EMPTY;
        int epoch = 0;
        List<GroupDescription.Member> members = new ArrayList<>();
        Map<TopicPartition, String> owners = new TreeMap<>(ConsumerGroup.PARTITION_ORDER);
        if (group != null) {
            group.lock.lock();
            try {
                registry.evictExpired(group, clock.getAsLong());
                if (!group.isDead()) {
                    state = group.state();
                    epoch = group.groupEpoch();
                    for (GroupMember member : group.members()) {
                        members.add(new GroupDescription.Member(member.memberId, member.memberEpoch,
                                List.copyOf(member.topics), member.ownedPartitions(), List.copyOf(member.target),
                                member.lastContactMs, member.sessionTimeoutMs, member.autoOffsetReset.kafkaName(),
                                member.pollsInFlight > 0));
                        member.owned.keySet().forEach(partition -> owners.put(partition, member.memberId));
                    }
                }
            } finally {
                group.lock.unlock();
            }
        }
        Map<TopicPartition, Committed> committed = offsets.committed(groupId);
        if (members.isEmpty() && committed.isEmpty()) {
            throw new GroupIdNotFoundException("group '" + groupId + "' does not exist");
        }
        TreeSet<TopicPartition> partitions = new TreeSet<>(ConsumerGroup.PARTITION_ORDER);
        partitions.addAll(committed.keySet());
        partitions.addAll(owners.keySet());
        List<GroupDescription.PartitionOffset> lags = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            Partition log = registry.existingPartition(partition);
            if (log == null) {
                continue;
            }
            long end = log.endOffset();
            Committed c = committed.get(partition);
            lags.add(new GroupDescription.PartitionOffset(partition.topic(), partition.partition(),
                    c == null ? null : c.offset(), c == null ? null : c.metadata(), end,
                    c == null ? null : Math.max(0, end - c.offset()), owners.get(partition)));
        }
        return new GroupDescription(groupId, state, epoch, members, lags);
    }

    /** Every group with members or committed offsets, by id. */
    public List<GroupListing> listGroups() {
        TreeSet<String> ids = new TreeSet<>(offsets.groups());
        registry.groups().forEach(group -> ids.add(group.id));
        List<GroupListing> result = new ArrayList<>();
        for (String id : ids) {
            ConsumerGroup group = registry.group(id);
            GroupState state = GroupState.EMPTY;
            int epoch = 0;
            int members = 0;
            if (group != null) {
                group.lock.lock();
                try {
                    if (!group.isDead()) {
                        state = group.state();
                        epoch = group.groupEpoch();
                        members = group.memberCount();
                    }
                } finally {
                    group.lock.unlock();
                }
            }
            if (members > 0 || offsets.hasOffsets(id)) {
                result.add(new GroupListing(id, state, epoch, members));
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ for meters (no locks)

    /** Log end minus committed offset (never negative), or NaN if either is unknown. */
    public double lag(String groupId, TopicPartition partition) {
        Committed committed = offsets.committed(groupId, partition);
        Partition log = committed == null ? null : registry.existingPartition(partition);
        return log == null ? Double.NaN : Math.max(0, log.endOffset() - committed.offset());
    }

    /** Members of the group now (0 if unknown). */
    public int memberCount(String groupId) {
        ConsumerGroup group = registry.group(groupId);
        return group == null ? 0 : group.memberCount();
    }

    /** Every group's partitions with committed offsets. */
    public Map<String, Set<TopicPartition>> committedPartitions() {
        return offsets.partitionsByGroup();
    }

    /** The groups held in memory (those with members, and empty ones with offsets seen since start-up). */
    public Set<String> activeGroups() {
        Set<String> ids = new TreeSet<>();
        registry.groups().forEach(group -> ids.add(group.id));
        return ids;
    }

    /** Compacts the offsets log if it has grown past its live entries (the background task calls it). */
    public boolean compactOffsets() {
        return offsets.compactIfNeeded();
    }

    /** Records in the offsets log now. */
    long offsetsLogRecords() {
        return offsets.logRecords();
    }

    // ------------------------------------------------------------------ validation

    private static void validateGroupId(String groupId) {
        if (groupId == null || groupId.isEmpty() || groupId.length() > MAX_GROUP_ID_CHARS
                || groupId.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidGroupIdException("a group id is 1 to " + MAX_GROUP_ID_CHARS
                    + " characters without control characters");
        }
    }

    private static SortedSet<String> validateSubscription(Collection<String> topics) {
        if (topics == null || topics.isEmpty()) {
            throw new InvalidRequestException("a member subscribes to at least one topic");
        }
        SortedSet<String> subscription = new TreeSet<>();
        for (String topic : topics) {
            if (topic == null) {
                throw new InvalidRequestException("a topic name is null");
            }
            org.apache.kafka.common.internals.Topic.validate(topic);
            subscription.add(topic);
        }
        return Collections.unmodifiableSortedSet(subscription);
    }

    private int sessionTimeout(Integer requested) {
        if (requested == null) {
            return (int) settings.sessionTimeout().toMillis();
        }
        long min = settings.minSessionTimeout().toMillis();
        long max = settings.maxSessionTimeout().toMillis();
        if (requested < min || requested > max) {
            throw new InvalidSessionTimeoutException("sessionTimeoutMs must be between " + min + " and " + max
                    + ", not " + requested);
        }
        return requested;
    }

    private static void await(CommittedOffsets.Write write) {
        if (write != null) {
            write.await();
        }
    }

    /** Stops the background thread (letting a running eviction or compaction finish) and closes the offsets log. */
    @Override
    public void close() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = scheduler;
        }
        if (stopping != null) {
            stopping.shutdown();
            try {
                if (!stopping.awaitTermination(10, TimeUnit.SECONDS)) {
                    log.warn("Consumer group maintenance did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        offsets.close();
    }
}
