package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The group test: a topic of 3 partitions; simulated consumers join, leave and crash (stop
 * heartbeating, then the clock passes their session timeout) while records are produced and
 * consumed. At every stable generation the assignments are disjoint and cover all partitions.
 * Consumers commit after processing, so no record is lost across rebalances (at-least-once), and a
 * record is processed again only where its earlier processing was not committed.
 *
 * <p>Randomized; the seed is printed and can be pinned with {@code -Dgroups.seed=}.
 */
class GroupRebalanceAcceptanceTest {

    private static final String GROUP = "acceptance";
    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;
    private static final int STEPS = 300;
    private static final Set<TopicPartition> ALL = Set.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
            new TopicPartition(TOPIC, 2));

    @TempDir
    Path dir;

    private GroupFixture fixture;
    private GroupCoordinator coordinator;
    private Random random;
    private final List<Consumer> live = new ArrayList<>();
    /** Every processing of every record, by partition and offset, in order. */
    private final Map<TopicPartition, Map<Long, List<Processing>>> history = new HashMap<>();
    private final Map<TopicPartition, Long> produced = new HashMap<>();
    private final List<Integer> stableGenerations = new ArrayList<>();
    private int joins;
    private int leaves;
    private int crashes;
    private int duplicates;

    /** One processing of one record by one consumer; committed once that consumer's commit covered it. */
    private static final class Processing {
        final String member;
        boolean committed;

        Processing(String member) {
            this.member = member;
        }
    }

    /** A simulated consumer: what it believes it owns, and its processed but uncommitted records. */
    private final class Consumer {
        final String memberId;
        int generation;
        Set<TopicPartition> assignment = Set.of();
        final Map<TopicPartition, List<Map.Entry<Long, Processing>>> uncommitted = new HashMap<>();

        Consumer(MemberAssignment joined) {
            this.memberId = joined.memberId();
            learn(joined.generation(), joined.assignments());
        }

        /** An answer of the coordinator: work on partitions it lost stays uncommitted for ever. */
        void learn(int newGeneration, List<TopicPartition> partitions) {
            generation = newGeneration;
            assignment = Set.copyOf(partitions);
            uncommitted.keySet().retainAll(assignment);
        }

        void heartbeat() {
            MemberAssignment answer = coordinator.heartbeat(GROUP, memberId);
            learn(answer.generation(), answer.assignments());
        }

        /**
         * Polls, processes what it got and, if asked, commits all it has processed; answers how many
         * records it got.
         */
        int consume(int maxRecords, boolean commit) throws InterruptedException {
            PollResult result = coordinator.poll(GROUP, memberId, maxRecords, 1 << 20, Duration.ZERO);
            learn(result.generation(), result.assignments());
            for (PollResult.PolledRecord polled : result.records()) {
                TopicPartition partition = new TopicPartition(polled.topic(), polled.partition());
                assertThat(assignment).as("a record of a partition %s owns", memberId).contains(partition);
                long offset = polled.record().offset();
                Processing processing = new Processing(memberId);
                List<Processing> earlier = history.computeIfAbsent(partition, p -> new HashMap<>())
                        .computeIfAbsent(offset, o -> new ArrayList<>());
                if (!earlier.isEmpty()) {
                    duplicates++;
                }
                earlier.add(processing);
                uncommitted.computeIfAbsent(partition, p -> new ArrayList<>()).add(Map.entry(offset, processing));
            }
            // as a Kafka consumer's commitSync(): the positions of everything processed so far
            Map<TopicPartition, Long> next = new LinkedHashMap<>();
            uncommitted.forEach((partition, pending) -> pending.forEach(entry ->
                    next.merge(partition, entry.getKey() + 1, Math::max)));
            if (commit && !next.isEmpty()) {
                List<OffsetCommit> offsets = new ArrayList<>();
                next.forEach((partition, offset) -> offsets.add(new OffsetCommit(partition.topic(),
                        partition.partition(), offset, null)));
                // the generation of the poll: nothing else spoke for this member since
                coordinator.commit(GROUP, memberId, generation, offsets);
                next.forEach((partition, offset) -> {
                    List<Map.Entry<Long, Processing>> pending = uncommitted.getOrDefault(partition, List.of());
                    pending.removeIf(entry -> {
                        if (entry.getKey() < offset) {
                            entry.getValue().committed = true;
                            return true;
                        }
                        return false;
                    });
                });
            }
            return result.records().size();
        }
    }

    @BeforeEach
    void open() {
        long seed = Long.getLong("groups.seed", System.nanoTime());
        System.out.println("GroupRebalanceAcceptanceTest seed: " + seed);
        random = new Random(seed);
        fixture = new GroupFixture(dir);
        coordinator = fixture.coordinator;
        fixture.createTopic(TOPIC, PARTITIONS);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void assignmentsStayDisjointAndCompleteAndNoRecordIsLostAcrossRebalances() throws InterruptedException {
        join();
        for (int step = 0; step < STEPS; step++) {
            int action = random.nextInt(10);
            if (action < 3) {
                produce();
            } else if (action < 7) {
                Consumer consumer = live.get(random.nextInt(live.size()));
                consumer.consume(1 + random.nextInt(8), random.nextInt(5) > 0);
            } else if (action == 7 && live.size() < 5) {
                join();
            } else if (action == 8 && live.size() > 1) {
                leave(live.get(random.nextInt(live.size())));
            } else if (action == 9 && live.size() > 1) {
                crash(live.get(random.nextInt(live.size())));
            }
            assertOwnershipDisjoint();
        }
        drain();

        assertEveryRecordProcessedAndDuplicatesOnlyOfUncommittedWork();
        assertThat(stableGenerations).isSorted();
        System.out.printf("%d joins, %d leaves, %d crashes, %d stable generations, %d records, %d reprocessed%n",
                joins, leaves, crashes, stableGenerations.size(),
                produced.values().stream().mapToLong(Long::longValue).sum(), duplicates);
    }

    private void produce() {
        int partition = random.nextInt(PARTITIONS);
        int count = 1 + random.nextInt(5);
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = "v" + i;
        }
        long[] offsets = fixture.produce(TOPIC, partition, values);
        produced.merge(new TopicPartition(TOPIC, partition), (long) offsets.length, Long::sum);
    }

    private void join() {
        live.add(new Consumer(coordinator.join(GROUP, List.of(TOPIC), null, null)));
        joins++;
        stabilize();
    }

    /** Leaves, committing its work first or not. */
    private void leave(Consumer consumer) throws InterruptedException {
        if (random.nextBoolean()) {
            consumer.consume(1 + random.nextInt(8), true);
        }
        coordinator.leave(GROUP, consumer.memberId);
        live.remove(consumer);
        leaves++;
        stabilize();
    }

    /** Processes without committing, maybe, then stops calling; the others carry on until it is evicted. */
    private void crash(Consumer consumer) throws InterruptedException {
        if (random.nextBoolean()) {
            consumer.consume(1 + random.nextInt(8), false);
        }
        live.remove(consumer);
        crashes++;
        int beforeEviction = coordinator.memberCount(GROUP);
        long silentFor = 0;
        while (silentFor <= GroupFixture.SESSION_TIMEOUT_MS) {
            fixture.advance(GroupFixture.SESSION_TIMEOUT_MS / 3);
            silentFor += GroupFixture.SESSION_TIMEOUT_MS / 3;
            live.forEach(Consumer::heartbeat);
            assertOwnershipDisjoint();
        }
        assertThat(coordinator.memberCount(GROUP)).as("the crashed member is evicted").isEqualTo(beforeEviction - 1);
        stabilize();
    }

    /** Heartbeats every live consumer until the group is stable, then checks the stable generation. */
    private void stabilize() {
        for (int round = 0; round < 10; round++) {
            live.forEach(Consumer::heartbeat);
            assertOwnershipDisjoint();
            GroupDescription group = coordinator.describe(GROUP);
            if (group.state() == GroupState.STABLE) {
                assertStableGeneration(group);
                return;
            }
        }
        fail("the group did not become stable: " + coordinator.describe(GROUP));
    }

    private void assertStableGeneration(GroupDescription group) {
        Set<TopicPartition> covered = new HashSet<>();
        for (Consumer consumer : live) {
            assertThat(consumer.generation).as("member generation at a stable group").isEqualTo(group.groupEpoch());
            for (TopicPartition partition : consumer.assignment) {
                assertThat(covered.add(partition)).as("%s assigned once at generation %d", partition,
                        group.groupEpoch()).isTrue();
            }
        }
        assertThat(covered).as("every partition assigned at generation %d", group.groupEpoch()).isEqualTo(ALL);
        assertThat(group.members()).hasSize(live.size());
        int most = live.stream().mapToInt(c -> c.assignment.size()).max().orElseThrow();
        int least = live.stream().mapToInt(c -> c.assignment.size()).min().orElseThrow();
        assertThat(most - least).as("balanced").isLessThanOrEqualTo(1);
        stableGenerations.add(group.groupEpoch());
    }

    /** At every moment, not only stable ones, no partition has two owners. */
    private void assertOwnershipDisjoint() {
        List<TopicPartition> owned = coordinator.describe(GROUP).ownedPartitions();
        assertThat(owned).doesNotHaveDuplicates();
    }

    /** The live consumers poll and commit until the group has consumed everything. */
    private void drain() throws InterruptedException {
        stabilize();
        for (int round = 0; round < 1000; round++) {
            int processed = 0;
            for (Consumer consumer : live) {
                processed += consumer.consume(50, true);
            }
            if (processed == 0) {
                break;
            }
        }
        GroupDescription group = coordinator.describe(GROUP);
        produced.forEach((partition, count) -> assertThat(group.offsets()).as("offsets of %s", partition)
                .anySatisfy(offset -> {
                    assertThat(offset.partition()).isEqualTo(partition.partition());
                    assertThat(offset.committed()).isEqualTo(count);
                    assertThat(offset.lag()).isZero();
                }));
    }

    private void assertEveryRecordProcessedAndDuplicatesOnlyOfUncommittedWork() {
        produced.forEach((partition, count) -> {
            Map<Long, List<Processing>> processed = history.getOrDefault(partition, Map.of());
            for (long offset = 0; offset < count; offset++) {
                List<Processing> processings = processed.get(offset);
                assertThat(processings).as("%s offset %d processed", partition, offset).isNotEmpty();
                for (int i = 0; i < processings.size() - 1; i++) {
                    assertThat(processings.get(i).committed)
                            .as("%s offset %d processed again after %s committed it", partition, offset,
                                    processings.get(i).member).isFalse();
                }
                assertThat(processings.getLast().committed).as("%s offset %d finally committed", partition, offset)
                        .isTrue();
            }
        });
    }
}
