package dev.infraplatform.logbroker.group;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a group's target assignment, as Kafka's server-side {@code uniform} assignor (KIP-848)
 * does: every partition of a subscribed topic goes to exactly one member subscribed to that topic;
 * members' partition counts differ by at most one wherever the subscriptions allow it; and the
 * assignment is sticky: a member keeps the partitions of its previous target unless balance needs
 * them elsewhere, so a rebalance moves as few partitions as it can.
 *
 * <p>Three steps: (1) keep every member's previous partitions that still exist and that it still
 * subscribes to; (2) give each unassigned partition to the least-loaded member subscribed to its
 * topic; (3) while some topic's partitions sit on a member holding two or more partitions more than
 * another member subscribed to that topic, move one over. Each move lowers the sum of squared loads,
 * so step 3 ends; with identical subscriptions it ends balanced to within one partition. Ties go to
 * the smaller member id, so the result is deterministic.
 *
 * <p>Cost: O(P log P) for steps 1 and 2 plus O(T × M) per move in step 3 (P partitions, T topics,
 * M members); moves are few after step 1 keeps the previous target.
 */
final class UniformAssignor {

    private UniformAssignor() {
    }

    /**
     * @param subscriptions member id → subscribed topics
     * @param partitionCounts topic → number of partitions, for the subscribed topics that exist
     * @param previous member id → its previous target (members not listed had none)
     * @return member id → its new target, for every member
     */
    static Map<String, NavigableSet<TopicPartition>> assign(SortedMap<String, Set<String>> subscriptions,
                                                            Map<String, Integer> partitionCounts,
                                                            Map<String, ? extends Set<TopicPartition>> previous) {
        TreeMap<String, NavigableSet<TopicPartition>> result = new TreeMap<>();
        subscriptions.keySet().forEach(member -> result.put(member, new TreeSet<>(ConsumerGroup.PARTITION_ORDER)));
        TreeMap<String, List<String>> eligible = new TreeMap<>();
        subscriptions.forEach((member, topics) -> topics.stream().filter(partitionCounts::containsKey)
                .forEach(topic -> eligible.computeIfAbsent(topic, t -> new ArrayList<>()).add(member)));
        Set<TopicPartition> assigned = new HashSet<>();

        // 1. keep the previous target where still valid
        subscriptions.forEach((member, topics) -> {
            Set<TopicPartition> kept = previous.get(member);
            if (kept == null) {
                return;
            }
            for (TopicPartition partition : kept) {
                Integer count = partitionCounts.get(partition.topic());
                if (count != null && partition.partition() < count && topics.contains(partition.topic())
                        && assigned.add(partition)) {
                    result.get(member).add(partition);
                }
            }
        });

        // 2. the rest to the least loaded eligible member
        Map<String, Integer> load = new HashMap<>();
        result.forEach((member, partitions) -> load.put(member, partitions.size()));
        eligible.forEach((topic, members) -> {
            for (int p = 0; p < partitionCounts.get(topic); p++) {
                TopicPartition partition = new TopicPartition(topic, p);
                if (!assigned.contains(partition)) {
                    String member = leastLoaded(members, load);
                    result.get(member).add(partition);
                    load.merge(member, 1, Integer::sum);
                    assigned.add(partition);
                }
            }
        });

        // 3. move partitions from the most to the least loaded member of each topic
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Map.Entry<String, List<String>> topic : eligible.entrySet()) {
                while (true) {
                    String receiver = leastLoaded(topic.getValue(), load);
                    String donor = null;
                    TopicPartition movable = null;
                    for (String member : topic.getValue()) {
                        if (donor != null && load.get(member) <= load.get(donor)) {
                            continue;
                        }
                        TopicPartition last = lastOf(result.get(member), topic.getKey());
                        if (last != null) {
                            donor = member;
                            movable = last;
                        }
                    }
                    if (donor == null || load.get(donor) - load.get(receiver) <= 1) {
                        break;
                    }
                    result.get(donor).remove(movable);
                    result.get(receiver).add(movable);
                    load.merge(donor, -1, Integer::sum);
                    load.merge(receiver, 1, Integer::sum);
                    moved = true;
                }
            }
        }
        return result;
    }

    private static String leastLoaded(List<String> members, Map<String, Integer> load) {
        String best = null;
        for (String member : members) {
            if (best == null || load.get(member) < load.get(best)) {
                best = member;
            }
        }
        return best;
    }

    /** The highest-numbered partition of {@code topic} in {@code partitions}, or null. */
    private static TopicPartition lastOf(NavigableSet<TopicPartition> partitions, String topic) {
        TopicPartition candidate = partitions.lower(new TopicPartition(topic, Integer.MAX_VALUE));
        return candidate != null && candidate.topic().equals(topic) ? candidate : null;
    }
}
