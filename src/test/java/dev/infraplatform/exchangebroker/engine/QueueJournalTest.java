package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueJournalTest {

    private record Text(String value) implements QueueJournal.Prepared {
    }

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> awaited = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ExchangeBroker broker = new ExchangeBroker(clock::get, new QueueJournal() {
        @Override
        public Prepared prepare(Message message) {
            return new Text(new String(message.payload(), StandardCharsets.UTF_8));
        }

        @Override
        public Write enqueued(String queue, long sequence, Prepared message, long expiresAt) {
            return record("+" + queue + "#" + sequence + " " + ((Text) message).value()
                    + (expiresAt == Long.MAX_VALUE ? "" : " ttl"));
        }

        @Override
        public Write removed(String queue, long[] sequences, int count) {
            return record("-" + queue + Arrays.toString(Arrays.copyOf(sequences, count)));
        }

        @Override
        public Write returned(String queue, long[] sequences, int[] returns, int count) {
            return record("~" + queue + Arrays.toString(Arrays.copyOf(sequences, count))
                    + Arrays.toString(Arrays.copyOf(returns, count)));
        }

        @Override
        public Write queueDeleted(String queue) {
            return record("x" + queue);
        }

        private Write record(String event) {
            events.add(event);
            return () -> awaited.add(event);
        }
    });

    private static final MessageProperties PERSISTENT = MessageProperties.NONE.withDeliveryMode(2);

    private void publish(String routingKey, String payload, MessageProperties properties) {
        broker.publish("", routingKey, payload.getBytes(StandardCharsets.UTF_8), Map.of(), properties, false);
    }

    @Test
    void persistentMessagesOfDurableQueuesAreJournalledInQueueOrderAndEveryWriteIsAwaited() throws Exception {
        broker.declareQueue(QueueDefinition.of("dlq", Map.of()));
        broker.declareQueue(QueueDefinition.of("q", Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", "dlq", "x-max-length", 3)));
        for (String payload : List.of("dropped", "requeued", "rejected", "expires")) {
            publish("q", payload, payload.equals("expires") ? PERSISTENT.withExpiration("10") : PERSISTENT);
        }
        // x-max-length 3 dropped "dropped" (#0) at the 4th publish: dead-lettered to dlq
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = broker.get(tag, 2, Duration.ZERO);
        broker.nack(tag, deliveries.get(0).deliveryTag(), false, true);
        broker.reject(tag, deliveries.get(1).deliveryTag(), false);
        clock.addAndGet(10);
        broker.expireDue(clock.get());
        broker.ack(tag, broker.get(tag, 1, Duration.ZERO).getFirst().deliveryTag(), false);
        broker.deleteQueue("dlq", false, false);

        assertThat(events).containsExactly(
                "+q#0 dropped", "+q#1 requeued", "+q#2 rejected", "+q#3 expires ttl",
                "-q[0]", "+dlq#0 dropped",
                "~q[1][1]",
                "-q[2]", "+dlq#1 rejected",
                "-q[3]", "+dlq#2 expires",
                "-q[1]",
                "xdlq");
        assertThat(awaited).containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void transientMessagesAndNonDurableOrExclusiveQueuesAreNotJournalled() throws Exception {
        broker.declareQueue(QueueDefinition.of("durable", Map.of()));
        broker.declareQueue(new QueueDefinition("transient", false, false, false, Map.of()));
        broker.declareQueue(new QueueDefinition("exclusive", true, true, false, Map.of()));
        broker.declareExchange(new ExchangeDefinition("fan", ExchangeType.FANOUT, true, null));
        for (String queue : List.of("durable", "transient", "exclusive")) {
            broker.bind(new Binding("fan", queue, "", Map.of()));
        }
        broker.publish("fan", "", "kept".getBytes(StandardCharsets.UTF_8), Map.of(), PERSISTENT, false);
        broker.publish("fan", "", "not kept".getBytes(StandardCharsets.UTF_8), Map.of(),
                MessageProperties.NONE.withDeliveryMode(1), false);
        for (String queue : List.of("durable", "transient", "exclusive")) {
            String tag = broker.openConsumer(queue, 0, 0);
            assertThat(broker.get(tag, 10, Duration.ZERO)).hasSize(2);
            broker.ack(tag, 0, true);
        }

        assertThat(events).containsExactly("+durable#0 kept", "-durable[0]");
    }

    @Test
    void aMultipleAckIsOneRecordAndAClosedConsumersDeliveriesAreReturnedTogether() throws Exception {
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        for (int i = 0; i < 5; i++) {
            publish("q", "m" + i, PERSISTENT);
        }
        String first = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = broker.get(first, 5, Duration.ZERO);
        broker.ack(first, deliveries.get(2).deliveryTag(), true);
        broker.closeConsumer(first);

        assertThat(events).endsWith("-q[0, 1, 2]", "~q[3, 4][1, 1]");
    }

    @Test
    void aJournalThatCannotWriteFailsTheOperationAfterItsEffectsInMemory() {
        ExchangeBroker failing = new ExchangeBroker(clock::get, new QueueJournal() {
            @Override
            public Prepared prepare(Message message) {
                return new Text("x");
            }

            @Override
            public Write enqueued(String queue, long sequence, Prepared message, long expiresAt) {
                return () -> {
                    throw new IllegalStateException("disk gone");
                };
            }
        });
        failing.declareQueue(QueueDefinition.of("q", Map.of()));
        assertThatThrownBy(() -> failing.publish("", "q", new byte[1], Map.of(), PERSISTENT, false))
                .hasMessage("disk gone");
        // the publisher was told it failed; the copy in memory may still be delivered (at least once)
        assertThat(failing.queueStats("q").ready()).isEqualTo(1);
    }
}
