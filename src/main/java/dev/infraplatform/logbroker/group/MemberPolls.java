package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Partition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidRequestException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Members' polls: records of the member's partitions from its fetch positions, and the long poll
 * that waits for them. A wait registers one latch with the group (woken by a change of the
 * assignment) and with every owned partition (woken by an append) before it reads, so no wake-up
 * is missed between the read and the wait; it never sleeps and re-checks. Woken by the group, a
 * poll reconciles the member again and answers at once, with or without records, if that changed
 * its generation or its partitions: the client learns of a rebalance without waiting out its poll.
 */
final class MemberPolls {

    private final GroupRegistry registry;
    private final LogBroker broker;

    MemberPolls(GroupRegistry registry, LogBroker broker) {
        this.registry = registry;
        this.broker = broker;
    }

    /** The member's positions and assignment as one round of a poll sees them. */
    private record Round(int generation, List<TopicPartition> assignments,
                         List<Map.Entry<TopicPartition, Long>> positions, int cursor) {
    }

    /** See {@link GroupCoordinator#poll(String, String, int, int, Duration, Function)}. */
    <T> T poll(String groupId, String memberId, int maxRecords, int maxBytes, Duration wait,
               Function<PollResult, T> render) throws InterruptedException {
        if (maxRecords < 1 || maxBytes < 1) {
            throw new InvalidRequestException("maxRecords and maxBytes must be positive");
        }
        ConsumerGroup group = registry.memberGroup(groupId, memberId);
        GroupMember member;
        group.lock.lock();
        try {
            registry.evictExpired(group, registry.now());
            member = registry.knownMember(group, memberId);
        } finally {
            group.lock.unlock();
        }
        member.pollLock.lockInterruptibly();
        try {
            return pollOneAtATime(group, member, maxRecords, maxBytes, wait, render);
        } finally {
            member.pollLock.unlock();
        }
    }

    private <T> T pollOneAtATime(ConsumerGroup group, GroupMember member, int maxRecords, int maxBytes,
                                 Duration wait, Function<PollResult, T> render) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean counted = false;
        Round first = null;
        try {
            while (true) {
                boolean waiting = deadline - System.nanoTime() > 0;
                CountDownLatch wakeUp = new CountDownLatch(1);
                Runnable watcher = wakeUp::countDown;
                List<Partition> watched = new ArrayList<>();
                if (waiting) {
                    group.watch(watcher); // before the round is taken: no change of the assignment is missed
                }
                try {
                    Round round = beginRound(group, member, !counted);
                    counted = true;
                    if (first == null) {
                        first = round;
                    }
                    boolean reassigned = round.generation() != first.generation()
                            || !round.assignments().equals(first.assignments());
                    if (waiting) {
                        for (Map.Entry<TopicPartition, Long> position : round.positions()) {
                            Partition partition = registry.existingPartition(position.getKey());
                            if (partition != null) {
                                partition.watch(watcher); // before the read: no append is missed
                                watched.add(partition);
                            }
                        }
                    }
                    MemberFetch fetch = MemberFetch.read(broker, round.positions(), round.cursor(), maxRecords,
                            maxBytes, member.autoOffsetReset);
                    if (!fetch.records().isEmpty() || reassigned || deadline - System.nanoTime() <= 0) {
                        return finishRound(group, member, round, fetch, render);
                    }
                    if (!fetch.newPositions().isEmpty()) {
                        finishRound(group, member, round, fetch, Function.identity()); // keeps the resets
                    }
                    wakeUp.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                } finally {
                    group.unwatch(watcher);
                    watched.forEach(partition -> partition.unwatch(watcher));
                }
            }
        } finally {
            group.lock.lock();
            try {
                if (counted) {
                    member.pollsInFlight--;
                }
                member.lastContactMs = Math.max(member.lastContactMs, registry.now());
            } finally {
                group.lock.unlock();
            }
        }
    }

    /** Reconciles the member (a poll is a heartbeat) and takes its positions. */
    private Round beginRound(ConsumerGroup group, GroupMember member, boolean first) {
        group.lock.lock();
        try {
            if (group.isDead() || group.member(member.memberId) != member) {
                throw GroupRegistry.unknownMember(group.id, member.memberId);
            }
            registry.contact(group, member.memberId);
            if (first) {
                member.pollsInFlight++;
            }
            return new Round(member.memberEpoch, member.ownedPartitions(), List.copyOf(member.owned.entrySet()),
                    member.pollCursor);
        } finally {
            group.lock.unlock();
        }
    }

    /**
     * Renders the answer, then moves the positions past it: a position changed meanwhile (the
     * partition was revoked, or revoked and given back) is left alone.
     */
    private <T> T finishRound(ConsumerGroup group, GroupMember member, Round round, MemberFetch fetch,
                              Function<PollResult, T> render) {
        T answer = render.apply(new PollResult(round.generation(), round.assignments(), fetch.records()));
        Map<TopicPartition, Long> before = new HashMap<>();
        round.positions().forEach(entry -> before.put(entry.getKey(), entry.getValue()));
        group.lock.lock();
        try {
            fetch.newPositions().forEach((partition, position) -> {
                Long current = member.owned.get(partition);
                if (current != null && current.equals(before.get(partition))) {
                    member.owned.put(partition, position);
                }
            });
            member.pollCursor++;
        } finally {
            group.lock.unlock();
        }
        return answer;
    }
}
