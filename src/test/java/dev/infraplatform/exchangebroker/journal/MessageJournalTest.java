package dev.infraplatform.exchangebroker.journal;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.Binding;
import dev.infraplatform.exchangebroker.engine.Delivery;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.exchangebroker.engine.ExchangeType;
import dev.infraplatform.exchangebroker.engine.MessageProperties;
import dev.infraplatform.exchangebroker.engine.QueueDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageJournalTest {

    private static final MessageProperties PERSISTENT = MessageProperties.NONE.withDeliveryMode(2);

    @TempDir
    Path directory;

    private DurableBroker durable;

    @AfterEach
    void close() {
        if (durable != null) {
            durable.close();
        }
    }

    private DurableBroker open() {
        durable = new DurableBroker(directory);
        return durable;
    }

    private static void publish(ExchangeBroker broker, String queue, String payload, MessageProperties properties) {
        broker.publish("", queue, payload.getBytes(StandardCharsets.UTF_8), Map.of(), properties, false);
    }

    private static List<Delivery> getAll(ExchangeBroker broker, String tag) throws InterruptedException {
        return broker.get(tag, 100_000, Duration.ZERO);
    }

    private static List<String> texts(List<Delivery> deliveries) {
        return deliveries.stream().map(d -> new String(d.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void persistentMessagesOfDurableQueuesSurviveACrashAndAckedOnesDoNotReturn() throws Exception {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("orders", Map.of()));
        broker.declareQueue(new QueueDefinition("scratch", false, false, false, Map.of()));
        for (int i = 0; i < 10; i++) {
            publish(broker, "orders", "order-" + i, PERSISTENT);
        }
        publish(broker, "orders", "transient", MessageProperties.NONE);
        publish(broker, "scratch", "in a transient queue", PERSISTENT);
        String tag = broker.openConsumer("orders", 0, 0);
        List<Delivery> first = broker.get(tag, 4, Duration.ZERO);
        broker.ack(tag, first.get(2).deliveryTag(), true); // order-0..2 acked, order-3 unacked at the crash

        ExchangeBroker restarted = durable.restartAfterCrash();

        assertThat(restarted.queues()).extracting(q -> q.name()).containsExactly("orders");
        List<Delivery> after = getAll(restarted, restarted.openConsumer("orders", 0, 0));
        assertThat(texts(after)).containsExactly("order-3", "order-4", "order-5", "order-6", "order-7", "order-8",
                "order-9");
        // after a crash the journal cannot tell which were delivered: all may have been
        assertThat(after).allMatch(Delivery::redelivered);
        assertThat(durable.recovery().crashed()).isTrue();
    }

    @Test
    void aCleanRestartKeepsExactRedeliveredFlagsAndTheDeliveryCountOfXDeliveryLimit() throws Exception {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("q", Map.of("x-delivery-limit", 1)));
        publish(broker, "q", "requeued", PERSISTENT);
        publish(broker, "q", "fresh", PERSISTENT);
        String tag = broker.openConsumer("q", 1, 0);
        broker.nack(tag, broker.get(tag, 1, Duration.ZERO).getFirst().deliveryTag(), false, true);

        ExchangeBroker restarted = durable.restart();

        assertThat(durable.recovery().crashed()).isFalse();
        String next = restarted.openConsumer("q", 1, 0);
        Delivery requeued = restarted.get(next, 1, Duration.ZERO).getFirst();
        assertThat(texts(List.of(requeued))).containsExactly("requeued");
        assertThat(requeued.redelivered()).isTrue();
        // its second return passes x-delivery-limit 1: dropped (no dead-letter exchange), not requeued
        restarted.nack(next, requeued.deliveryTag(), false, true);
        Delivery fresh = restarted.get(next, 1, Duration.ZERO).getFirst();
        assertThat(texts(List.of(fresh))).containsExactly("fresh");
        assertThat(fresh.redelivered()).isFalse();
        restarted.ack(next, fresh.deliveryTag(), false);
        assertThat(restarted.queueStats("q").ready()).isZero();
    }

    @Test
    void headersPropertiesTtlAndXDeathComeBackAsTheyWere() throws Exception {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("dlq", Map.of()));
        broker.declareQueue(QueueDefinition.of("work", Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", "dlq")));
        broker.declareQueue(QueueDefinition.of("ttl", Map.of("x-message-ttl", 60_000)));
        MessageProperties properties = new MessageProperties("application/json", "gzip", 2, 3, "c-1", "replies",
                null, "m-1", 1_700_000_000L, "order.created", "guest", "shop");
        Map<String, Object> headers = new java.util.LinkedHashMap<>();
        headers.put("string", "value");
        headers.put("int", 7);
        headers.put("long", 1L << 40);
        headers.put("double", 2.5);
        headers.put("bool", true);
        headers.put("null", null);
        headers.put("big", new java.math.BigInteger("123456789012345678901234567890"));
        headers.put("nested", Map.of("list", List.of(1, "two", Map.of("three", 3))));
        broker.publish("", "work", "body".getBytes(StandardCharsets.UTF_8), headers, properties, false);
        publish(broker, "ttl", "expires later", PERSISTENT);
        String tag = broker.openConsumer("work", 0, 0);
        broker.reject(tag, broker.get(tag, 1, Duration.ZERO).getFirst().deliveryTag(), false);
        Delivery before = broker.get(broker.openConsumer("dlq", 0, 0), 1, Duration.ZERO).getFirst();

        ExchangeBroker restarted = durable.restartAfterCrash();

        Delivery after = restarted.get(restarted.openConsumer("dlq", 0, 0), 1, Duration.ZERO).getFirst();
        assertThat(after.payload()).isEqualTo(before.payload());
        assertThat(after.properties()).isEqualTo(before.properties());
        assertThat(after.headers()).isEqualTo(before.headers());
        assertThat(after.exchange()).isEqualTo(before.exchange());
        assertThat(after.routingKey()).isEqualTo("dlq");
        assertThat(after.headers().get("x-death")).asList().hasSize(1);
        // the TTL is absolute: it runs out when it would have without the restart
        durable.clock.addAndGet(60_000);
        restarted.expireDue(durable.clock.get());
        assertThat(restarted.queueStats("ttl").ready()).isZero();
    }

    @Test
    void aDeletedQueueDeclaredAgainStartsEmpty() throws Exception {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        publish(broker, "q", "old", PERSISTENT);
        broker.deleteQueue("q", false, false);
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        publish(broker, "q", "new", PERSISTENT);

        ExchangeBroker restarted = durable.restartAfterCrash();

        assertThat(texts(getAll(restarted, restarted.openConsumer("q", 0, 0)))).containsExactly("new");
    }

    @Test
    void durableTopologyComesBackAndTransientTopologyDoesNot() throws Exception {
        ExchangeBroker broker = open().broker();
        broker.declareExchange(new ExchangeDefinition("events", ExchangeType.TOPIC, true, null));
        broker.declareExchange(new ExchangeDefinition("scratch", ExchangeType.FANOUT, false, null));
        broker.declareQueue(QueueDefinition.of("audit", Map.of()));
        broker.declareQueue(new QueueDefinition("temp", false, false, false, Map.of()));
        broker.bind(new Binding("events", "audit", "order.#", Map.of()));
        broker.bind(new Binding("events", "temp", "#", Map.of()));
        broker.bind(new Binding("scratch", "audit", "", Map.of()));

        ExchangeBroker restarted = durable.restart();

        assertThat(restarted.exchanges()).extracting(ExchangeDefinition::name).contains("events")
                .doesNotContain("scratch");
        assertThat(restarted.bindings("events")).containsExactly(new Binding("events", "audit", "order.#", Map.of()));
        restarted.publish("events", "order.created", new byte[]{1}, Map.of(), PERSISTENT, false);
        assertThat(restarted.queueStats("audit").ready()).isEqualTo(1);
    }

    @Test
    void compactionDeletesOldSegmentsAndLosesNothingWhilePublishersAndConsumersGoOn() throws Exception {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        String tag = broker.openConsumer("q", 0, 0);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        List<String> published = new ArrayList<>();
        CountDownLatch compacted = new CountDownLatch(1);
        try {
            Future<?> publisher = threads.submit(() -> {
                for (int i = 0; !stop.get() || i < 2_000; i++) {
                    String payload = "m" + i + "-" + "x".repeat(200);
                    publish(broker, "q", payload, PERSISTENT);
                    synchronized (published) {
                        published.add(payload);
                    }
                }
                return null;
            });
            Future<?> consumer = threads.submit(() -> {
                while (!stop.get()) {
                    List<Delivery> deliveries = broker.get(tag, 7, Duration.ofMillis(50));
                    for (Delivery delivery : deliveries.subList(0, Math.min(3, deliveries.size()))) {
                        broker.ack(tag, delivery.deliveryTag(), false); // the rest stay unacked
                        acked.add(texts(List.of(delivery)).getFirst());
                    }
                }
                return null;
            });
            Future<?> compactor = threads.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    durable.journal().compact(broker, false);
                }
                compacted.countDown();
                return null;
            });
            compacted.await();
            stop.set(true);
            compactor.get();
            publisher.get();
            consumer.get();
        } finally {
            threads.shutdownNow();
        }
        assertThat(durable.log().startOffset()).as("segments before the last snapshot deleted").isPositive();

        ExchangeBroker restarted = durable.restartAfterCrash();

        List<String> expected = new ArrayList<>(published);
        expected.removeAll(List.copyOf(acked));
        assertThat(texts(getAll(restarted, restarted.openConsumer("q", 0, 0)))).containsExactlyElementsOf(expected);
    }

    @Test
    void theLogIsCompactedOnceItOutgrowsTheThresholdAndTheLastSnapshot() {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        assertThat(durable.journal().compactionDue()).isFalse();
        for (int i = 0; i < 2_000; i++) {
            publish(broker, "q", "y".repeat(200), PERSISTENT); // ~460 KB of records, threshold 256 KiB
        }
        assertThat(durable.journal().compactionDue()).isTrue();
        durable.journal().compact(broker, false);
        // the snapshot now holds the 2,000 messages: the log must outgrow it before the next compaction
        assertThat(durable.journal().compactionDue()).isFalse();
    }

    @Test
    void aPersistentMessageLargerThanTheLimitIsRefusedAndNothingChanges() {
        durable = new DurableBroker(directory, new MessageJournal.Settings(1000, 1 << 20));
        ExchangeBroker broker = durable.broker();
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        assertThatThrownBy(() -> publish(broker, "q", "z".repeat(2000), PERSISTENT))
                .isInstanceOf(AmqpException.class)
                .hasMessageContaining("is larger than configured max size 1000");
        assertThat(broker.queueStats("q").ready()).isZero();
        publish(broker, "q", "z".repeat(2000), MessageProperties.NONE); // transient: not journalled, no limit here
        assertThat(broker.queueStats("q").ready()).isEqualTo(1);
    }

    @Test
    void aWriteThatFailsIsReportedUntilAWriteSucceeds() {
        ExchangeBroker broker = open().broker();
        broker.declareQueue(QueueDefinition.of("q", Map.of()));
        assertThat(durable.journal().status().failing()).isFalse();
        durable.log().close();

        assertThatThrownBy(() -> publish(broker, "q", "lost", PERSISTENT)).isInstanceOf(RuntimeException.class);
        assertThat(durable.journal().status().failing()).isTrue();
        assertThat(durable.journal().status().lastError()).isNotBlank();
        publish(broker, "q", "transient: no journal write", MessageProperties.NONE);
        assertThat(durable.journal().status().failing()).isTrue();
    }
}
