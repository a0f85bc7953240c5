package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterTest extends BrokerFixture {

    @BeforeEach
    void deadLetterExchangeAndQueue() {
        exchange("dlx", ExchangeType.FANOUT);
        queue("dlq");
        bind("dlx", "dlq", "");
        exchange("work", ExchangeType.DIRECT);
    }

    private void workQueue(Map<String, Object> arguments) {
        queue("q", arguments);
        bind("work", "q", "task");
    }

    @Test
    void aRejectedMessageIsDeadLetteredWithXDeath() {
        workQueue(Map.of("x-dead-letter-exchange", "dlx"));
        publish("work", "task", "bad");
        String tag = broker.openConsumer("q", 0, 0);

        broker.reject(tag, get(tag, 1).getFirst().deliveryTag(), false);

        Delivery dead = onlyDeadLetter();
        assertThat(text(dead)).isEqualTo("bad");
        assertThat(dead.exchange()).isEqualTo("dlx");
        assertThat(dead.routingKey()).as("kept without x-dead-letter-routing-key").isEqualTo("task");
        assertThat(dead.redelivered()).isFalse();
        assertThat(deaths(dead)).containsExactly(Map.of("count", 1L, "reason", "rejected", "queue", "q",
                "time", Instant.ofEpochMilli(clock.get()), "exchange", "work", "routing-keys", List.of("task")));
        assertThat(dead.headers()).containsEntry("x-first-death-reason", "rejected")
                .containsEntry("x-first-death-queue", "q").containsEntry("x-first-death-exchange", "work")
                .containsEntry("x-last-death-reason", "rejected").containsEntry("x-last-death-queue", "q")
                .containsEntry("x-last-death-exchange", "work");
    }

    @Test
    void nackWithoutRequeueDeadLettersEveryDeliveryItCovers() {
        workQueue(Map.of("x-dead-letter-exchange", "dlx"));
        publish("work", "task", "1");
        publish("work", "task", "2");
        publish("work", "task", "3");
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = get(tag, 3);

        broker.nack(tag, deliveries.get(1).deliveryTag(), true, false);

        assertThat(drain("dlq")).containsExactly("1", "2");
        assertThat(broker.queueStats("q").unacked()).isEqualTo(1);
    }

    @Test
    void anExpiredMessageIsDeadLetteredWithoutItsExpiration() {
        workQueue(Map.of("x-dead-letter-exchange", "dlx", "x-dead-letter-routing-key", "expired-task"));
        broker.publish("work", "task", bytes("late"), Map.of("trace", "t1"),
                MessageProperties.NONE.withExpiration("500"), false);
        clock.addAndGet(500);

        assertThat(broker.expireDue(clock.get())).isEqualTo(1);

        Delivery dead = onlyDeadLetter();
        assertThat(dead.routingKey()).isEqualTo("expired-task");
        assertThat(dead.properties().expiration()).isNull();
        assertThat(dead.headers()).containsEntry("trace", "t1");
        Map<String, Object> death = deaths(dead).getFirst();
        assertThat(death).containsEntry("reason", "expired").containsEntry("original-expiration", "500")
                .containsEntry("routing-keys", List.of("task"));
    }

    @Test
    void queueTtlExpiryAtTheHeadDeadLetters() {
        workQueue(Map.of("x-dead-letter-exchange", "dlx", "x-message-ttl", 100));
        publish("work", "task", "m");
        clock.addAndGet(100);
        String tag = broker.openConsumer("q", 0, 0);

        assertThat(get(tag, 1)).isEmpty();

        Delivery dead = onlyDeadLetter();
        assertThat(deaths(dead).getFirst()).containsEntry("reason", "expired").doesNotContainKey("original-expiration");
    }

    @Test
    void maxLengthDropHeadDeadLettersTheOldest() {
        workQueue(Map.of("x-dead-letter-exchange", "dlx", "x-max-length", 1));
        publish("work", "task", "old");
        publish("work", "task", "new");

        assertThat(drain("q")).containsExactly("new");
        Delivery dead = onlyDeadLetter();
        assertThat(text(dead)).isEqualTo("old");
        assertThat(deaths(dead).getFirst()).containsEntry("reason", "maxlen");
    }

    @Test
    void exceedingTheDeliveryLimitDeadLettersWithDeliveryLimit() {
        workQueue(Map.of("x-dead-letter-exchange", "dlx", "x-delivery-limit", 0));
        publish("work", "task", "poison");
        String tag = broker.openConsumer("q", 0, 0);

        broker.nack(tag, get(tag, 1).getFirst().deliveryTag(), false, true);

        assertThat(deaths(onlyDeadLetter()).getFirst()).containsEntry("reason", "delivery_limit");
    }

    @Test
    void dyingAgainInTheSameQueueForTheSameReasonCountsAndMovesToTheFront() {
        // q rejects into retry, retry expires back into q: rejected breaks the cycle every round
        queue("q", Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "retry"));
        queue("retry", Map.of("x-message-ttl", 10, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "q"));
        publish("", "q", "job");
        String tag = broker.openConsumer("q", 0, 0);

        for (int round = 1; round <= 3; round++) {
            Delivery delivery = get(tag, 1).getFirst();
            broker.reject(tag, delivery.deliveryTag(), false);
            clock.addAndGet(10);
            broker.expireDue(clock.get());
        }

        Delivery fourth = get(tag, 1).getFirst();
        List<Map<String, Object>> deaths = deaths(fourth);
        assertThat(deaths).extracting(d -> d.get("queue") + "/" + d.get("reason") + "/" + d.get("count"))
                .containsExactly("retry/expired/3", "q/rejected/3");
        assertThat(fourth.headers()).containsEntry("x-first-death-reason", "rejected")
                .containsEntry("x-first-death-queue", "q").containsEntry("x-last-death-reason", "expired")
                .containsEntry("x-last-death-queue", "retry");
    }

    @Test
    void aCycleWithoutARejectionIsDropped() {
        // a and b expire into each other: the second visit to a would be a cycle
        queue("a", Map.of("x-message-ttl", 10, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "b"));
        queue("b", Map.of("x-message-ttl", 10, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "a"));
        publish("", "a", "looping");

        clock.addAndGet(10);
        broker.expireDue(clock.get());
        clock.addAndGet(10);
        broker.expireDue(clock.get());
        clock.addAndGet(10);
        broker.expireDue(clock.get());

        assertThat(broker.queueStats("a").ready()).isZero();
        assertThat(broker.queueStats("b").ready()).isZero();
    }

    @Test
    void aQueueDeadLetteringIntoItselfOnExpiryDropsTheMessage() {
        queue("self", Map.of("x-message-ttl", 10, "x-dead-letter-exchange", "", "x-dead-letter-routing-key", "self"));
        publish("", "self", "m");
        clock.addAndGet(10);

        broker.expireDue(clock.get());

        assertThat(broker.queueStats("self").ready()).isZero();
    }

    @Test
    void withoutADeadLetterExchangeRejectedMessagesAreDropped() {
        workQueue(Map.of());
        publish("work", "task", "m");
        String tag = broker.openConsumer("q", 0, 0);

        broker.reject(tag, get(tag, 1).getFirst().deliveryTag(), false);

        assertThat(broker.queueStats("q")).extracting(BrokerFixture.Occupancy::of).isEqualTo(new BrokerFixture.Occupancy(0, 0, 1, 0));
        assertThat(drain("dlq")).isEmpty();
    }

    @Test
    void aMissingDeadLetterExchangeDropsTheMessage() {
        workQueue(Map.of("x-dead-letter-exchange", "gone"));
        publish("work", "task", "m");
        String tag = broker.openConsumer("q", 0, 0);

        broker.reject(tag, get(tag, 1).getFirst().deliveryTag(), false);

        assertThat(broker.queueStats("q").unacked()).isZero();
    }

    private Delivery onlyDeadLetter() {
        List<Delivery> dead = drainDeliveries("dlq");
        assertThat(dead).hasSize(1);
        return dead.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> deaths(Delivery delivery) {
        return (List<Map<String, Object>>) delivery.headers().get("x-death");
    }
}
