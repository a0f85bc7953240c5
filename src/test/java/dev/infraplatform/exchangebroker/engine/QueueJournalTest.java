package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class QueueJournalTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final ExchangeBroker broker = new ExchangeBroker(clock::get, new QueueJournal() {
        @Override
        public void enqueued(String queue, long sequence, Message message, long expiresAt) {
            events.add("+" + queue + "#" + sequence + " " + new String(message.payload(), StandardCharsets.UTF_8)
                    + (expiresAt == Long.MAX_VALUE ? "" : " ttl"));
        }

        @Override
        public void removed(String queue, long sequence) {
            events.add("-" + queue + "#" + sequence);
        }

        @Override
        public void queueDeleted(String queue) {
            events.add("x" + queue);
        }
    });

    @Test
    void everyMessageEnteringOrFinallyLeavingAQueueIsJournalledInQueueOrder() throws Exception {
        broker.declareQueue(QueueDefinition.of("dlq", Map.of()));
        broker.declareQueue(QueueDefinition.of("q", Map.of("x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", "dlq", "x-max-length", 3)));
        for (String payload : List.of("acked", "requeued", "rejected", "expires")) {
            MessageProperties properties = payload.equals("expires")
                    ? MessageProperties.NONE.withExpiration("10") : MessageProperties.NONE;
            broker.publish("", "q", payload.getBytes(StandardCharsets.UTF_8), Map.of(), properties, false);
        }
        // x-max-length 3 dropped "acked" (#0) at the 4th publish: dead-lettered to dlq
        String tag = broker.openConsumer("q", 0, 0);
        List<Delivery> deliveries = broker.get(tag, 2, java.time.Duration.ZERO);
        broker.nack(tag, deliveries.get(0).deliveryTag(), false, true);
        broker.reject(tag, deliveries.get(1).deliveryTag(), false);
        clock.addAndGet(10);
        broker.expireDue(clock.get());
        broker.ack(tag, broker.get(tag, 1, java.time.Duration.ZERO).getFirst().deliveryTag(), false);
        broker.deleteQueue("dlq", false, false);

        assertThat(events).containsExactly(
                "+q#0 acked", "+q#1 requeued", "+q#2 rejected", "+q#3 expires ttl",
                "-q#0", "+dlq#0 acked",
                "-q#2", "+dlq#1 rejected",
                "-q#3", "+dlq#2 expires",
                "-q#1",
                "xdlq");
    }
}
