package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One consumer group's membership and assignment, after Kafka's consumer group protocol (KIP-848).
 *
 * <p><b>Epochs.</b> The group epoch moves on every change of members, subscriptions or subscribed
 * topics' partitions, and a target assignment is computed for it at once ({@link UniformAssignor}).
 * Each member has a member epoch, the {@code generation} it sees.
 *
 * <p><b>Reconciliation</b> happens whenever a member is heard from (join, heartbeat, poll): the
 * partitions it owns that are not in its target are revoked at once, and it is given each
 * partition of its target that nobody owns (and that no commit is being written for). Revocation
 * is acknowledged by the answer itself, which tells the member what it lost; so after every
 * reconciliation the member has nothing left to revoke and moves to the group epoch, as a KIP-848
 * member does once it has acknowledged its revocations. Partitions it is still waiting for (owned
 * by members not yet heard from) come with a later answer, at the same epoch.
 *
 * <p><b>Invariants</b>: a partition has at most one owner ({@link #owners}); a member owns only
 * partitions that exist; commits are accepted only from a partition's owner at its current member
 * epoch; a partition changes owner only when no commit for it is in flight, so the next owner
 * starts from the final committed offset. The group is stable when every member is at the group
 * epoch and owns exactly its target.
 *
 * <p>Guarded by {@link #lock}, except the watchers and {@link #memberCount()}.
 */
final class ConsumerGroup {

    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    /** A subscribed topic as the target assignment saw it; a topic deleted and created again has a new id. */
    record TopicImage(String topicId, int partitions) {
    }

    /** Where a member starts in a partition it is given: null if the partition is gone. */
    interface PositionSource {
        Long initialPosition(TopicPartition partition, AutoOffsetReset reset);
    }

    final String id;
    final ReentrantLock lock = new ReentrantLock();
    private int groupEpoch;
    private final TreeMap<String, GroupMember> members = new TreeMap<>();
    private final HashMap<TopicPartition, GroupMember> owners = new HashMap<>();
    private final HashMap<TopicPartition, Integer> commitsInFlight = new HashMap<>();
    private Map<String, TopicImage> topics = Map.of();
    private final Set<Runnable> watchers = ConcurrentHashMap.newKeySet();
    private boolean dead;
    private volatile int memberCount;

    ConsumerGroup(String id) {
        this.id = id;
    }

    int groupEpoch() {
        return groupEpoch;
    }

    // ------------------------------------------------------------------ membership

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<GroupMember> members() {
        return members.values();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** Readable without the lock (meters). */
    int memberCount() {
        return memberCount;
    }

    void add(GroupMember member) {
        members.put(member.memberId, member);
        memberCount = members.size();
    }

    /** Removes the member; its partitions are free at once. */
    void remove(GroupMember member) {
        members.remove(member.memberId);
        memberCount = members.size();
        member.owned.keySet().forEach(owners::remove);
        member.owned.clear();
        signal();
    }

    /** The topics any member subscribes to. */
    Set<String> subscribedTopics() {
        Set<String> result = new TreeSet<>();
        members.values().forEach(member -> result.addAll(member.topics));
        return result;
    }

    /** The member owning the partition, or null. */
    GroupMember owner(TopicPartition partition) {
        return owners.get(partition);
    }

    boolean isDead() {
        return dead;
    }

    /** The group is gone from the coordinator; whoever still holds it must look it up again. */
    void markDead() {
        dead = true;
        signal();
    }

    // ------------------------------------------------------------------ target assignment

    /** Whether the subscribed topics differ from what the target assignment was computed for. */
    boolean topicsChanged(Map<String, TopicImage> current) {
        return !current.equals(topics);
    }

    /**
     * Moves to the next group epoch and computes its target assignment for the topics as
     * {@code image} shows them. Owned partitions of topics that are gone (deleted, or deleted and
     * created again) are dropped: their positions mean nothing any more.
     */
    void computeTargetAssignment(Map<String, TopicImage> image) {
        Map<String, TopicImage> old = topics;
        topics = Map.copyOf(image);
        groupEpoch++;
        for (GroupMember member : members.values()) {
            member.owned.keySet().removeIf(partition -> {
                TopicImage before = old.get(partition.topic());
                TopicImage now = image.get(partition.topic());
                boolean gone = now == null || partition.partition() >= now.partitions()
                        || (before != null && !before.topicId().equals(now.topicId()));
                if (gone) {
                    owners.remove(partition);
                }
                return gone;
            });
        }
        TreeMap<String, Set<String>> subscriptions = new TreeMap<>();
        Map<String, NavigableSet<TopicPartition>> previous = new HashMap<>();
        members.values().forEach(member -> {
            subscriptions.put(member.memberId, member.topics);
            previous.put(member.memberId, member.target);
        });
        Map<String, Integer> partitionCounts = new HashMap<>();
        image.forEach((topic, state) -> partitionCounts.put(topic, state.partitions()));
        UniformAssignor.assign(subscriptions, partitionCounts, previous)
                .forEach((memberId, target) -> members.get(memberId).target = target);
        signal();
    }

    /**
     * Brings the member towards its target: revokes what it must give up, gives it what is free,
     * and moves it to the group epoch.
     */
    void reconcile(GroupMember member, PositionSource positions) {
        boolean released = false;
        for (TopicPartition partition : new ArrayList<>(member.owned.keySet())) {
            if (!member.target.contains(partition)) {
                member.owned.remove(partition);
                owners.remove(partition);
                released = true;
            }
        }
        for (TopicPartition partition : member.target) {
            if (!member.owned.containsKey(partition) && !owners.containsKey(partition)
                    && !commitsInFlight.containsKey(partition)) {
                Long position = positions.initialPosition(partition, member.autoOffsetReset);
                if (position != null) {
                    member.owned.put(partition, position);
                    owners.put(partition, member);
                }
            }
        }
        member.memberEpoch = groupEpoch;
        if (released) {
            signal();
        }
    }

    GroupState state() {
        if (members.isEmpty()) {
            return GroupState.EMPTY;
        }
        for (GroupMember member : members.values()) {
            if (member.memberEpoch != groupEpoch || !member.owned.keySet().equals(member.target)) {
                return GroupState.RECONCILING;
            }
        }
        return GroupState.STABLE;
    }

    // ------------------------------------------------------------------ commits in flight

    /** A commit for these partitions is being written: they keep their owner until it ends. */
    void beginCommit(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> commitsInFlight.merge(partition, 1, Integer::sum));
    }

    void endCommit(Collection<TopicPartition> partitions) {
        boolean freed = false;
        for (TopicPartition partition : partitions) {
            if (commitsInFlight.merge(partition, -1, Integer::sum) == 0) {
                commitsInFlight.remove(partition);
                freed = true;
            }
        }
        if (freed) {
            signal();
        }
    }

    boolean hasCommitsInFlight() {
        return !commitsInFlight.isEmpty();
    }

    // ------------------------------------------------------------------ watchers

    /**
     * Registers a callback run whenever the assignment may have moved (a new target, released
     * partitions, a commit ended, the group died): waiting polls re-reconcile.
     */
    void watch(Runnable watcher) {
        watchers.add(watcher);
    }

    void unwatch(Runnable watcher) {
        watchers.remove(watcher);
    }

    /** Wakes the watchers; also used when the subscribed topics' partitions were reopened. */
    void signal() {
        watchers.forEach(Runnable::run);
    }

    List<TopicPartition> ownedPartitions() {
        List<TopicPartition> result = new ArrayList<>(owners.keySet());
        result.sort(PARTITION_ORDER);
        return result;
    }

    @Override
    public String toString() {
        return id;
    }
}
