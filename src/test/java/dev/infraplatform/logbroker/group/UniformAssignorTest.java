package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class UniformAssignorTest {

    private static TreeMap<String, Set<String>> members(int count, Set<String> topics) {
        TreeMap<String, Set<String>> subscriptions = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            subscriptions.put("m" + i, topics);
        }
        return subscriptions;
    }

    private static void assertEveryPartitionOnce(Map<String, NavigableSet<TopicPartition>> assignment,
                                                 Map<String, Integer> partitionCounts) {
        Set<TopicPartition> seen = new HashSet<>();
        assignment.values().forEach(partitions -> partitions.forEach(p -> assertThat(seen.add(p)).as("%s once", p).isTrue()));
        int total = partitionCounts.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(seen).hasSize(total);
    }

    private static int spread(Map<String, NavigableSet<TopicPartition>> assignment) {
        int max = assignment.values().stream().mapToInt(Set::size).max().orElse(0);
        int min = assignment.values().stream().mapToInt(Set::size).min().orElse(0);
        return max - min;
    }

    @Test
    void identicalSubscriptionsAreBalancedToWithinOnePartition() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            Map<String, Integer> counts = new HashMap<>();
            int topics = 1 + random.nextInt(4);
            for (int t = 0; t < topics; t++) {
                counts.put("t" + t, 1 + random.nextInt(12));
            }
            TreeMap<String, Set<String>> subscriptions = members(1 + random.nextInt(9), counts.keySet());
            Map<String, NavigableSet<TopicPartition>> assignment = UniformAssignor.assign(subscriptions, counts, Map.of());

            assertEveryPartitionOnce(assignment, counts);
            assertThat(spread(assignment)).as("seed %d", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aJoiningMemberTakesOnlyWhatBalanceNeedsFromTheOthers() {
        Map<String, Integer> counts = Map.of("orders", 6);
        Map<String, NavigableSet<TopicPartition>> before = UniformAssignor.assign(members(2, Set.of("orders")), counts,
                Map.of());
        Map<String, NavigableSet<TopicPartition>> after = UniformAssignor.assign(members(3, Set.of("orders")), counts,
                before);

        assertThat(after.get("m2")).hasSize(2);
        assertThat(before.get("m0")).containsAll(after.get("m0"));
        assertThat(before.get("m1")).containsAll(after.get("m1"));
        assertThat(after.get("m0")).hasSize(2);
        assertThat(after.get("m1")).hasSize(2);
    }

    @Test
    void aLeavingMembersPartitionsAreSpreadAndTheRestStay() {
        Map<String, Integer> counts = Map.of("orders", 7);
        Map<String, NavigableSet<TopicPartition>> before = UniformAssignor.assign(members(3, Set.of("orders")), counts,
                Map.of());
        TreeMap<String, Set<String>> remaining = members(3, Set.of("orders"));
        remaining.remove("m1");
        Map<String, NavigableSet<TopicPartition>> after = UniformAssignor.assign(remaining, counts, before);

        assertEveryPartitionOnce(after, counts);
        assertThat(after.get("m0")).containsAll(before.get("m0"));
        assertThat(after.get("m2")).containsAll(before.get("m2"));
        assertThat(spread(after)).isLessThanOrEqualTo(1);
    }

    @Test
    void membersGetOnlyTopicsTheySubscribeTo() {
        TreeMap<String, Set<String>> subscriptions = new TreeMap<>();
        subscriptions.put("a", Set.of("orders"));
        subscriptions.put("b", Set.of("orders", "payments"));
        subscriptions.put("c", Set.of("payments", "missing"));
        Map<String, Integer> counts = Map.of("orders", 4, "payments", 4);

        Map<String, NavigableSet<TopicPartition>> assignment = UniformAssignor.assign(subscriptions, counts, Map.of());

        assertEveryPartitionOnce(assignment, counts);
        assertThat(assignment.get("a")).allSatisfy(p -> assertThat(p.topic()).isEqualTo("orders"));
        assertThat(assignment.get("c")).allSatisfy(p -> assertThat(p.topic()).isEqualTo("payments"));
        assertThat(spread(assignment)).isLessThanOrEqualTo(1);
    }

    @Test
    void previousPartitionsOfTopicsNoLongerSubscribedOrGoneMove() {
        TreeMap<String, Set<String>> subscriptions = new TreeMap<>(Map.of("a", Set.of("orders"), "b", Set.of("orders")));
        Map<String, Set<TopicPartition>> previous = Map.of("a", Set.of(new TopicPartition("orders", 0),
                new TopicPartition("orders", 5), new TopicPartition("old", 0)));

        Map<String, NavigableSet<TopicPartition>> assignment = UniformAssignor.assign(subscriptions,
                Map.of("orders", 2), previous);

        assertEveryPartitionOnce(assignment, Map.of("orders", 2));
        assertThat(assignment.get("a")).containsExactly(new TopicPartition("orders", 0));
        assertThat(assignment.get("b")).containsExactly(new TopicPartition("orders", 1));
    }

    @Test
    void theSameInputGivesTheSameAssignment() {
        Map<String, Integer> counts = Map.of("x", 5, "y", 3);
        TreeMap<String, Set<String>> subscriptions = members(4, counts.keySet());
        assertThat(UniformAssignor.assign(subscriptions, counts, Map.of()))
                .isEqualTo(UniformAssignor.assign(subscriptions, counts, Map.of()));
        assertThat(List.copyOf(UniformAssignor.assign(subscriptions, counts, Map.of()).keySet()))
                .containsExactly("m0", "m1", "m2", "m3");
    }
}
