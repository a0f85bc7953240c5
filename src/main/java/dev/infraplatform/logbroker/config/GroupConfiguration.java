package dev.infraplatform.logbroker.config;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.group.AutoOffsetReset;
import dev.infraplatform.logbroker.group.GroupCoordinator;
import dev.infraplatform.storage.AppendLogs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The consumer group coordinator, started once the broker's topics are open: it replays the
 * committed offsets log, and its own daemon thread evicts silent members and compacts that log.
 * Closing the bean stops the thread and closes the log.
 */
@Configuration(proxyBeanMethods = false)
class GroupConfiguration {

    private static final Duration SHORTEST_SWEEP = Duration.ofMillis(50);
    private static final Duration LONGEST_SWEEP = Duration.ofSeconds(1);

    @Bean(destroyMethod = "close")
    GroupCoordinator groupCoordinator(LogBroker broker, AppendLogs appendLogs, LogBrokerProperties properties) {
        LogBrokerProperties.Groups groups = properties.groups();
        GroupCoordinator coordinator = GroupCoordinator.start(broker, appendLogs, new GroupCoordinator.Settings(
                groups.sessionTimeout(), groups.minSessionTimeout(), groups.maxSessionTimeout(), groups.maxMembers(),
                AutoOffsetReset.parse(groups.autoOffsetReset()),
                GroupCoordinator.Settings.DEFAULT_COMPACTION_MIN_RECORDS), System::currentTimeMillis);
        coordinator.startBackgroundTasks(sweepPeriod(groups));
        return coordinator;
    }

    /** Half the shortest session timeout, within [50 ms, 1 s]: an expired member goes within that much. */
    static Duration sweepPeriod(LogBrokerProperties.Groups groups) {
        Duration half = groups.minSessionTimeout().dividedBy(2);
        return half.compareTo(SHORTEST_SWEEP) < 0 ? SHORTEST_SWEEP
                : half.compareTo(LONGEST_SWEEP) > 0 ? LONGEST_SWEEP : half;
    }
}
