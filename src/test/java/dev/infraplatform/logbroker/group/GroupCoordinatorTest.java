package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupMaxSizeReachedException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCoordinatorTest {

    private static final int MAX_BYTES = 1 << 20;

    @TempDir
    Path dir;

    private GroupFixture fixture;
    private GroupCoordinator coordinator;

    @BeforeEach
    void open() {
        fixture = new GroupFixture(dir, GroupCoordinator.Settings.DEFAULT_COMPACTION_MIN_RECORDS, 3);
        coordinator = fixture.coordinator;
        fixture.createTopic("orders", 3);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static List<TopicPartition> partitions(String topic, int... indexes) {
        return java.util.Arrays.stream(indexes).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private MemberAssignment join(String group) {
        return coordinator.join(group, List.of("orders"), null, null);
    }

    private PollResult poll(String group, String member) throws InterruptedException {
        return coordinator.poll(group, member, 100, MAX_BYTES, Duration.ZERO);
    }

    private static List<String> values(PollResult result) {
        return result.records().stream().map(r -> new String(r.record().value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void aSoleMemberOwnsEveryPartition() {
        MemberAssignment a = join("billing");

        assertThat(a.generation()).isEqualTo(1);
        assertThat(a.assignments()).containsExactlyElementsOf(partitions("orders", 0, 1, 2));
        assertThat(a.sessionTimeoutMs()).isEqualTo(GroupFixture.SESSION_TIMEOUT_MS);
        assertThat(coordinator.describe("billing").state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void aPartitionMovesOnlyOnceItsOwnerHasLearntItLostIt() {
        MemberAssignment a = join("billing");
        MemberAssignment b = join("billing");

        assertThat(b.generation()).isEqualTo(2);
        assertThat(b.assignments()).isEmpty(); // its target is still owned by a
        assertThat(coordinator.describe("billing").state()).isEqualTo(GroupState.RECONCILING);

        MemberAssignment aAgain = coordinator.heartbeat("billing", a.memberId());
        assertThat(aAgain.generation()).isEqualTo(2);
        assertThat(aAgain.assignments()).hasSize(2);

        MemberAssignment bAgain = coordinator.heartbeat("billing", b.memberId());
        assertThat(bAgain.assignments()).hasSize(1).doesNotContainAnyElementsOf(aAgain.assignments());
        assertThat(coordinator.describe("billing").state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void moreMembersThanPartitionsLeaveSomeIdle() {
        fixture.createTopic("rare", 1);
        MemberAssignment a = coordinator.join("few", List.of("rare"), null, null);
        MemberAssignment b = coordinator.join("few", List.of("rare"), null, null);

        assertThat(coordinator.heartbeat("few", a.memberId()).assignments()).hasSize(1);
        assertThat(coordinator.heartbeat("few", b.memberId()).assignments()).isEmpty();
        GroupDescription group = coordinator.describe("few");
        assertThat(group.state()).isEqualTo(GroupState.STABLE);
        assertThat(group.ownedPartitions()).containsExactly(new TopicPartition("rare", 0));
    }

    @Test
    void aSilentMemberIsEvictedAndItsPartitionsMove() {
        MemberAssignment a = join("billing");
        MemberAssignment b = join("billing");
        coordinator.heartbeat("billing", a.memberId());
        coordinator.heartbeat("billing", b.memberId());

        fixture.advance(GroupFixture.SESSION_TIMEOUT_MS / 2);
        coordinator.heartbeat("billing", b.memberId());
        fixture.advance(GroupFixture.SESSION_TIMEOUT_MS / 2 + 1);

        MemberAssignment survivor = coordinator.heartbeat("billing", b.memberId());
        assertThat(survivor.assignments()).containsExactlyElementsOf(partitions("orders", 0, 1, 2));
        assertThat(survivor.generation()).isEqualTo(3);
        assertThatThrownBy(() -> coordinator.heartbeat("billing", a.memberId()))
                .isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void theBackgroundTaskEvictsWhenNobodyCalls() throws InterruptedException {
        CountDownLatch evicted = new CountDownLatch(1);
        coordinator.observe(new GroupObserver() {
            @Override
            public void membersEvicted(String group, int count) {
                evicted.countDown();
            }
        });
        MemberAssignment a = join("billing");
        fixture.advance(GroupFixture.SESSION_TIMEOUT_MS + 1);
        coordinator.startBackgroundTasks(Duration.ofMillis(5));

        assertThat(evicted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(coordinator.memberCount("billing")).isZero();
        assertThatThrownBy(() -> coordinator.heartbeat("billing", a.memberId()))
                .isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void sessionTimeoutsOutsideTheLimitsAndFullGroupsAreRefused() {
        assertThatThrownBy(() -> coordinator.join("billing", List.of("orders"), 999, null))
                .isInstanceOf(InvalidSessionTimeoutException.class);
        assertThatThrownBy(() -> coordinator.join("billing", List.of("orders"), 31 * 60_000, null))
                .isInstanceOf(InvalidSessionTimeoutException.class);
        assertThat(coordinator.join("billing", List.of("orders"), 1000, null).sessionTimeoutMs()).isEqualTo(1000);
        join("billing");
        join("billing");
        assertThatThrownBy(() -> join("billing")).isInstanceOf(GroupMaxSizeReachedException.class);
    }

    @Test
    void commitsAreFencedByMembershipGenerationAndOwnership() {
        fixture.produce("orders", 0, "a", "b");
        MemberAssignment a = join("billing");
        MemberAssignment b = join("billing");
        MemberAssignment current = coordinator.heartbeat("billing", a.memberId());
        TopicPartition owned = current.assignments().getFirst();
        TopicPartition notOwned = coordinator.heartbeat("billing", b.memberId()).assignments().getFirst();

        assertThatThrownBy(() -> coordinator.commit("billing", a.memberId(), a.generation(),
                List.of(new OffsetCommit(owned.topic(), owned.partition(), 0, null))))
                .isInstanceOf(IllegalGenerationException.class).hasMessageContaining("stale");
        assertThatThrownBy(() -> coordinator.commit("billing", "nobody", current.generation(),
                List.of(new OffsetCommit(owned.topic(), owned.partition(), 0, null))))
                .isInstanceOf(UnknownMemberIdException.class);
        assertThatThrownBy(() -> coordinator.commit("billing", a.memberId(), current.generation(),
                List.of(new OffsetCommit(notOwned.topic(), notOwned.partition(), 0, null))))
                .isInstanceOf(IllegalGenerationException.class).hasMessageContaining("not assigned");
        assertThatThrownBy(() -> coordinator.commit("billing", a.memberId(), current.generation(),
                List.of(new OffsetCommit("orders", owned.partition(), -1, null))))
                .isInstanceOf(OffsetOutOfRangeException.class);
        long end = fixture.broker.partition("orders", owned.partition()).endOffset();
        assertThatThrownBy(() -> coordinator.commit("billing", a.memberId(), current.generation(),
                List.of(new OffsetCommit("orders", owned.partition(), end + 1, null))))
                .isInstanceOf(OffsetOutOfRangeException.class).hasMessageContaining("past the log end");

        assertThat(coordinator.commit("billing", a.memberId(), current.generation(),
                List.of(new OffsetCommit("orders", owned.partition(), end, "done")))).singleElement()
                .satisfies(c -> assertThat(c.offset()).isEqualTo(end));
        assertThat(coordinator.describe("billing").offsets()).anySatisfy(o -> {
            assertThat(o.partition()).isEqualTo(owned.partition());
            assertThat(o.committed()).isEqualTo(end);
            assertThat(o.metadata()).isEqualTo("done");
        });
    }

    @Test
    void aStandaloneCommitIsAcceptedOnlyWhileTheGroupHasNoMembers() {
        fixture.produce("orders", 1, "a", "b", "c");
        coordinator.commit("tools", null, -1, List.of(new OffsetCommit("orders", 1, 2, null)));
        assertThat(coordinator.describe("tools").state()).isEqualTo(GroupState.EMPTY);

        join("tools");
        assertThatThrownBy(() -> coordinator.commit("tools", null, -1, List.of(new OffsetCommit("orders", 1, 3, null))))
                .isInstanceOf(UnknownMemberIdException.class);
    }

    @Test
    void pollReadsFromTheCommittedOffsetAndAdvancesThePosition() throws InterruptedException {
        fixture.produce("orders", 0, "r0", "r1", "r2", "r3", "r4");
        MemberAssignment a = join("billing");

        assertThat(values(poll("billing", a.memberId()))).containsExactly("r0", "r1", "r2", "r3", "r4");
        assertThat(poll("billing", a.memberId()).records()).isEmpty();
        coordinator.commit("billing", a.memberId(), a.generation(), List.of(new OffsetCommit("orders", 0, 3, null)));
        coordinator.leave("billing", a.memberId());

        MemberAssignment b = join("billing");
        PollResult fromCommitted = poll("billing", b.memberId());
        assertThat(values(fromCommitted)).containsExactly("r3", "r4");
        assertThat(fromCommitted.records()).allSatisfy(r -> assertThat(r.topic()).isEqualTo("orders"));
        assertThat(fromCommitted.generation()).isEqualTo(b.generation());
    }

    @Test
    void pollHonoursMaxRecordsAndTakesTurnsAmongPartitions() throws InterruptedException {
        for (int p = 0; p < 3; p++) {
            fixture.produce("orders", p, "p" + p + "-0", "p" + p + "-1");
        }
        MemberAssignment a = join("billing");
        List<PollResult> polls = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            polls.add(coordinator.poll("billing", a.memberId(), 2, MAX_BYTES, Duration.ZERO));
        }
        assertThat(polls).allSatisfy(p -> assertThat(p.records()).hasSize(2));
        assertThat(polls.stream().map(p -> p.records().getFirst().partition()).distinct()).hasSize(3);
    }

    @Test
    void latestStartsAtTheLogEndAndEarliestAtTheStart() throws InterruptedException {
        fixture.produce("orders", 0, "old");
        MemberAssignment latest = coordinator.join("tail", List.of("orders"), null, AutoOffsetReset.LATEST);
        MemberAssignment earliest = coordinator.join("replay", List.of("orders"), null, AutoOffsetReset.EARLIEST);
        fixture.produce("orders", 0, "new");

        assertThat(values(poll("tail", latest.memberId()))).containsExactly("new");
        assertThat(values(poll("replay", earliest.memberId()))).containsExactly("old", "new");
    }

    @Test
    void everyGroupReceivesEveryRecord() throws InterruptedException {
        MemberAssignment billing = join("billing");
        MemberAssignment shipping = join("shipping");
        fixture.produce("orders", 0, "x");
        fixture.produce("orders", 2, "y");

        assertThat(values(poll("billing", billing.memberId()))).containsExactlyInAnyOrder("x", "y");
        assertThat(values(poll("shipping", shipping.memberId()))).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void aWaitingPollIsWokenByAnAppend() throws Exception {
        MemberAssignment a = join("billing");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            Future<PollResult> waiting = pool.submit(() -> coordinator.poll("billing", a.memberId(), 10, MAX_BYTES,
                    Duration.ofSeconds(20)));
            fixture.produce("orders", 1, "late");

            assertThat(values(waiting.get(15, TimeUnit.SECONDS))).containsExactly("late");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aWaitingPollIsWokenWhenTheMemberIsGivenPartitions() throws Exception {
        fixture.createTopic("single", 1);
        fixture.produce("single", 0, "only");
        MemberAssignment a = coordinator.join("solo", List.of("single"), null, null);
        MemberAssignment b = coordinator.join("solo", List.of("single"), null, null);
        assertThat(coordinator.heartbeat("solo", b.memberId()).assignments()).isEmpty();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            Future<PollResult> waiting = pool.submit(() -> coordinator.poll("solo", b.memberId(), 10, MAX_BYTES,
                    Duration.ofSeconds(20)));
            coordinator.leave("solo", a.memberId());

            PollResult result = waiting.get(15, TimeUnit.SECONDS);
            assertThat(values(result)).containsExactly("only");
            assertThat(result.assignments()).containsExactly(new TopicPartition("single", 0));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aWaitingPollAnswersAtOnceWhenItsMemberLosesPartitions() throws Exception {
        MemberAssignment a = join("billing");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            Future<PollResult> waiting = pool.submit(() -> coordinator.poll("billing", a.memberId(), 10, MAX_BYTES,
                    Duration.ofSeconds(20)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!coordinator.describe("billing").members().getFirst().polling()) {
                assertThat(System.nanoTime()).as("the poll started").isLessThan(deadline);
                Thread.onSpinWait();
            }
            MemberAssignment b = join("billing");

            PollResult result = waiting.get(15, TimeUnit.SECONDS);
            assertThat(result.generation()).isEqualTo(b.generation());
            assertThat(result.assignments()).hasSize(2);
            assertThat(result.records()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(coordinator.heartbeat("billing", b.memberId()).assignments()).hasSize(1);
        }
    }

    @Test
    void aWaitingPollAnswersEmptyOnTimeout() throws InterruptedException {
        MemberAssignment a = join("billing");
        PollResult result = coordinator.poll("billing", a.memberId(), 10, MAX_BYTES, Duration.ofMillis(20));
        assertThat(result.records()).isEmpty();
        assertThat(result.assignments()).hasSize(3);
    }

    @Test
    void aMemberIsNotEvictedWhileItsPollWaits() throws Exception {
        MemberAssignment a = join("billing");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<PollResult> waiting = pool.submit(() -> coordinator.poll("billing", a.memberId(), 10, MAX_BYTES,
                    Duration.ofSeconds(20)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!coordinator.describe("billing").members().getFirst().polling()) {
                assertThat(System.nanoTime()).as("the poll started").isLessThan(deadline);
                Thread.onSpinWait();
            }
            fixture.advance(GroupFixture.SESSION_TIMEOUT_MS * 2L);
            assertThat(coordinator.evictExpired()).isZero();
            fixture.produce("orders", 0, "wake");

            assertThat(values(waiting.get(15, TimeUnit.SECONDS))).containsExactly("wake");
        }
        // the poll's end counts as contact: the session runs from there
        assertThat(coordinator.heartbeat("billing", a.memberId()).memberId()).isEqualTo(a.memberId());
    }

    @Test
    void aPollThatCannotBeRenderedDoesNotMoveThePosition() throws InterruptedException {
        fixture.produce("orders", 0, "kept");
        MemberAssignment a = join("billing");
        assertThatThrownBy(() -> coordinator.poll("billing", a.memberId(), 10, MAX_BYTES, Duration.ZERO, result -> {
            throw new IllegalStateException("cannot send");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(values(poll("billing", a.memberId()))).containsExactly("kept");
    }

    @Test
    void offsetsCanBeResetOnlyWhileTheGroupIsEmpty() {
        fixture.clock.set(1_000_000);
        fixture.produce("orders", 0, "a", "b");
        fixture.clock.set(2_000_000);
        fixture.produce("orders", 0, "c", "d");
        MemberAssignment a = join("billing");

        assertThatThrownBy(() -> coordinator.resetOffsets("billing", "orders", new ResetTarget.Earliest(), null))
                .isInstanceOf(GroupNotEmptyException.class);
        coordinator.leave("billing", a.memberId());

        assertThat(coordinator.resetOffsets("billing", "orders", new ResetTarget.Latest(), null))
                .extracting(CommittedOffset::offset).containsExactly(4L, 0L, 0L);
        assertThat(coordinator.resetOffsets("billing", "orders", new ResetTarget.Earliest(), List.of(0)))
                .extracting(CommittedOffset::offset).containsExactly(0L);
        assertThat(coordinator.resetOffsets("billing", "orders", new ResetTarget.ToOffset(99), List.of(0)))
                .extracting(CommittedOffset::offset).containsExactly(4L);
        assertThat(coordinator.resetOffsets("billing", "orders", new ResetTarget.ToTimestamp(1_500_000), List.of(0)))
                .extracting(CommittedOffset::offset).containsExactly(2L);
        assertThat(coordinator.describe("billing").offsets()).extracting(GroupDescription.PartitionOffset::lag)
                .containsExactly(2L, 0L, 0L);
    }

    @Test
    void addingPartitionsMovesTheGroupEpochAndAssignsThem() {
        MemberAssignment a = join("billing");
        fixture.broker.alterTopic("orders", fixture.broker.topic("orders").config().withPartitions(5));

        MemberAssignment after = coordinator.heartbeat("billing", a.memberId());
        assertThat(after.generation()).isEqualTo(2);
        assertThat(after.assignments()).hasSize(5);
    }

    @Test
    void aTopicCreatedAfterTheSubscriptionIsAssignedOnceItExists() {
        MemberAssignment a = coordinator.join("early", List.of("later"), null, null);
        assertThat(a.assignments()).isEmpty();
        fixture.createTopic("later", 2);

        assertThat(coordinator.heartbeat("early", a.memberId()).assignments()).hasSize(2);
    }

    @Test
    void deletingATopicDeletesItsCommittedOffsetsAndAssignment() {
        fixture.createTopic("doomed", 1);
        fixture.produce("doomed", 0, "x");
        MemberAssignment a = coordinator.join("cleanup", List.of("doomed", "orders"), null, null);
        coordinator.commit("cleanup", a.memberId(), a.generation(), List.of(new OffsetCommit("doomed", 0, 1, null),
                new OffsetCommit("orders", 0, 0, null)));

        fixture.broker.deleteTopic("doomed");

        assertThat(coordinator.heartbeat("cleanup", a.memberId()).assignments())
                .containsExactlyElementsOf(partitions("orders", 0, 1, 2));
        assertThat(coordinator.committedPartitions().get("cleanup")).containsExactly(new TopicPartition("orders", 0));
    }

    @Test
    void onlyAnEmptyGroupCanBeDeletedWithItsOffsets() {
        fixture.produce("orders", 0, "x");
        MemberAssignment a = join("billing");
        coordinator.commit("billing", a.memberId(), a.generation(), List.of(new OffsetCommit("orders", 0, 1, null)));

        assertThatThrownBy(() -> coordinator.deleteGroup("billing")).isInstanceOf(GroupNotEmptyException.class);
        coordinator.leave("billing", a.memberId());
        assertThat(coordinator.describe("billing").state()).isEqualTo(GroupState.EMPTY);
        coordinator.deleteGroup("billing");

        assertThatThrownBy(() -> coordinator.describe("billing")).isInstanceOf(GroupIdNotFoundException.class);
        assertThatThrownBy(() -> coordinator.deleteGroup("billing")).isInstanceOf(GroupIdNotFoundException.class);
        assertThat(coordinator.listGroups()).extracting(GroupListing::group).doesNotContain("billing");
    }

    @Test
    void aGroupWithoutMembersOrOffsetsIsGone() {
        MemberAssignment a = join("passing");
        assertThat(coordinator.listGroups()).extracting(GroupListing::group).containsExactly("passing");
        coordinator.leave("passing", a.memberId());

        assertThatThrownBy(() -> coordinator.describe("passing")).isInstanceOf(GroupIdNotFoundException.class);
        assertThat(coordinator.listGroups()).isEmpty();
        assertThat(coordinator.activeGroups()).isEmpty();
    }

    @Test
    void lagIsTheLogEndMinusTheCommittedOffset() {
        fixture.produce("orders", 2, "a", "b", "c");
        coordinator.commit("lagging", null, -1, List.of(new OffsetCommit("orders", 2, 1, null)));

        assertThat(coordinator.lag("lagging", new TopicPartition("orders", 2))).isEqualTo(2.0);
        assertThat(coordinator.lag("lagging", new TopicPartition("orders", 0))).isNaN();
        assertThat(coordinator.describe("lagging").offsets()).singleElement().satisfies(o -> {
            assertThat(o.committed()).isEqualTo(1);
            assertThat(o.endOffset()).isEqualTo(3);
            assertThat(o.lag()).isEqualTo(2);
        });
    }
}
