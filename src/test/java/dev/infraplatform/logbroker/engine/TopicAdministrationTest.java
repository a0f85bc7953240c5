package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.Durability;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.infraplatform.logbroker.engine.ProduceFetchTest.config;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.unkeyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicAdministrationTest extends LocalBrokerTest {

    @Test
    void namesAndSettingsAreCheckedAsKafkaChecksThem() {
        assertThatThrownBy(() -> broker.createTopic("bad/name", config(1))).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> broker.createTopic("..", config(1))).isInstanceOf(InvalidTopicException.class);
        assertThatThrownBy(() -> broker.createTopic("t", config(0))).isInstanceOf(InvalidPartitionsException.class);
        assertThatThrownBy(() -> broker.createTopic("t", new TopicConfig(1, -1, -1, 1 << 20, "compact", Durability.NONE)))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> broker.createTopic("t", new TopicConfig(1, 0, -1, 1 << 20, "delete", Durability.NONE)))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(broker.topics()).isEmpty();
        broker.createTopic("t", config(1));
        assertThatThrownBy(() -> broker.createTopic("t", config(2))).isInstanceOf(TopicExistsException.class);
    }

    @Test
    void partitionsOnlyGrowAndTheNewOnesTakeRecords() throws Exception {
        broker.createTopic("t", config(2));
        broker.produce("t", List.of(new ProduceRecord(1, null, new byte[] {1}, List.of(), null)), Acks.ALL, null);
        assertThatThrownBy(() -> broker.alterTopic("t", config(1))).isInstanceOf(PartitionDecreaseException.class);
        broker.alterTopic("t", config(4));
        assertThat(broker.topic("t").partitionCount()).isEqualTo(4);
        broker.produce("t", List.of(new ProduceRecord(3, null, new byte[] {2}, List.of(), null)), Acks.ALL, null);
        assertThat(broker.partition("t", 3).endOffset()).isEqualTo(1);
        assertThat(broker.partition("t", 1).endOffset()).as("existing data kept").isEqualTo(1);
        restart();
        assertThat(broker.topic("t").partitionCount()).isEqualTo(4);
        assertThat(broker.partition("t", 3).endOffset()).isEqualTo(1);
    }

    @Test
    void changingTheLogSettingsKeepsTheData() throws Exception {
        broker.createTopic("t", config(1));
        broker.produce("t", List.of(unkeyed("kept")), Acks.ALL, null);
        broker.alterTopic("t", new TopicConfig(1, 60_000, 1 << 20, 4096, "delete", Durability.ALWAYS));
        assertThat(broker.topic("t").config().flush()).isEqualTo(Durability.ALWAYS);
        assertThat(ProduceFetchTest.readAll(broker, "t", 0)).extracting(r -> ProduceFetchTest.text(r.value()))
                .containsExactly("kept");
        broker.produce("t", List.of(unkeyed("after")), Acks.ALL, null);
        assertThat(broker.partition("t", 0).endOffset()).isEqualTo(2);
    }

    @Test
    void deletingATopicRemovesItsDataAndANewTopicOfTheSameNameStartsEmpty() throws Exception {
        broker.createTopic("t", config(2));
        broker.produce("t", List.of(unkeyed("old")), Acks.ALL, null);
        broker.deleteTopic("t");
        assertThat(Files.exists(dir.resolve("logbroker/t-0"))).isFalse();
        assertThatThrownBy(() -> broker.topic("t")).isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> broker.produce("t", List.of(unkeyed("x")), Acks.ALL, null))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        broker.createTopic("t", config(2));
        assertThat(broker.partition("t", 0).endOffset() + broker.partition("t", 1).endOffset()).isZero();
        restart();
        assertThat(broker.topics()).extracting(Topic::name).containsExactly("t");
    }

    @Test
    void retentionDeletesWholeOldSegmentsAndAdvancesTheLogStart() throws Exception {
        broker.createTopic("t", new TopicConfig(1, -1, 4096, 1024, "delete", Durability.NONE));
        for (int i = 0; i < 200; i++) {
            List<ProduceRecord> batch = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                batch.add(unkeyed("record-" + i + "-" + j + "-padding-padding-padding"));
            }
            broker.produce("t", batch, Acks.LEADER, null);
        }
        Partition partition = broker.partition("t", 0);
        assertThat(partition.log().applyRetention()).isPositive();
        long start = partition.startOffset();
        assertThat(start).isPositive();
        assertThat(partition.stats().sizeBytes()).isLessThanOrEqualTo(4096 + 1024);
        assertThatThrownBy(() -> broker.fetch("t", 0, 0, 10, 1 << 20, Duration.ZERO))
                .isInstanceOf(dev.infraplatform.storage.OffsetOutOfRangeException.class);
        assertThat(broker.listOffset("t", 0, new OffsetSpec.Earliest())).isEqualTo(start);
        assertThat(broker.fetch("t", 0, start, 1, 1 << 20, Duration.ZERO).records().getFirst().offset()).isEqualTo(start);
    }

    @Test
    void retentionByAgeDeletesEverySealedSegmentPastRetentionMs() throws Exception {
        broker.createTopic("t", new TopicConfig(1, 1, -1, 1024, "delete", Durability.NONE));
        for (int i = 0; i < 100; i++) {
            broker.produce("t", List.of(unkeyed("record-" + i + "-padding-padding-padding-padding")), Acks.LEADER, null);
        }
        Partition partition = broker.partition("t", 0);
        assertThat(partition.stats().segments()).isGreaterThan(1);
        // written within a few milliseconds: an hour older, every sealed segment is past retention.ms
        try (var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                java.nio.file.Files.setLastModifiedTime(file,
                        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
            }
        }
        assertThat(partition.log().applyRetention()).isPositive();
        assertThat(partition.stats().segments()).as("never the active segment").isEqualTo(1);
        assertThat(partition.startOffset()).isPositive();
    }
}
