package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.infraplatform.exchangebroker.engine.RoutingTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

class ConsumerTest extends BrokerFixture {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @BeforeEach
    void workQueue() {
        queue("q");
    }

    private void publishAll(String... payloads) {
        for (String payload : payloads) {
            publish("", "q", payload);
        }
    }

    @Test
    void prefetchBoundsTheUnackedDeliveries() {
        publishAll("1", "2", "3", "4", "5");
        String tag = broker.openConsumer("q", 2, 0);

        List<Delivery> first = get(tag, 10);
        assertThat(texts(first)).containsExactly("1", "2");
        assertThat(get(tag, 10)).isEmpty();

        broker.ack(tag, first.getFirst().deliveryTag(), false);
        assertThat(texts(get(tag, 10))).containsExactly("3");
        assertThat(broker.queueStats("q")).extracting(BrokerFixture.Occupancy::of).isEqualTo(new BrokerFixture.Occupancy(2, 2, 1, 2));
    }

    @Test
    void prefetchZeroIsUnlimitedAndCountBoundsOneGet() {
        publishAll("1", "2", "3");
        String tag = broker.openConsumer("q", 0, 0);

        assertThat(texts(get(tag, 2))).containsExactly("1", "2");
        assertThat(get(tag, 5)).extracting(Delivery::deliveryTag).containsExactly(3L);
    }

    @Test
    void multipleAckSettlesEveryDeliveryUpToTheTag() {
        publishAll("1", "2", "3");
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = get(tag, 3);

        broker.ack(tag, deliveries.get(1).deliveryTag(), true);

        assertThat(broker.queueStats("q").unacked()).isEqualTo(1);
        assertRefused(() -> broker.ack(tag, deliveries.getFirst().deliveryTag(), false), ReplyCode.PRECONDITION_FAILED);
        broker.ack(tag, 0, true);
        assertThat(broker.queueStats("q").unacked()).isZero();
    }

    @Test
    void anUnknownDeliveryTagOrConsumerIsRefused() {
        String tag = broker.openConsumer("q", 0, 0);

        assertRefused(() -> broker.ack(tag, 42, false), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> broker.nack(tag, 42, true, true), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> broker.ack("amq.ctag-unknown", 1, false), ReplyCode.NOT_FOUND);
        assertRefused(() -> broker.openConsumer("no-such-queue", 0, 0), ReplyCode.NOT_FOUND);
    }

    @Test
    void aNackedAndRequeuedMessageComesBackAtItsOriginalPositionRedelivered() {
        publishAll("1", "2", "3", "4");
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = get(tag, 3);

        broker.nack(tag, deliveries.get(1).deliveryTag(), false, true);

        List<Delivery> next = get(tag, 10);
        assertThat(texts(next)).containsExactly("2", "4");
        assertThat(next).extracting(Delivery::redelivered).containsExactly(true, false);
    }

    @Test
    void nackMultipleRequeuesInOriginalOrderAheadOfNewerMessages() {
        publishAll("1", "2", "3");
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = get(tag, 3);
        publishAll("4");

        broker.nack(tag, deliveries.getLast().deliveryTag(), true, true);

        assertThat(texts(get(tag, 10))).containsExactly("1", "2", "3", "4");
    }

    @Test
    void rejectWithRequeueRedelivers() {
        publishAll("1");
        String tag = broker.openConsumer("q", 0, 0);

        broker.reject(tag, get(tag, 1).getFirst().deliveryTag(), true);

        Delivery again = get(tag, 1).getFirst();
        assertThat(again.redelivered()).isTrue();
        assertThat(again.deliveryTag()).isEqualTo(2);
    }

    @Test
    void aClosedConsumersUnackedDeliveriesGoToAnotherConsumerAndNothingAckedComesBack() {
        publishAll("1", "2", "3", "4");
        String first = broker.openConsumer("q", 0, 0);
        List<Delivery> taken = get(first, 3);
        broker.ack(first, taken.get(1).deliveryTag(), false);

        broker.closeConsumer(first);

        String second = broker.openConsumer("q", 0, 0);
        List<Delivery> redelivered = get(second, 10);
        assertThat(texts(redelivered)).containsExactly("1", "3", "4");
        assertThat(redelivered).extracting(Delivery::redelivered).containsExactly(true, true, false);
        assertRefused(() -> broker.ack(first, 1, false), ReplyCode.NOT_FOUND);
    }

    @Test
    void aSilentConsumerIsClosedAndItsDeliveriesRequeued() {
        publishAll("1", "2");
        String silent = broker.openConsumer("q", 0, 1000);
        String other = broker.openConsumer("q", 0, 0);
        get(silent, 2);
        clock.addAndGet(999);
        assertThat(broker.expireConsumers(clock.get())).isZero();
        clock.addAndGet(1);

        assertThat(broker.expireConsumers(clock.get())).isEqualTo(1);

        List<Delivery> redelivered = get(other, 10);
        assertThat(texts(redelivered)).containsExactly("1", "2");
        assertThat(redelivered).allMatch(Delivery::redelivered);
        assertRefused(() -> get(silent, 1), ReplyCode.NOT_FOUND);
        assertThat(broker.queueStats("q").consumers()).isEqualTo(1);
    }

    @Test
    void anAckKeepsAConsumerAlive() {
        publishAll("1", "2");
        String tag = broker.openConsumer("q", 0, 1000);
        List<Delivery> deliveries = get(tag, 2);
        clock.addAndGet(800);
        broker.ack(tag, deliveries.getFirst().deliveryTag(), false);
        clock.addAndGet(800);

        assertThat(broker.expireConsumers(clock.get())).isZero();
    }

    @Test
    void aWaitingGetIsWokenByAPublish() throws Exception {
        String tag = broker.openConsumer("q", 0, 0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Delivery>> waiting = pool.submit(() -> broker.get(tag, 5, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 1, PATIENCE)).isTrue();

            publishAll("wake up");

            assertThat(texts(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))).containsExactly("wake up");
        }
    }

    @Test
    void waitingConsumersAreServedRoundRobinLongestWaitingFirst() throws Exception {
        String first = broker.openConsumer("q", 0, 0);
        String second = broker.openConsumer("q", 0, 0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Delivery>> firstWaiting = pool.submit(() -> broker.get(first, 5, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 1, PATIENCE)).isTrue();
            Future<List<Delivery>> secondWaiting = pool.submit(() -> broker.get(second, 5, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 2, PATIENCE)).isTrue();

            publishAll("a");
            assertThat(texts(firstWaiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))).containsExactly("a");
            publishAll("b");
            assertThat(texts(secondWaiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))).containsExactly("b");
        }
    }

    @Test
    void aRequeueWakesAnotherWaitingConsumer() throws Exception {
        publishAll("m");
        String holder = broker.openConsumer("q", 0, 0);
        String waiter = broker.openConsumer("q", 0, 0);
        Delivery held = get(holder, 1).getFirst();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Delivery>> waiting = pool.submit(() -> broker.get(waiter, 1, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 1, PATIENCE)).isTrue();

            broker.nack(holder, held.deliveryTag(), false, true);

            Delivery delivery = waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).getFirst();
            assertThat(text(delivery)).isEqualTo("m");
            assertThat(delivery.redelivered()).isTrue();
        }
    }

    @Test
    void closingAConsumerEndsItsWaitingGetEmpty() throws Exception {
        String tag = broker.openConsumer("q", 0, 0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Delivery>> waiting = pool.submit(() -> broker.get(tag, 1, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 1, PATIENCE)).isTrue();

            broker.closeConsumer(tag);

            assertThat(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void closingAConsumerWaitingWithAFullWindowGivesBackItsUnackedAndLosesNothing() throws Exception {
        String tag = broker.openConsumer("q", 1, 0);
        publishAll("held");
        assertThat(broker.get(tag, 1, Duration.ZERO)).hasSize(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Delivery>> waiting = pool.submit(() -> broker.get(tag, 1, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 1, PATIENCE)).isTrue();

            broker.closeConsumer(tag);

            assertThat(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(broker.queueStats("q").ready()).as("the unacked message is back, not handed to the closed consumer")
                .isEqualTo(1);
        String other = broker.openConsumer("q", 0, 0);
        List<Delivery> again = broker.get(other, 1, Duration.ZERO);
        assertThat(again).extracting(ConsumerTest::text).containsExactly("held");
        assertThat(again.getFirst().redelivered()).isTrue();
    }

    @Test
    void anInterruptedWaitingGetLeavesNothingBehindForOthers() throws Exception {
        String interrupted = broker.openConsumer("q", 0, 0);
        String other = broker.openConsumer("q", 0, 0);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Delivery>> cancelled = pool.submit(() -> broker.get(interrupted, 1, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 1, PATIENCE)).isTrue();
            Future<List<Delivery>> waiting = pool.submit(() -> broker.get(other, 1, PATIENCE));
            assertThat(broker.awaitWaitingConsumers("q", 2, PATIENCE)).isTrue();

            cancelled.cancel(true);
            publishAll("m");

            Delivery delivery = waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).getFirst();
            assertThat(text(delivery)).isEqualTo("m");
            assertThat(delivery.redelivered()).isFalse();
            assertThat(broker.queueStats("q")).extracting(BrokerFixture.Occupancy::of).isEqualTo(new BrokerFixture.Occupancy(0, 1, 2, 0));
        }
    }

    @Test
    void aWaitingGetTimesOutEmpty() throws Exception {
        String tag = broker.openConsumer("q", 0, 0);

        assertThat(broker.get(tag, 1, Duration.ofMillis(20))).isEmpty();
    }

    @Test
    void aListOfTagsIsSettledWholeOrNotAtAll() {
        publishAll("1", "2", "3", "4", "5");
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = get(tag, 5);
        long first = deliveries.get(0).deliveryTag();
        long third = deliveries.get(2).deliveryTag();

        assertRefused(() -> broker.ack(tag, List.of(first, 999L), false), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> broker.ack(tag, List.of(first, first), false), ReplyCode.PRECONDITION_FAILED);
        assertThat(broker.queueStats("q").unacked()).as("nothing settled").isEqualTo(5);

        broker.ack(tag, List.of(first, third), false);
        assertThat(broker.queueStats("q").unacked()).isEqualTo(3);
        // multiple: everything up to the largest tag
        broker.nack(tag, List.of(deliveries.get(1).deliveryTag(), deliveries.get(3).deliveryTag()), true, true);
        assertThat(broker.queueStats("q")).extracting(BrokerFixture.Occupancy::of)
                .isEqualTo(new BrokerFixture.Occupancy(2, 1, 1, 2));
        assertThat(texts(get(tag, 5))).containsExactly("2", "4");
        assertRefused(() -> broker.ack(tag, List.of(first), true), ReplyCode.PRECONDITION_FAILED);
    }

    @Test
    void anExclusiveQueueBelongsToOneConsumerAndGoesWithIt() {
        broker.declareQueue(new QueueDefinition("mine", true, true, false, java.util.Map.of()));
        publish("", "mine", "x");
        String owner = broker.openConsumer("mine", 0, 0);

        assertRefused(() -> broker.openConsumer("mine", 0, 0), ReplyCode.RESOURCE_LOCKED);
        assertThat(texts(get(owner, 1))).containsExactly("x");

        broker.closeConsumer(owner);
        assertRefused(() -> broker.queueStats("mine"), ReplyCode.NOT_FOUND);
    }
}
