package dev.infraplatform.logbroker.engine;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.logbroker.engine.ProduceFetchTest.config;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.readAll;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.text;
import static dev.infraplatform.logbroker.engine.ProduceFetchTest.unkeyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotentProducerTest extends LocalBrokerTest {

    @BeforeEach
    void setUp() {
        broker.createTopic("t", config(3));
    }

    private static List<ProduceRecord> batch(int partition, String... values) {
        List<ProduceRecord> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProduceRecord(partition, null, value.getBytes(), List.of(), null));
        }
        return records;
    }

    private ProduceResult send(ProducerIdentity producer, List<ProduceRecord> records, int baseSequence) {
        return broker.produce("t", records, Acks.ALL,
                new ProducerBatch(producer.producerId(), producer.producerEpoch(), baseSequence, null));
    }

    @Test
    void aBatchRetriedFiveTimesWithARestartInBetweenIsInTheLogOnce() throws Exception {
        ProducerIdentity producer = broker.initProducer(null, null);
        send(producer, batch(1, "first"), 0);
        List<ProduceRecord> retried = batch(1, "a", "b", "c");
        ProduceResult original = send(producer, retried, 1);
        for (int attempt = 0; attempt < 5; attempt++) {
            if (attempt == 2) {
                restart();
            }
            ProduceResult retry = send(producer, retried, 1);
            assertThat(retry.offsets()).isEqualTo(original.offsets());
            assertThat(retry.duplicate()).isTrue();
        }
        assertThat(readAll(broker, "t", 1)).extracting(r -> text(r.value())).containsExactly("first", "a", "b", "c");
        ProduceResult next = send(producer, batch(1, "d"), 4);
        assertThat(next.offsets()).containsExactly(4L);
    }

    @Test
    void afterACrashTheLastCheckpointAndTheBatchesSinceRestoreDeduplication() throws Exception {
        ProducerIdentity producer = broker.initProducer(null, null);
        ProduceResult early = send(producer, batch(0, "a"), 0);
        broker.checkpoint();
        ProduceResult late = send(producer, batch(0, "b", "c"), 1);
        restartAfterCrash();
        assertThat(send(producer, batch(0, "a"), 0).offsets()).isEqualTo(early.offsets());
        assertThat(send(producer, batch(0, "b", "c"), 1).offsets()).isEqualTo(late.offsets());
        assertThatThrownBy(() -> send(producer, batch(0, "x"), 5)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(send(producer, batch(0, "d"), 3).offsets()).containsExactly(3L);
        assertThat(readAll(broker, "t", 0)).extracting(r -> text(r.value())).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aSequenceGapIsOutOfOrderAndAppendsNothing() {
        ProducerIdentity producer = broker.initProducer(null, null);
        assertThatThrownBy(() -> send(producer, batch(0, "x"), 3)).isInstanceOf(OutOfOrderSequenceException.class);
        send(producer, batch(0, "a", "b"), 0);
        assertThatThrownBy(() -> send(producer, batch(0, "x"), 3)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThatThrownBy(() -> send(producer, batch(0, "x"), 1)).isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(broker.partition("t", 0).endOffset()).isEqualTo(2);
        send(producer, batch(0, "c"), 2);
        assertThat(broker.partition("t", 0).endOffset()).isEqualTo(3);
    }

    @Test
    void aBumpedEpochFencesTheOlderProducerEvenAfterARestart() {
        ProducerIdentity first = broker.initProducer(null, null);
        send(first, batch(0, "a"), 0);
        ProducerIdentity second = broker.initProducer(first.producerId(), first.producerEpoch());
        assertThat(second.producerId()).isEqualTo(first.producerId());
        assertThat(second.producerEpoch()).isEqualTo((short) 1);
        assertThatThrownBy(() -> send(first, batch(0, "stale"), 1)).isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> send(first, batch(2, "stale"), 0)).as("also on partitions the new epoch never wrote")
                .isInstanceOf(InvalidProducerEpochException.class);
        assertThatThrownBy(() -> broker.initProducer(first.producerId(), first.producerEpoch()))
                .isInstanceOf(InvalidProducerEpochException.class);
        send(second, batch(0, "b"), 0);
        restart();
        assertThatThrownBy(() -> send(first, batch(0, "stale"), 1)).isInstanceOf(InvalidProducerEpochException.class);
        assertThat(send(second, batch(0, "c"), 1).offsets()).containsExactly(2L);
    }

    @Test
    void idsAreNeverIssuedTwiceAndUnknownIdsAreRefused() {
        ProducerIdentity a = broker.initProducer(null, null);
        restart();
        ProducerIdentity b = broker.initProducer(null, null);
        assertThat(b.producerId()).isNotEqualTo(a.producerId());
        assertThatThrownBy(() -> send(new ProducerIdentity(1_000_000, (short) 0), batch(0, "x"), 0))
                .isInstanceOf(UnknownProducerIdException.class);
        assertThat(send(a, batch(0, "after restart"), 0).offsets()).containsExactly(0L);
    }

    @Test
    void requestsOverSeveralPartitionsCarryASequencePerPartition() {
        ProducerIdentity producer = broker.initProducer(null, null);
        List<ProduceRecord> records = List.of(new ProduceRecord(0, null, new byte[] {1}, List.of(), null),
                new ProduceRecord(2, null, new byte[] {2}, List.of(), null),
                new ProduceRecord(0, null, new byte[] {3}, List.of(), null));
        ProducerBatch single = new ProducerBatch(producer.producerId(), producer.producerEpoch(), 0, null);
        assertThatThrownBy(() -> broker.produce("t", records, Acks.ALL, single)).isInstanceOf(InvalidRequestException.class);
        ProducerBatch perPartition = new ProducerBatch(producer.producerId(), producer.producerEpoch(), null,
                Map.of(0, 0, 2, 0));
        ProduceResult first = broker.produce("t", records, Acks.ALL, perPartition);
        assertThat(first.offsets()).containsExactly(0L, 0L, 1L);
        assertThat(broker.produce("t", records, Acks.ALL, perPartition).offsets()).containsExactly(0L, 0L, 1L);
        ProducerBatch next = new ProducerBatch(producer.producerId(), producer.producerEpoch(), null, Map.of(0, 2, 2, 5));
        assertThatThrownBy(() -> broker.produce("t", records, Acks.ALL, next))
                .as("a gap on one partition refuses the whole request").isInstanceOf(OutOfOrderSequenceException.class);
        assertThat(broker.partition("t", 0).endOffset()).isEqualTo(2);
    }

    @Test
    void idempotenceNeedsAcksAll() {
        ProducerIdentity producer = broker.initProducer(null, null);
        assertThatThrownBy(() -> broker.produce("t", List.of(unkeyed("x")), Acks.LEADER,
                new ProducerBatch(producer.producerId(), producer.producerEpoch(), 0, null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(broker.partition("t", 0).endOffset() + broker.partition("t", 1).endOffset()
                + broker.partition("t", 2).endOffset()).isZero();
    }
}
