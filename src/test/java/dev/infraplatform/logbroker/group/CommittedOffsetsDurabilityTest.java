package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Committed offsets live in the offsets log: they survive a restart, and compaction keeps them. */
class CommittedOffsetsDurabilityTest {

    @TempDir
    Path dir;

    private GroupFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void committedOffsetsAndTheirMetadataSurviveARestart() throws InterruptedException {
        fixture = new GroupFixture(dir);
        fixture.createTopic("orders", 2);
        fixture.produce("orders", 0, "a", "b", "c");
        fixture.produce("orders", 1, "d");
        MemberAssignment a = fixture.coordinator.join("billing", List.of("orders"), null, null);
        fixture.coordinator.commit("billing", a.memberId(), a.generation(), List.of(
                new OffsetCommit("orders", 0, 1, "first"), new OffsetCommit("orders", 1, 1, null)));
        fixture.coordinator.commit("billing", a.memberId(), a.generation(), List.of(
                new OffsetCommit("orders", 0, 2, "second")));

        fixture.restart();

        GroupDescription group = fixture.coordinator.describe("billing");
        assertThat(group.state()).isEqualTo(GroupState.EMPTY);
        assertThat(group.offsets()).extracting(GroupDescription.PartitionOffset::committed).containsExactly(2L, 1L);
        assertThat(group.offsets()).extracting(GroupDescription.PartitionOffset::metadata).containsExactly("second", null);
        MemberAssignment b = fixture.coordinator.join("billing", List.of("orders"), null, null);
        PollResult resumed = fixture.coordinator.poll("billing", b.memberId(), 10, 1 << 20, Duration.ZERO);
        assertThat(resumed.records()).extracting(r -> r.record().offset()).containsExactly(2L);
    }

    @Test
    void deletedGroupsAndResetsSurviveARestart() {
        fixture = new GroupFixture(dir);
        fixture.createTopic("orders", 1);
        fixture.produce("orders", 0, "a", "b");
        fixture.coordinator.commit("gone", null, -1, List.of(new OffsetCommit("orders", 0, 2, null)));
        fixture.coordinator.commit("rewound", null, -1, List.of(new OffsetCommit("orders", 0, 2, null)));
        fixture.coordinator.deleteGroup("gone");
        fixture.coordinator.resetOffsets("rewound", "orders", new ResetTarget.Earliest(), null);

        fixture.restart();

        assertThatThrownBy(() -> fixture.coordinator.describe("gone")).isInstanceOf(GroupIdNotFoundException.class);
        assertThat(fixture.coordinator.describe("rewound").offsets()).singleElement()
                .satisfies(o -> assertThat(o.committed()).isZero());
    }

    @Test
    void concurrentCommitsAreAllDurable() throws Exception {
        fixture = new GroupFixture(dir);
        fixture.createTopic("orders", 1);
        fixture.produce("orders", 0, "a", "b", "c", "d");
        int groups = 16;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> commits = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                String group = "g" + g;
                long offset = g % 5;
                commits.add(pool.submit(() -> fixture.coordinator.commit(group, null, -1,
                        List.of(new OffsetCommit("orders", 0, offset, null)))));
            }
            for (Future<?> commit : commits) {
                commit.get();
            }
        }

        fixture.restart();

        for (int g = 0; g < groups; g++) {
            assertThat(fixture.coordinator.lag("g" + g, new TopicPartition("orders", 0))).isEqualTo(4 - g % 5);
        }
    }

    @Test
    void compactionRacingCommitsKeepsEveryAcknowledgedCommit() throws Exception {
        fixture = new GroupFixture(dir, 20, 100);
        fixture.createTopic("orders", 1);
        String[] values = new String[100];
        java.util.Arrays.fill(values, "v");
        fixture.produce("orders", 0, values);
        int committers = 4;
        int commits = 60;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < committers; c++) {
                String group = "racer" + c;
                running.add(pool.submit(() -> {
                    for (int i = 1; i <= commits; i++) {
                        fixture.coordinator.commit(group, null, -1, List.of(new OffsetCommit("orders", 0, i, null)));
                    }
                    return null;
                }));
            }
            int compactions = 0;
            while (!running.stream().allMatch(Future::isDone)) {
                if (fixture.coordinator.compactOffsets()) {
                    compactions++;
                }
                Thread.yield();
            }
            for (Future<?> committer : running) {
                committer.get();
            }
            System.out.println(compactions + " compaction(s) during the commits");
        }
        for (int c = 0; c < committers; c++) {
            assertThat(fixture.coordinator.lag("racer" + c, new TopicPartition("orders", 0))).isEqualTo(100 - commits);
        }

        fixture.restart();

        for (int c = 0; c < committers; c++) {
            assertThat(fixture.coordinator.lag("racer" + c, new TopicPartition("orders", 0))).isEqualTo(100 - commits);
        }
    }

    @Test
    void compactionRewritesTheLiveOffsetsAndDropsTheOldRecords() {
        fixture = new GroupFixture(dir, 50, 100);
        fixture.createTopic("orders", 4);
        for (int p = 0; p < 4; p++) {
            fixture.produce("orders", p, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        }
        for (int i = 0; i < 200; i++) {
            int partition = i % 4;
            fixture.coordinator.commit("busy", null, -1, List.of(new OffsetCommit("orders", partition, i / 20, "i" + i)));
        }
        fixture.coordinator.commit("idle", null, -1, List.of(new OffsetCommit("orders", 0, 10, null)));
        fixture.coordinator.commit("dropped", null, -1, List.of(new OffsetCommit("orders", 1, 3, null)));
        fixture.coordinator.deleteGroup("dropped");
        GroupDescription busy = fixture.coordinator.describe("busy");
        assertThat(fixture.coordinator.offsetsLogRecords()).isEqualTo(203);

        assertThat(fixture.coordinator.compactOffsets()).isTrue();
        assertThat(fixture.coordinator.offsetsLogRecords()).isEqualTo(5); // 4 of busy, 1 of idle
        assertThat(fixture.coordinator.compactOffsets()).isFalse();
        fixture.coordinator.commit("idle", null, -1, List.of(new OffsetCommit("orders", 0, 9, null)));

        fixture.restart();

        assertThat(fixture.coordinator.describe("busy").offsets()).isEqualTo(busy.offsets());
        assertThat(fixture.coordinator.describe("idle").offsets()).singleElement()
                .satisfies(o -> assertThat(o.committed()).isEqualTo(9));
        assertThatThrownBy(() -> fixture.coordinator.describe("dropped")).isInstanceOf(GroupIdNotFoundException.class);
    }
}
