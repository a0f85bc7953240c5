package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.Acks;
import dev.infraplatform.logbroker.engine.LocalBroker;
import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.ProduceRecord;
import dev.infraplatform.logbroker.engine.ProduceResult;
import dev.infraplatform.logbroker.engine.TopicConfig;
import dev.infraplatform.storage.Durability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real log broker ({@link LocalBroker}) and group coordinator over a directory, with a clock the
 * test moves. {@link #restart()} closes every log and opens everything again from the directory,
 * as a platform restart does.
 */
final class GroupFixture implements AutoCloseable {

    static final int SESSION_TIMEOUT_MS = 10_000;

    final Path dir;
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final GroupCoordinator.Settings settings;
    private final LocalBroker local;
    LogBroker broker;
    GroupCoordinator coordinator;

    GroupFixture(Path dir) {
        this(dir, GroupCoordinator.Settings.DEFAULT_COMPACTION_MIN_RECORDS, 100);
    }

    GroupFixture(Path dir, long compactionMinRecords, int maxMembers) {
        this.dir = dir;
        this.settings = new GroupCoordinator.Settings(Duration.ofMillis(SESSION_TIMEOUT_MS), Duration.ofMillis(1000),
                Duration.ofMinutes(30), maxMembers, AutoOffsetReset.EARLIEST, compactionMinRecords);
        this.local = new LocalBroker(dir, clock);
        this.broker = local.broker();
        this.coordinator = GroupCoordinator.start(broker, local.appendLogs(), settings, clock::get);
    }

    /** Closes every log and opens the broker and the coordinator again from the directory. */
    void restart() {
        coordinator.close();
        broker = local.restart();
        coordinator = GroupCoordinator.start(broker, local.appendLogs(), settings, clock::get);
    }

    void createTopic(String name, int partitions) {
        broker.createTopic(name, new TopicConfig(partitions, -1, -1, 1 << 20, TopicConfig.CLEANUP_DELETE,
                Durability.NONE));
    }

    /** Appends values to one partition; returns their offsets. */
    long[] produce(String topic, int partition, String... values) {
        List<ProduceRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProduceRecord(partition, null, value.getBytes(StandardCharsets.UTF_8), List.of(), null));
        }
        ProduceResult result = broker.produce(topic, records, Acks.ALL, null);
        return result.offsets();
    }

    void advance(long millis) {
        clock.addAndGet(millis);
    }

    @Override
    public void close() {
        coordinator.close();
        local.close();
    }
}
