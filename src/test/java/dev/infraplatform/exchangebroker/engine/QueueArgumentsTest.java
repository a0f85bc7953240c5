package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.infraplatform.exchangebroker.engine.RoutingTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

class QueueArgumentsTest extends BrokerFixture {

    @Test
    void messageTtlExpiresMessagesAtTheHead() {
        queue("q", Map.of("x-message-ttl", 1000));
        publish("", "q", "old");
        clock.addAndGet(600);
        publish("", "q", "young");
        clock.addAndGet(400);

        assertThat(drain("q")).containsExactly("young");
        clock.addAndGet(600);
        assertThat(drain("q")).isEmpty();
    }

    @Test
    void perMessageExpirationIsAStringOfMillisAndTheShorterTtlWins() {
        queue("q", Map.of("x-message-ttl", 10_000));
        broker.publish("", "q", bytes("short"), Map.of(), MessageProperties.NONE.withExpiration("100"), false);
        broker.publish("", "q", bytes("long"), Map.of(), MessageProperties.NONE.withExpiration("60000"), false);
        publish("", "q", "queue ttl");
        clock.addAndGet(100);

        assertThat(drain("q")).containsExactly("long", "queue ttl");
        assertRefused(() -> broker.publish("", "q", bytes("m"), Map.of(),
                MessageProperties.NONE.withExpiration("soon"), false), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> broker.publish("", "q", bytes("m"), Map.of(),
                MessageProperties.NONE.withExpiration("-5"), false), ReplyCode.PRECONDITION_FAILED);
    }

    @Test
    void anExpiredMessageBehindALiveOneWaitsForTheHeadUnlessSwept() {
        queue("q");
        broker.publish("", "q", bytes("lives"), Map.of(), MessageProperties.NONE, false);
        broker.publish("", "q", bytes("dies"), Map.of(), MessageProperties.NONE.withExpiration("10"), false);
        clock.addAndGet(10);
        assertThat(broker.queueStats("q").ready()).isEqualTo(2);

        assertThat(broker.expireDue(clock.get())).isEqualTo(1);

        assertThat(drain("q")).containsExactly("lives");
    }

    @Test
    void queueExpiresWhenUnused() {
        queue("q", Map.of("x-expires", 5000));
        clock.addAndGet(4000);
        queue("q", Map.of("x-expires", 5000)); // a redeclare is use
        clock.addAndGet(4000);
        broker.expireDue(clock.get());
        assertThat(broker.queues()).extracting(QueueStats::name).contains("q");

        String tag = broker.openConsumer("q", 0, 0);
        clock.addAndGet(60_000);
        broker.expireDue(clock.get());
        assertThat(broker.queues()).extracting(QueueStats::name).as("a consumer keeps it").contains("q");

        broker.closeConsumer(tag);
        clock.addAndGet(5000);
        broker.expireDue(clock.get());
        assertThat(broker.queues()).extracting(QueueStats::name).doesNotContain("q");
    }

    @Test
    void maxLengthDropsTheHeadByDefault() {
        queue("q", Map.of("x-max-length", 2));
        for (String m : List.of("1", "2", "3", "4")) {
            assertThat(publish("", "q", m).nacked()).isFalse();
        }

        assertThat(drain("q")).containsExactly("3", "4");
    }

    @Test
    void maxLengthBytesDropsTheHead() {
        queue("q", Map.of("x-max-length-bytes", 10));
        publish("", "q", "aaaa");
        publish("", "q", "bbbb");
        publish("", "q", "cccc");

        assertThat(broker.queueStats("q").readyBytes()).isEqualTo(8);
        assertThat(drain("q")).containsExactly("bbbb", "cccc");
    }

    @Test
    void rejectPublishRefusesNewMessagesWithANack() {
        queue("q", Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
        publish("", "q", "1");
        publish("", "q", "2");

        PublishResult refused = publish("", "q", "3");

        assertThat(refused).isEqualTo(new PublishResult(true, 0, false, true));
        assertThat(drain("q")).containsExactly("1", "2");
        assertThat(publish("", "q", "4").nacked()).isFalse();
    }

    @Test
    void maxLengthCountsReadyMessagesOnly() {
        queue("q", Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
        publish("", "q", "1");
        String tag = broker.openConsumer("q", 0, 0);
        assertThat(get(tag, 1)).hasSize(1);

        assertThat(publish("", "q", "2").nacked()).isFalse();
        assertThat(broker.queueStats("q")).extracting(BrokerFixture.Occupancy::of).isEqualTo(new BrokerFixture.Occupancy(1, 1, 1, 1));
    }

    @Test
    void rejectPublishDlxRefusesAndDeadLetters() {
        queue("dlq");
        queue("q", Map.of("x-max-length", 1, "x-overflow", "reject-publish-dlx",
                "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "dlq"));
        publish("", "q", "1");

        assertThat(publish("", "q", "2").nacked()).isTrue();

        assertThat(drain("q")).containsExactly("1");
        Delivery dead = drainDeliveries("dlq").getFirst();
        assertThat(text(dead)).isEqualTo("2");
        assertThat(dead.headers().get("x-first-death-reason")).isEqualTo("maxlen");
    }

    @Test
    void higherPrioritiesGoFirstAndFifoWithinAPriority() {
        queue("q", Map.of("x-max-priority", 5));
        publishWithPriority("low-1", null);
        publishWithPriority("high-1", 5);
        publishWithPriority("mid-1", 3);
        publishWithPriority("high-2", 9); // above the maximum: treated as the maximum
        publishWithPriority("mid-2", 3);
        publishWithPriority("low-2", 0);

        assertThat(drain("q")).containsExactly("high-1", "high-2", "mid-1", "mid-2", "low-1", "low-2");
    }

    @Test
    void withoutMaxPriorityPrioritiesAreIgnored() {
        queue("q");
        publishWithPriority("a", 1);
        publishWithPriority("b", 9);

        assertThat(drain("q")).containsExactly("a", "b");
    }

    @Test
    void deliveryLimitDropsAMessageReturnedTooOften() {
        queue("q", Map.of("x-delivery-limit", 1));
        publish("", "q", "poison");
        String tag = broker.openConsumer("q", 0, 0);

        Delivery first = get(tag, 1).getFirst();
        broker.nack(tag, first.deliveryTag(), false, true);
        Delivery second = get(tag, 1).getFirst();
        assertThat(second.redelivered()).isTrue();
        broker.nack(tag, second.deliveryTag(), false, true);

        assertThat(get(tag, 1)).isEmpty();
        assertThat(broker.queueStats("q").ready()).isZero();
    }

    @Test
    void invalidArgumentsArePreconditionFailed() {
        assertRefused(() -> queue("q", Map.of("x-message-ttl", -1)), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-message-ttl", "1000")), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-expires", 0)), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-max-length", 1.5)), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-overflow", "drop-tail")), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-max-priority", 256)), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-dead-letter-routing-key", "k")), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-dead-letter-exchange", 5)), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q", Map.of("x-delivery-limit", -2)), ReplyCode.PRECONDITION_FAILED);
        assertThat(broker.queues()).isEmpty();
    }

    @Test
    void purgeDropsReadyMessagesOnly() {
        queue("q");
        publish("", "q", "1");
        publish("", "q", "2");
        String tag = broker.openConsumer("q", 1, 0);
        get(tag, 1);

        assertThat(broker.purgeQueue("q")).isEqualTo(1);
        assertThat(broker.queueStats("q")).extracting(BrokerFixture.Occupancy::of).isEqualTo(new BrokerFixture.Occupancy(0, 1, 1, 0));
    }

    @Test
    void autoDeleteQueueGoesWithItsLastConsumer() {
        broker.declareQueue(new QueueDefinition("temp", false, false, true, Map.of()));
        String first = broker.openConsumer("temp", 0, 0);
        String second = broker.openConsumer("temp", 0, 0);

        broker.closeConsumer(first);
        assertThat(broker.queues()).extracting(QueueStats::name).contains("temp");
        broker.closeConsumer(second);
        assertThat(broker.queues()).extracting(QueueStats::name).doesNotContain("temp");
    }

    @Test
    void deleteHonoursIfUnusedAndIfEmptyAndDiscardsUnacked() {
        queue("q");
        publish("", "q", "1");
        publish("", "q", "2");
        String tag = broker.openConsumer("q", 1, 0);
        Delivery delivery = get(tag, 1).getFirst();

        assertRefused(() -> broker.deleteQueue("q", true, false), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> broker.deleteQueue("q", false, true), ReplyCode.PRECONDITION_FAILED);
        assertThat(broker.deleteQueue("q", false, false)).isEqualTo(1);

        assertRefused(() -> broker.ack(tag, delivery.deliveryTag(), false), ReplyCode.NOT_FOUND);
        queue("q");
        assertThat(drain("q")).isEmpty();
    }

    @Test
    void anEmptyNameGetsAGeneratedOne() {
        QueueDefinition declared = broker.declareQueue(QueueDefinition.of("", Map.of()));

        assertThat(declared.name()).startsWith("amq.gen-");
        assertThat(publish("", declared.name(), "m").queues()).isEqualTo(1);
    }

    private void publishWithPriority(String payload, Integer priority) {
        broker.publish("", "q", bytes(payload), Map.of(), MessageProperties.NONE.withPriority(priority), false);
    }
}
