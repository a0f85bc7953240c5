package dev.infraplatform.logbroker.config;

import dev.infraplatform.logbroker.engine.BrokerObserver;
import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Partition;
import dev.infraplatform.logbroker.engine.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log broker's meters, exported as {@code infra_logbroker_*}: records and bytes in and out per
 * topic, produce and fetch latency histograms per topic, and per partition the log start and end
 * offsets and size. A deleted topic's meters are removed with it.
 */
@Component
class LogBrokerMetrics implements BrokerObserver {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, TopicMeters> topics = new ConcurrentHashMap<>();

    LogBrokerMetrics(MeterRegistry registry, LogBroker broker) {
        this.registry = registry;
        Gauge.builder("infra.logbroker.topics", broker, b -> b.topics().size())
                .description("Topics").register(registry);
        broker.topics().forEach(this::topicCreated);
        broker.addTopicListener(this::topicChanged);
        broker.observe(this);
    }

    /** Counters, timers and partition gauges of one topic. */
    private final class TopicMeters {
        final Counter recordsIn;
        final Counter bytesIn;
        final Counter recordsOut;
        final Counter bytesOut;
        final Timer produce;
        final Timer fetch;
        final List<Meter> partitionGauges = new ArrayList<>();
        int partitions;

        TopicMeters(String topic) {
            Tags tags = Tags.of("topic", topic);
            recordsIn = Counter.builder("infra.logbroker.records.in").tags(tags)
                    .description("Records appended to the topic").register(registry);
            bytesIn = Counter.builder("infra.logbroker.bytes.in").tags(tags).baseUnit("bytes")
                    .description("Key and value bytes of the records appended to the topic").register(registry);
            recordsOut = Counter.builder("infra.logbroker.records.out").tags(tags)
                    .description("Records returned by fetches and polls").register(registry);
            bytesOut = Counter.builder("infra.logbroker.bytes.out").tags(tags).baseUnit("bytes")
                    .description("Key and value bytes returned by fetches and polls").register(registry);
            produce = Timer.builder("infra.logbroker.produce.latency").tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .description("Produce requests, from arrival to acknowledgement under their acks")
                    .register(registry);
            fetch = Timer.builder("infra.logbroker.fetch.latency").tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .description("Fetches, from reading the log to the records decoded (long-poll waits excluded)")
                    .register(registry);
        }

        void addPartitions(Topic topic) {
            for (int p = partitions; p < topic.partitionCount(); p++) {
                Tags tags = Tags.of("topic", topic.name(), "partition", Integer.toString(p));
                int index = p;
                partitionGauges.add(Gauge.builder("infra.logbroker.partition.end.offset", topic,
                                t -> offset(t, index, true)).tags(tags)
                        .description("The partition's log end offset (the next record's offset)").register(registry));
                partitionGauges.add(Gauge.builder("infra.logbroker.partition.start.offset", topic,
                                t -> offset(t, index, false)).tags(tags)
                        .description("The partition's log start offset (advanced by retention)").register(registry));
                partitionGauges.add(Gauge.builder("infra.logbroker.partition.size", topic, t -> size(t, index))
                        .tags(tags).baseUnit("bytes").description("Bytes of the partition's segment files")
                        .register(registry));
            }
            partitions = topic.partitionCount();
        }

        void remove() {
            List<Meter> meters = new ArrayList<>(partitionGauges);
            meters.addAll(List.of(recordsIn, bytesIn, recordsOut, bytesOut, produce, fetch));
            meters.forEach(registry::remove);
        }
    }

    private static double offset(Topic topic, int index, boolean end) {
        Partition partition = topic.partition(index);
        return partition == null ? Double.NaN : end ? partition.endOffset() : partition.startOffset();
    }

    private static double size(Topic topic, int index) {
        Partition partition = topic.partition(index);
        return partition == null ? Double.NaN : partition.stats().sizeBytes();
    }

    @Override
    public void topicCreated(Topic topic) {
        topics.computeIfAbsent(topic.name(), TopicMeters::new).addPartitions(topic);
    }

    @Override
    public void topicDeleted(String topic) {
        TopicMeters meters = topics.remove(topic);
        if (meters != null) {
            meters.remove();
        }
    }

    private void topicChanged(Topic topic) {
        TopicMeters meters = topics.get(topic.name());
        if (meters != null) {
            meters.addPartitions(topic); // topic changes are serialized by the broker
        }
    }

    @Override
    public void produced(String topic, int records, long bytes, long nanos) {
        TopicMeters meters = topics.get(topic);
        if (meters != null) {
            meters.recordsIn.increment(records);
            meters.bytesIn.increment(bytes);
            meters.produce.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void fetched(String topic, int records, long bytes, long nanos) {
        TopicMeters meters = topics.get(topic);
        if (meters != null) {
            meters.recordsOut.increment(records);
            meters.bytesOut.increment(bytes);
            meters.fetch.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
