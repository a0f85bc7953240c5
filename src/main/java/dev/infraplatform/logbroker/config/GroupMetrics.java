package dev.infraplatform.logbroker.config;

import dev.infraplatform.logbroker.group.GroupCoordinator;
import dev.infraplatform.logbroker.group.GroupObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer group meters, exported as {@code infra_logbroker_*}: the lag of every committed offset
 * ({@code consumer_lag}, by group, topic and partition), rebalances (group epoch moves) by group,
 * and members by group. A meter exists only while its group or committed offset does: meters of
 * deleted groups and offsets are removed, so the series count follows the live groups.
 */
@Component
class GroupMetrics implements GroupObserver {

    private record LagKey(String group, TopicPartition partition) {
    }

    private final MeterRegistry registry;
    private final GroupCoordinator coordinator;
    private final ConcurrentHashMap<LagKey, Meter> lags = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Meter> members = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> rebalances = new ConcurrentHashMap<>();

    GroupMetrics(MeterRegistry registry, GroupCoordinator coordinator) {
        this.registry = registry;
        this.coordinator = coordinator;
        coordinator.observe(this);
        coordinator.activeGroups().forEach(this::groupCreated);
        coordinator.committedPartitions().forEach((group, partitions) ->
                partitions.forEach(partition -> offsetAdded(group, partition)));
    }

    @Override
    public void groupCreated(String group) {
        members.computeIfAbsent(group, g -> Gauge.builder("infra.logbroker.group.members", coordinator,
                        c -> c.memberCount(g))
                .description("Members of the consumer group").tag("group", g).register(registry));
    }

    @Override
    public void groupRemoved(String group) {
        remove(members.remove(group));
        remove(rebalances.remove(group));
    }

    @Override
    public void rebalanced(String group, int groupEpoch) {
        rebalances.computeIfAbsent(group, g -> Counter.builder("infra.logbroker.rebalances")
                .description("Rebalances of the consumer group: moves of its group epoch on joins, leaves, "
                        + "evictions and partition changes").tag("group", g).register(registry)).increment();
    }

    @Override
    public void offsetAdded(String group, TopicPartition partition) {
        lags.computeIfAbsent(new LagKey(group, partition), key -> Gauge.builder("infra.logbroker.consumer.lag",
                        coordinator, c -> c.lag(group, partition))
                .description("Records of the partition the consumer group has not committed: log end offset "
                        + "minus committed offset")
                .tags("group", group, "topic", partition.topic(), "partition", String.valueOf(partition.partition()))
                .register(registry));
    }

    @Override
    public void offsetRemoved(String group, TopicPartition partition) {
        remove(lags.remove(new LagKey(group, partition)));
    }

    private void remove(Meter meter) {
        if (meter != null) {
            registry.remove(meter);
        }
    }
}
