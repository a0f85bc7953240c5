package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.Acks;
import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.ProduceRecord;
import dev.infraplatform.logbroker.engine.ProduceResult;
import dev.infraplatform.logbroker.engine.ProducerIdStore;
import dev.infraplatform.logbroker.engine.TopicConfig;
import dev.infraplatform.logbroker.engine.TopicDefinition;
import dev.infraplatform.logbroker.engine.TopicStore;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real log broker and group coordinator over a directory, with in-memory topic and producer id
 * stores and a clock the test moves. {@link #restart()} closes every log and opens everything again
 * from the directory, as a platform restart does.
 */
final class GroupFixture implements AutoCloseable {

    static final int SESSION_TIMEOUT_MS = 10_000;

    final Path dir;
    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final TopicStore topicStore = new InMemoryTopicStore();
    private final ProducerIdStore producerIdStore = new InMemoryProducerIdStore();
    private final GroupCoordinator.Settings settings;
    private DirectoryAppendLogs appendLogs;
    LogBroker broker;
    GroupCoordinator coordinator;

    GroupFixture(Path dir) {
        this(dir, GroupCoordinator.Settings.DEFAULT_COMPACTION_MIN_RECORDS, 100);
    }

    GroupFixture(Path dir, long compactionMinRecords, int maxMembers) {
        this.dir = dir;
        this.settings = new GroupCoordinator.Settings(Duration.ofMillis(SESSION_TIMEOUT_MS), Duration.ofMillis(1000),
                Duration.ofMinutes(30), maxMembers, AutoOffsetReset.EARLIEST, compactionMinRecords);
        open();
    }

    private void open() {
        appendLogs = new DirectoryAppendLogs(dir);
        broker = new LogBroker(appendLogs, topicStore, producerIdStore,
                new LogBroker.Settings(100, Duration.ofSeconds(1), Duration.ofDays(1)), clock::get);
        broker.start();
        coordinator = GroupCoordinator.start(broker, appendLogs, settings, clock::get);
    }

    /** Closes every log and opens the broker and the coordinator again from the directory. */
    void restart() {
        coordinator.close();
        appendLogs.closeAll();
        open();
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
        appendLogs.closeAll();
    }

    /** Logs under a directory, each opened without meters and without a scheduler. */
    static final class DirectoryAppendLogs implements AppendLogs {

        private final Path root;
        private final Map<String, SegmentedAppendLog> logs = new ConcurrentHashMap<>();

        DirectoryAppendLogs(Path root) {
            this.root = root;
        }

        @Override
        public AppendLog open(String name, AppendLogOptions options) {
            return logs.compute(name, (key, existing) -> {
                if (existing != null && !existing.isClosed()) {
                    throw new IllegalStateException("log " + name + " is already open");
                }
                return SegmentedAppendLog.open(name, root.resolve(name), options, null, null);
            });
        }

        @Override
        public void delete(String name) {
            SegmentedAppendLog open = logs.remove(name);
            if (open != null) {
                open.close();
            }
            try {
                FileSystemUtils.deleteRecursively(root.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<AppendLog> openLogs() {
            return logs.values().stream().filter(log -> !log.isClosed()).map(AppendLog.class::cast).toList();
        }

        void closeAll() {
            logs.values().forEach(SegmentedAppendLog::close);
            logs.clear();
        }
    }

    static final class InMemoryTopicStore implements TopicStore {

        private final Map<String, TopicDefinition> topics = new ConcurrentHashMap<>();

        @Override
        public List<TopicDefinition> loadAll() {
            return List.copyOf(topics.values());
        }

        @Override
        public void save(TopicDefinition topic) {
            topics.put(topic.name(), topic);
        }

        @Override
        public void delete(String name) {
            topics.remove(name);
        }
    }

    static final class InMemoryProducerIdStore implements ProducerIdStore {

        private final AtomicLong next = new AtomicLong();
        private final Map<Long, Short> epochs = new ConcurrentHashMap<>();

        @Override
        public long allocateBlock(int size) {
            return next.getAndAdd(size);
        }

        @Override
        public Map<Long, Short> loadEpochs() {
            return Map.copyOf(epochs);
        }

        @Override
        public void saveEpoch(long producerId, short epoch) {
            epochs.put(producerId, epoch);
        }
    }
}
