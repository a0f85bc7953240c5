package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DirectoryAppendLogs;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LogBroker} over real segment files in a directory, with the Catalog's two stores kept
 * in memory; {@link #restart()} closes every log and opens a new broker over the same files and
 * stores, as a process restart would.
 */
public final class LocalBroker implements AutoCloseable {

    private final Path directory;
    private final DirectoryAppendLogs logs;
    private final MemoryTopicStore topics = new MemoryTopicStore();
    private final MemoryProducerIdStore producerIds = new MemoryProducerIdStore();
    private final AtomicLong clock;
    private LogBroker broker;

    public LocalBroker(Path directory) {
        this(directory, new AtomicLong(1_700_000_000_000L));
    }

    public LocalBroker(Path directory, AtomicLong clock) {
        this.directory = directory;
        this.logs = new DirectoryAppendLogs(directory);
        this.clock = clock;
        this.broker = open();
    }

    public LogBroker broker() {
        return broker;
    }

    public AppendLogs appendLogs() {
        return logs;
    }

    public AtomicLong clock() {
        return clock;
    }

    /** A clean restart: checkpoints, closes every log and opens a new broker over the same data. */
    public LogBroker restart() {
        broker.checkpoint();
        logs.closeAll();
        broker = open();
        return broker;
    }

    /** A restart after a crash: no checkpoint is taken (earlier ones stay). */
    public LogBroker restartAfterCrash() {
        logs.closeAll();
        broker = open();
        return broker;
    }

    private LogBroker open() {
        LogBroker opened = new LogBroker(logs, (directory, name, generations) -> new FileSnapshotStore(
                this.directory.resolve(directory), name, generations), topics, producerIds,
                new LogBroker.Settings(100, Duration.ofSeconds(1), Duration.ofDays(1)), clock::get);
        opened.start();
        return opened;
    }

    @Override
    public void close() {
        logs.closeAll();
    }
    private static final class MemoryTopicStore implements TopicStore {

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

    private static final class MemoryProducerIdStore implements ProducerIdStore {

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
