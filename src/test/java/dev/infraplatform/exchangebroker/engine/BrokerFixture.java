package dev.infraplatform.exchangebroker.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A broker on a hand-driven clock, and the few calls every engine test makes. */
abstract class BrokerFixture {

    /** What a queue holds at one instant, without its lifetime counters. */
    record Occupancy(long ready, long unacked, int consumers, long readyBytes) {

        static Occupancy of(QueueStats stats) {
            return new Occupancy(stats.ready(), stats.unacked(), stats.consumers(), stats.readyBytes());
        }
    }

    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    final ExchangeBroker broker = new ExchangeBroker(clock::get);

    void queue(String name) {
        broker.declareQueue(QueueDefinition.of(name, Map.of()));
    }

    void queue(String name, Map<String, Object> arguments) {
        broker.declareQueue(QueueDefinition.of(name, arguments));
    }

    void exchange(String name, ExchangeType type) {
        broker.declareExchange(new ExchangeDefinition(name, type, true, null));
    }

    void bind(String exchange, String queue, String routingKey) {
        broker.bind(new Binding(exchange, queue, routingKey, Map.of()));
    }

    PublishResult publish(String exchange, String routingKey, String payload) {
        return broker.publish(exchange, routingKey, bytes(payload), Map.of(), MessageProperties.NONE, false);
    }

    /** Every ready message of the queue, in delivery order, acknowledged. */
    List<String> drain(String queue) {
        return texts(drainDeliveries(queue));
    }

    List<Delivery> drainDeliveries(String queue) {
        String tag = broker.openConsumer(queue, 0, 0);
        try {
            List<Delivery> deliveries = get(tag, Integer.MAX_VALUE);
            if (!deliveries.isEmpty()) {
                broker.ack(tag, 0, true);
            }
            return deliveries;
        } finally {
            broker.closeConsumer(tag);
        }
    }

    List<Delivery> get(String tag, int count) {
        try {
            return broker.get(tag, count, Duration.ZERO);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Delivery delivery) {
        return new String(delivery.payload(), StandardCharsets.UTF_8);
    }

    static List<String> texts(List<Delivery> deliveries) {
        List<String> texts = new ArrayList<>();
        deliveries.forEach(delivery -> texts.add(text(delivery)));
        return texts;
    }
}
