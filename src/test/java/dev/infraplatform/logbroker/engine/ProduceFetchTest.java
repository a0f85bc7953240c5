package dev.infraplatform.logbroker.engine;

import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProduceFetchTest extends LocalBrokerTest {

    static TopicConfig config(int partitions) {
        return new TopicConfig(partitions, -1, -1, 1 << 20, TopicConfig.CLEANUP_DELETE, Durability.NONE);
    }

    static ProduceRecord keyed(String key, String value) {
        return new ProduceRecord(null, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                List.of(), null);
    }

    static ProduceRecord unkeyed(String value) {
        return new ProduceRecord(null, null, value.getBytes(StandardCharsets.UTF_8), List.of(), null);
    }

    static List<ConsumedRecord> readAll(LogBroker broker, String topic, int partition) throws InterruptedException {
        List<ConsumedRecord> all = new ArrayList<>();
        long offset = broker.partition(topic, partition).startOffset();
        while (offset < broker.partition(topic, partition).endOffset()) {
            FetchResult result = broker.fetch(topic, partition, offset, 100, 1 << 20, Duration.ZERO);
            all.addAll(result.records());
            offset = result.nextOffset();
        }
        return all;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void keyedRecordsLandWhereKafkasPartitionerPutsThemAndKeepTheirOrder() throws Exception {
        int partitions = 7;
        broker.createTopic("orders", config(partitions));
        Random random = new Random(42);
        Map<String, List<String>> sentPerKey = new HashMap<>();
        for (int request = 0; request < 40; request++) {
            List<ProduceRecord> batch = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String key = "customer-" + random.nextInt(60);
                String value = key + "#" + sentPerKey.computeIfAbsent(key, k -> new ArrayList<>()).size();
                sentPerKey.get(key).add(value);
                batch.add(keyed(key, value));
            }
            ProduceResult result = broker.produce("orders", batch, Acks.LEADER, null);
            for (int i = 0; i < batch.size(); i++) {
                byte[] key = batch.get(i).key();
                assertThat(result.partitions()[i]).isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
            }
        }
        Map<String, List<String>> readPerKey = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            for (ConsumedRecord record : readAll(broker, "orders", p)) {
                String key = text(record.key());
                assertThat(Utils.toPositive(Utils.murmur2(record.key())) % partitions).isEqualTo(p);
                readPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(text(record.value()));
            }
        }
        assertThat(readPerKey).isEqualTo(sentPerKey);
    }

    @Test
    void offsetsAreAnsweredInRequestOrderAndUnkeyedRecordsOfARequestShareAPartition() throws Exception {
        broker.createTopic("events", config(3));
        List<ProduceRecord> records = List.of(unkeyed("a"), keyed("k", "b"),
                new ProduceRecord(2, null, "c".getBytes(StandardCharsets.UTF_8), List.of(), 5L), unkeyed("d"));
        ProduceResult result = broker.produce("events", records, Acks.ALL, null);
        assertThat(result.partitions()[0]).isEqualTo(result.partitions()[3]);
        assertThat(result.partitions()[2]).isEqualTo(2);
        for (int i = 0; i < records.size(); i++) {
            FetchResult fetched = broker.fetch("events", result.partitions()[i], result.offsets()[i], 1, 1 << 20,
                    Duration.ZERO);
            assertThat(fetched.records()).hasSize(1);
            assertThat(text(fetched.records().getFirst().value())).isEqualTo(text(records.get(i).value()));
        }
        assertThat(broker.fetch("events", 2, result.offsets()[2], 1, 1 << 20, Duration.ZERO).records().getFirst()
                .timestamp()).isEqualTo(5L);
        Set<Integer> unkeyedPartitions = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            unkeyedPartitions.add(broker.produce("events", List.of(unkeyed("x")), Acks.LEADER, null).partitions()[0]);
        }
        assertThat(unkeyedPartitions).as("unkeyed requests rotate over the partitions").hasSize(3);
    }

    @Test
    void headersNullKeysAndTombstonesRoundTrip() throws Exception {
        broker.createTopic("t", config(1));
        byte[] binary = {0, (byte) 0xff, 7};
        broker.produce("t", List.of(new ProduceRecord(0, binary, null,
                List.of(new RecordHeader("h1", "v".getBytes(StandardCharsets.UTF_8)), new RecordHeader("h1", null)),
                null)), Acks.LEADER, null);
        ConsumedRecord record = readAll(broker, "t", 0).getFirst();
        assertThat(record.key()).isEqualTo(binary);
        assertThat(record.value()).isNull();
        assertThat(record.headers()).hasSize(2);
        assertThat(record.headers().get(0).key()).isEqualTo("h1");
        assertThat(text(record.headers().get(0).value())).isEqualTo("v");
        assertThat(record.headers().get(1).value()).isNull();
    }

    @Test
    void fetchOutsideTheLogIsOffsetOutOfRangeAndMaxRecordsCutsInsideABatch() throws Exception {
        broker.createTopic("t", config(1));
        List<ProduceRecord> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            batch.add(unkeyed("v" + i));
        }
        broker.produce("t", batch, Acks.LEADER, null);
        FetchResult middle = broker.fetch("t", 0, 3, 4, 1 << 20, Duration.ZERO);
        assertThat(middle.records()).extracting(ConsumedRecord::offset).containsExactly(3L, 4L, 5L, 6L);
        assertThat(middle.nextOffset()).isEqualTo(7);
        assertThat(middle.highWatermark()).isEqualTo(10);
        assertThat(broker.fetch("t", 0, 10, 4, 1 << 20, Duration.ZERO).records()).isEmpty();
        assertThatThrownBy(() -> broker.fetch("t", 0, 11, 4, 1 << 20, Duration.ZERO))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> broker.fetch("t", 0, -1, 4, 1 << 20, Duration.ZERO))
                .isInstanceOf(OffsetOutOfRangeException.class);
        assertThatThrownBy(() -> broker.fetch("t", 1, 0, 4, 1 << 20, Duration.ZERO))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> broker.produce("t", List.of(new ProduceRecord(1, null, null, List.of(), null)),
                Acks.LEADER, null)).isInstanceOf(InvalidRequestException.class);
        assertThat(broker.partition("t", 0).endOffset()).as("a refused produce appends nothing").isEqualTo(10);
    }

    @Test
    void aLongPollIsWokenByTheAppend() throws Exception {
        broker.createTopic("t", config(1));
        CompletableFuture<FetchResult> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return broker.fetch("t", 0, 0, 10, 1 << 20, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        broker.produce("t", List.of(unkeyed("wake")), Acks.LEADER, null);
        FetchResult result = poll.get(10, TimeUnit.SECONDS);
        assertThat(result.records()).extracting(r -> text(r.value())).containsExactly("wake");
    }

    @Test
    void listOffsetsEarliestLatestAndByTimestamp() {
        broker.createTopic("t", config(1));
        for (long ts = 100; ts <= 500; ts += 100) {
            broker.produce("t", List.of(new ProduceRecord(0, null, new byte[] {1}, List.of(), ts),
                    new ProduceRecord(0, null, new byte[] {2}, List.of(), ts + 50)), Acks.LEADER, null);
        }
        assertThat(broker.listOffset("t", 0, new OffsetSpec.Earliest())).isZero();
        assertThat(broker.listOffset("t", 0, new OffsetSpec.Latest())).isEqualTo(10);
        assertThat(broker.listOffset("t", 0, new OffsetSpec.ForTimestamp(0))).isZero();
        assertThat(broker.listOffset("t", 0, new OffsetSpec.ForTimestamp(150))).isEqualTo(1);
        assertThat(broker.listOffset("t", 0, new OffsetSpec.ForTimestamp(151))).isEqualTo(2);
        assertThat(broker.listOffset("t", 0, new OffsetSpec.ForTimestamp(10_000))).isEqualTo(10);
    }

    @Test
    void recordsSurviveARestartAndOffsetsContinue() throws Exception {
        broker.createTopic("t", config(2));
        broker.produce("t", List.of(keyed("a", "1"), keyed("b", "2")), Acks.ALL, null);
        long end0 = broker.partition("t", 0).endOffset();
        long end1 = broker.partition("t", 1).endOffset();
        restart();
        assertThat(broker.partition("t", 0).endOffset()).isEqualTo(end0);
        assertThat(broker.partition("t", 1).endOffset()).isEqualTo(end1);
        ProduceResult more = broker.produce("t", List.of(new ProduceRecord(0, null, new byte[] {9}, List.of(), null)),
                Acks.ALL, null);
        assertThat(more.offsets()[0]).isEqualTo(end0);
        assertThat(readAll(broker, "t", 0)).hasSize((int) end0 + 1);
    }
}
