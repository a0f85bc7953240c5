package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.SnapshotStores;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log broker engine: topics of partitions, each partition an append log of Kafka record
 * batches. Knows nothing of HTTP; the REST controllers and, later, a Kafka protocol front door call
 * it. Errors are Kafka's own exceptions ({@code org.apache.kafka.common.errors}), so each front
 * door maps them to its status codes ({@code Errors.forException(e)} for the Kafka protocol).
 *
 * <p>Thread-safe. Produce and fetch on different partitions do not contend; topic administration
 * is serialized.
 */
public final class LogBroker {

    private static final Logger log = LoggerFactory.getLogger(LogBroker.class);
    static final String LOG_PREFIX = "logbroker/";
    static final String CHECKPOINT_NAME = "partition-state";

    /**
     * @param maxPartitions most partitions a topic may have
     * @param flushInterval the fsync period of topics with flush {@code interval}
     * @param producerIdExpiration idempotence state of a producer silent this long is dropped
     *     (Kafka's {@code producer.id.expiration.ms})
     */
    public record Settings(int maxPartitions, Duration flushInterval, Duration producerIdExpiration) {
    }

    private final AppendLogs appendLogs;
    private final SnapshotStores snapshotStores;
    private final TopicStore topicStore;
    private final ProducerIds producerIds;
    private volatile BrokerObserver observer = BrokerObserver.NONE;
    private final Settings settings;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();
    private final ReentrantLock adminLock = new ReentrantLock();
    private final List<Consumer<Topic>> topicListeners = new CopyOnWriteArrayList<>();
    private volatile String writeFailure;

    public LogBroker(AppendLogs appendLogs, SnapshotStores snapshotStores, TopicStore topicStore,
                     ProducerIdStore producerIdStore, Settings settings, LongSupplier clock) {
        this.appendLogs = appendLogs;
        this.snapshotStores = snapshotStores;
        this.topicStore = topicStore;
        this.producerIds = new ProducerIds(producerIdStore);
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens every topic the Catalog knows, recovering their partition logs. */
    public void start() {
        for (TopicDefinition definition : topicStore.loadAll()) {
            List<Partition> partitions = new ArrayList<>();
            for (int p = 0; p < definition.config().partitions(); p++) {
                partitions.add(openPartition(definition, p));
            }
            Topic topic = new Topic(definition, partitions, ThreadLocalRandom.current().nextInt(1 << 16));
            topics.put(definition.name(), topic);
        }
        log.info("Log broker: {} topic(s) opened", topics.size());
    }

    /** Reports produce, fetch and topic changes to {@code value} from now on (metrics). */
    public void observe(BrokerObserver value) {
        this.observer = value;
    }

    /** Why the last append failed, or null if the last append succeeded (for health). */
    public String writeFailure() {
        return writeFailure;
    }

    /** Called with the topic whenever its partitions change or it is deleted. */
    public void addTopicListener(Consumer<Topic> listener) {
        topicListeners.add(listener);
    }

    // ------------------------------------------------------------------ topics

    public Topic createTopic(String name, TopicConfig config) {
        org.apache.kafka.common.internals.Topic.validate(name);
        config.validate(settings.maxPartitions());
        adminLock.lock();
        try {
            if (topics.containsKey(name)) {
                throw new TopicExistsException("topic '" + name + "' already exists");
            }
            TopicDefinition definition = new TopicDefinition(name, Uuid.randomUuid().toString(), config,
                    Instant.ofEpochMilli(clock.getAsLong()));
            List<Partition> partitions = new ArrayList<>();
            try {
                for (int p = 0; p < config.partitions(); p++) {
                    appendLogs.delete(logName(name, p)); // whatever an earlier topic of that name left behind
                    partitions.add(openPartition(definition, p));
                }
                topicStore.save(definition);
            } catch (RuntimeException e) {
                for (int p = 0; p < config.partitions(); p++) {
                    deleteQuietly(logName(name, p));
                }
                throw e;
            }
            Topic topic = new Topic(definition, partitions, ThreadLocalRandom.current().nextInt(1 << 16));
            topics.put(name, topic);
            observer.topicCreated(topic);
            return topic;
        } finally {
            adminLock.unlock();
        }
    }

    /** The topics, by name. */
    public List<Topic> topics() {
        return topics.values().stream().sorted(Comparator.comparing(Topic::name)).toList();
    }

    /** @throws UnknownTopicOrPartitionException if there is no such topic */
    public Topic topic(String name) {
        Topic topic = topics.get(name);
        if (topic == null) {
            throw new UnknownTopicOrPartitionException("topic '" + name + "' does not exist");
        }
        return topic;
    }

    /**
     * Adds partitions (never removes any: Kafka's {@code INVALID_PARTITIONS}) and changes the log
     * settings; a settings change reopens the partition logs, briefly holding produce and fetch.
     */
    public Topic alterTopic(String name, TopicConfig config) {
        adminLock.lock();
        try {
            Topic topic = topic(name);
            TopicConfig old = topic.config();
            if (config.partitions() < old.partitions()) {
                throw new PartitionDecreaseException("topic '" + name + "' has " + old.partitions()
                        + " partitions; partitions can only be added, not removed (asked for " + config.partitions()
                        + ")");
            }
            config.validate(settings.maxPartitions());
            if (config.equals(old)) {
                return topic;
            }
            TopicDefinition definition = topic.definition().withConfig(config);
            topic.lock().writeLock().lock();
            try {
                List<Partition> partitions = new ArrayList<>(topic.partitions());
                if (old.logOptionsDiffer(config)) {
                    for (int p = 0; p < partitions.size(); p++) {
                        partitions.get(p).log().close();
                        partitions.set(p, openPartition(definition, p));
                    }
                }
                for (int p = old.partitions(); p < config.partitions(); p++) {
                    appendLogs.delete(logName(name, p));
                    partitions.add(openPartition(definition, p));
                }
                topicStore.save(definition);
                topic.replace(definition, partitions);
            } finally {
                topic.lock().writeLock().unlock();
            }
            topicListeners.forEach(listener -> listener.accept(topic));
            return topic;
        } finally {
            adminLock.unlock();
        }
    }

    /** Deletes the topic and its data. */
    public void deleteTopic(String name) {
        adminLock.lock();
        try {
            Topic topic = topic(name);
            topic.lock().writeLock().lock();
            try {
                topicStore.delete(name);
                topic.markDeleted();
                topics.remove(name);
                for (Partition partition : topic.partitions()) {
                    deleteQuietly(partition.log().name());
                }
            } finally {
                topic.lock().writeLock().unlock();
            }
            observer.topicDeleted(name);
            topicListeners.forEach(listener -> listener.accept(topic));
        } finally {
            adminLock.unlock();
        }
    }

    private Partition openPartition(TopicDefinition definition, int index) {
        TopicConfig config = definition.config();
        AppendLogOptions options = AppendLogOptions.defaults()
                .withFraming(KafkaBatchFraming.INSTANCE)
                .withDurability(config.flush())
                .withFlushInterval(settings.flushInterval())
                .withSegmentBytes(config.segmentBytes())
                .withRetention(config.retentionMs() < 0 ? null : Duration.ofMillis(config.retentionMs()),
                        config.retentionBytes());
        String name = logName(definition.name(), index);
        AppendLog appendLog = appendLogs.open(name, options);
        // the checkpoints live beside the segments, as Kafka's .snapshot files, and go with them
        return new Partition(definition.name(), index, appendLog, snapshotStores.open(name, CHECKPOINT_NAME, 2));
    }

    static String logName(String topic, int partition) {
        return LOG_PREFIX + topic + "-" + partition;
    }

    private void deleteQuietly(String logName) {
        try {
            appendLogs.delete(logName);
        } catch (RuntimeException e) {
            log.warn("Could not delete log {}: {}", logName, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ producers

    /**
     * Kafka's InitProducerId: a new producer id at epoch 0, or, given an id and its current epoch,
     * the same id at the next epoch (fencing the older incarnation).
     */
    public ProducerIdentity initProducer(Long producerId, Short producerEpoch) {
        return producerIds.init(producerId, producerEpoch);
    }

    /**
     * Checkpoints every partition's idempotence state and time index, so that a start-up reads
     * only the batches appended since. Failures are logged: the next start-up scans more, nothing
     * is lost.
     */
    public void checkpoint() {
        for (Topic topic : topics.values()) {
            for (Partition partition : topic.partitions()) {
                try {
                    partition.checkpoint();
                } catch (RuntimeException e) {
                    log.warn("Partition {}: checkpoint failed: {}", partition, e.getMessage());
                }
            }
        }
    }

    /** Drops the idempotence state of producers silent longer than the expiration. */
    public int expireProducers() {
        long cutoff = clock.getAsLong() - settings.producerIdExpiration().toMillis();
        int removed = 0;
        for (Topic topic : topics.values()) {
            for (Partition partition : topic.partitions()) {
                removed += partition.expireProducers(cutoff);
            }
        }
        return removed;
    }

    // ------------------------------------------------------------------ produce

    /**
     * Appends records: each to its explicit partition, else to Kafka's default partitioner's choice
     * for its key ({@code toPositive(murmur2(key)) % partitions}), else all of the request's
     * unkeyed records to one partition, rotating per request (Kafka's sticky partitioning). One
     * record batch per partition. With a producer, each batch is checked and de-duplicated by its
     * sequence numbers; a retried batch gets its original offsets and is not appended again.
     */
    public ProduceResult produce(String topicName, List<ProduceRecord> records, Acks acks, ProducerBatch producer) {
        if (records.isEmpty()) {
            throw new InvalidRequestException("a produce request needs at least one record");
        }
        if (producer != null && acks != Acks.ALL) {
            throw new InvalidRequestException("an idempotent producer must use acks=all");
        }
        long started = System.nanoTime();
        Topic topic = topic(topicName);
        topic.lock().readLock().lock();
        try {
            if (topic.isDeleted()) {
                throw new UnknownTopicOrPartitionException("topic '" + topicName + "' does not exist");
            }
            int[] partitionOf = assignPartitions(topic, records);
            TreeMap<Integer, List<ProduceRecord>> byPartition = new TreeMap<>();
            for (int i = 0; i < records.size(); i++) {
                byPartition.computeIfAbsent(partitionOf[i], p -> new ArrayList<>()).add(records.get(i));
            }
            Map<Integer, Integer> sequences = producer == null ? Map.of() : sequences(producer, byPartition);
            if (producer != null) {
                producerIds.validate(producer.producerId(), producer.producerEpoch());
            }
            long now = clock.getAsLong();
            List<PartitionAppend> appends = new ArrayList<>(byPartition.size());
            long bytes = 0;
            for (Map.Entry<Integer, List<ProduceRecord>> entry : byPartition.entrySet()) {
                ByteBuffer batch = producer == null
                        ? RecordBatches.encode(entry.getValue(), now, RecordBatch.NO_PRODUCER_ID,
                        RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE)
                        : RecordBatches.encode(entry.getValue(), now, producer.producerId(), producer.producerEpoch(),
                        sequences.get(entry.getKey()));
                for (ProduceRecord record : entry.getValue()) {
                    bytes += length(record.key()) + length(record.value());
                }
                appends.add(new PartitionAppend(topic.partition(entry.getKey()), batch, entry.getValue().size()));
            }
            boolean duplicate = producer == null ? appendAll(appends) : appendIdempotent(appends, producer, sequences, now);
            finish(appends, acks);
            long[] base = new long[topic.partitionCount()];
            int[] position = new int[topic.partitionCount()];
            for (PartitionAppend append : appends) {
                base[append.partition.index()] = append.firstOffset;
            }
            long[] offsets = new long[records.size()];
            for (int i = 0; i < records.size(); i++) {
                offsets[i] = acks == Acks.NONE ? -1 : base[partitionOf[i]] + position[partitionOf[i]]++;
            }
            if (!duplicate) {
                observer.produced(topicName, records.size(), bytes, System.nanoTime() - started);
            }
            return new ProduceResult(partitionOf, offsets, duplicate);
        } finally {
            topic.lock().readLock().unlock();
        }
    }

    private static int[] assignPartitions(Topic topic, List<ProduceRecord> records) {
        int count = topic.partitionCount();
        int[] partitionOf = new int[records.size()];
        int sticky = -1;
        for (int i = 0; i < records.size(); i++) {
            ProduceRecord record = records.get(i);
            if (record.partition() != null) {
                if (record.partition() < 0 || record.partition() >= count) {
                    throw new InvalidRequestException("record " + i + " asks for partition " + record.partition()
                            + ", but topic '" + topic.name() + "' has partitions 0 to " + (count - 1));
                }
                partitionOf[i] = record.partition();
            } else if (record.key() != null) {
                partitionOf[i] = BuiltInPartitioner.partitionForKey(record.key(), count);
            } else {
                if (sticky < 0) {
                    sticky = topic.nextStickyPartition();
                }
                partitionOf[i] = sticky;
            }
        }
        return partitionOf;
    }

    private static Map<Integer, Integer> sequences(ProducerBatch producer, TreeMap<Integer, List<ProduceRecord>> byPartition) {
        if (producer.baseSequences() != null) {
            if (!producer.baseSequences().keySet().equals(byPartition.keySet())) {
                throw new InvalidRequestException("baseSequences must name exactly the partitions the records go to: "
                        + byPartition.keySet() + ", not " + producer.baseSequences().keySet());
            }
            producer.baseSequences().values().forEach(LogBroker::checkSequence);
            return producer.baseSequences();
        }
        if (producer.baseSequence() == null) {
            throw new InvalidRequestException("an idempotent produce needs baseSequence (or baseSequences per partition)");
        }
        if (byPartition.size() != 1) {
            throw new InvalidRequestException("the records go to partitions " + byPartition.keySet()
                    + "; give a base sequence per partition with baseSequences instead of baseSequence");
        }
        checkSequence(producer.baseSequence());
        return Map.of(byPartition.firstKey(), producer.baseSequence());
    }

    private static void checkSequence(int sequence) {
        if (sequence < 0) {
            throw new InvalidRequestException("sequence numbers are not negative: " + sequence);
        }
    }

    /** One partition's batch of a produce request. */
    private static final class PartitionAppend {
        final Partition partition;
        final ByteBuffer batch;
        final int records;
        AppendLog.DeferredAppend deferred;
        ProducerStates.BatchMetadata metadata;
        long producerId;
        long firstOffset;
        boolean duplicate;

        PartitionAppend(Partition partition, ByteBuffer batch, int records) {
            this.partition = partition;
            this.batch = batch;
            this.records = records;
        }
    }

    private static boolean appendAll(List<PartitionAppend> appends) {
        for (PartitionAppend append : appends) {
            append.deferred = append.partition.log().appendDeferred(List.of(append.batch));
            append.firstOffset = append.deferred.firstOffset();
        }
        return false;
    }

    /** Under every involved partition's producer lock (in partition order): check all, then number all. */
    private static boolean appendIdempotent(List<PartitionAppend> appends, ProducerBatch producer,
                                            Map<Integer, Integer> sequences, long now) {
        long id = producer.producerId();
        short epoch = producer.producerEpoch();
        appends.forEach(a -> a.partition.producerLock().lock());
        try {
            boolean allDuplicates = true;
            for (PartitionAppend append : appends) {
                int first = sequences.get(append.partition.index());
                int last = DefaultRecordBatch.incrementSequence(first, append.records - 1);
                ProducerStates.BatchMetadata earlier = append.partition.producers().duplicateOf(id, epoch, first, last);
                if (earlier != null) {
                    append.firstOffset = earlier.firstOffset();
                    append.duplicate = true;
                } else {
                    append.partition.producers().check(id, epoch, first);
                    allDuplicates = false;
                }
            }
            for (PartitionAppend append : appends) {
                if (!append.duplicate) {
                    append.deferred = append.partition.log().appendDeferred(List.of(append.batch));
                    append.firstOffset = append.deferred.firstOffset();
                    append.producerId = id;
                    append.metadata = append.partition.producers().append(id, epoch,
                            sequences.get(append.partition.index()), append.records, append.firstOffset, now);
                }
            }
            return allDuplicates;
        } finally {
            appends.forEach(a -> a.partition.producerLock().unlock());
        }
    }

    /** Waits for the writes as {@code acks} asks; on a failed write, forgets its idempotence entry. */
    private void finish(List<PartitionAppend> appends, Acks acks) {
        if (acks == Acks.NONE) {
            Thread.ofVirtual().name("logbroker-acks0").start(() -> {
                try {
                    awaitAll(appends);
                } catch (RuntimeException e) {
                    log.warn("A produce with acks=0 failed; its producer is not told: {}", e.getMessage());
                }
            });
            return;
        }
        awaitAll(appends);
    }

    private void awaitAll(List<PartitionAppend> appends) {
        RuntimeException failure = null;
        for (PartitionAppend append : appends) {
            if (append.deferred == null) {
                continue;
            }
            try {
                append.deferred.await();
                append.partition.appended();
                writeFailure = null;
            } catch (RuntimeException e) {
                writeFailure = append.partition + ": " + e.getMessage();
                if (append.metadata != null) {
                    append.partition.producerLock().lock();
                    try {
                        append.partition.producers().rollback(append.producerId, append.metadata);
                    } finally {
                        append.partition.producerLock().unlock();
                    }
                }
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ------------------------------------------------------------------ fetch

    /**
     * Reads records of one partition from {@code offset}; waits up to {@code wait} for the first one
     * when the offset is the log end.
     *
     * @throws dev.infraplatform.storage.OffsetOutOfRangeException outside [log start, log end]
     */
    public FetchResult fetch(String topicName, int partitionIndex, long offset, int maxRecords, int maxBytes,
                             Duration wait) throws InterruptedException {
        Partition partition = partition(topicName, partitionIndex);
        if (!wait.isZero() && offset == partition.endOffset()) {
            partition.log().awaitEndOffsetAfter(offset, wait);
        }
        long started = System.nanoTime();
        Topic topic = topic(topicName);
        topic.lock().readLock().lock();
        try {
            FetchResult result = partition(topicName, partitionIndex).fetch(offset, maxRecords, maxBytes);
            long bytes = 0;
            for (ConsumedRecord record : result.records()) {
                bytes += length(record.key()) + length(record.value());
            }
            observer.fetched(topicName, result.records().size(), bytes, System.nanoTime() - started);
            return result;
        } finally {
            topic.lock().readLock().unlock();
        }
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** @throws UnknownTopicOrPartitionException if the topic or the partition does not exist */
    public Partition partition(String topicName, int index) {
        Topic topic = topic(topicName);
        Partition partition = topic.partition(index);
        if (partition == null || topic.isDeleted()) {
            throw new UnknownTopicOrPartitionException("topic '" + topicName + "' has no partition " + index);
        }
        return partition;
    }

    /** Kafka's ListOffsets for one partition. */
    public long listOffset(String topicName, int partitionIndex, OffsetSpec spec) {
        Topic topic = topic(topicName);
        topic.lock().readLock().lock();
        try {
            Partition partition = partition(topicName, partitionIndex);
            return switch (spec) {
                case OffsetSpec.Earliest e -> partition.startOffset();
                case OffsetSpec.Latest l -> partition.endOffset();
                case OffsetSpec.ForTimestamp t -> partition.offsetForTimestamp(t.timestamp());
            };
        } finally {
            topic.lock().readLock().unlock();
        }
    }
}
