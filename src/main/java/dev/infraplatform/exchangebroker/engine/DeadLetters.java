package dev.infraplatform.exchangebroker.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a message is rewritten when dead-lettered, as RabbitMQ (3.13+) does it.
 *
 * <p>{@code x-death} is a list of tables, most recent first, one per (queue, reason): {@code count}
 * (Long), {@code reason}, {@code queue}, {@code time} (an Instant, whole seconds), {@code exchange},
 * {@code routing-keys} (a list holding the routing key) and, when a
 * per-message expiration was removed, {@code original-expiration}. Dying again in the same queue
 * for the same reason increments that entry's count and moves it to the front.
 * {@code x-first-death-reason/queue/exchange} are set once; {@code x-last-death-*} every time.
 * The per-message expiration is removed so that the message does not expire again in the
 * dead-letter queue.
 */
final class DeadLetters {

    static final String X_DEATH = "x-death";

    private DeadLetters() {
    }

    static Message deadLettered(Message message, String queue, DeathReason reason, String deadLetterExchange,
                                String deadLetterRoutingKey, long now) {
        Map<String, Object> headers = new LinkedHashMap<>(message.headers());
        List<Map<String, Object>> deaths = new ArrayList<>(deaths(message));
        Map<String, Object> entry = null;
        for (int i = 0; i < deaths.size(); i++) {
            Map<String, Object> death = deaths.get(i);
            if (queue.equals(death.get("queue")) && reason.amqpName().equals(death.get("reason"))) {
                entry = new LinkedHashMap<>(death);
                entry.put("count", ((Number) death.get("count")).longValue() + 1);
                deaths.remove(i);
                break;
            }
        }
        if (entry == null) {
            entry = new LinkedHashMap<>();
            entry.put("count", 1L);
            entry.put("reason", reason.amqpName());
            entry.put("queue", queue);
            entry.put("time", Instant.ofEpochSecond(now / 1000)); // an AMQP timestamp: whole seconds
            entry.put("exchange", message.exchange());
            entry.put("routing-keys", List.of(message.routingKey()));
            if (message.properties().expiration() != null) {
                entry.put("original-expiration", message.properties().expiration());
            }
        }
        deaths.addFirst(java.util.Collections.unmodifiableMap(entry));
        headers.put(X_DEATH, List.copyOf(deaths));
        headers.putIfAbsent("x-first-death-reason", reason.amqpName());
        headers.putIfAbsent("x-first-death-queue", queue);
        headers.putIfAbsent("x-first-death-exchange", message.exchange());
        headers.put("x-last-death-reason", reason.amqpName());
        headers.put("x-last-death-queue", queue);
        headers.put("x-last-death-exchange", message.exchange());
        String routingKey = deadLetterRoutingKey != null ? deadLetterRoutingKey : message.routingKey();
        return new Message(deadLetterExchange, routingKey, message.payload(), headers,
                message.properties().withExpiration(null));
    }

    /**
     * RabbitMQ's cycle rule: dead-lettering to {@code queue} is a cycle (and the message is dropped)
     * when the message already died in {@code queue} and no death since then, that one included,
     * was a rejection — a consumer's reject breaks the loop, expiry or overflow alone never would.
     */
    static boolean isCycle(Message message, String queue) {
        for (Map<String, Object> death : deaths(message)) {
            if (DeathReason.REJECTED.amqpName().equals(death.get("reason"))) {
                return false;
            }
            if (queue.equals(death.get("queue"))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> deaths(Message message) {
        Object value = message.headers().get(X_DEATH);
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
