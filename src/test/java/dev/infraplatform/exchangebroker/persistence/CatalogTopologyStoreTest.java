package dev.infraplatform.exchangebroker.persistence;

import dev.infraplatform.RunningPlatformTest;
import dev.infraplatform.exchangebroker.engine.Binding;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.exchangebroker.engine.ExchangeType;
import dev.infraplatform.exchangebroker.engine.QueueDefinition;
import dev.infraplatform.exchangebroker.engine.TopologyStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable topology in the Catalog. The store is the application's, which the broker may be using
 * too, so each test names its exchanges and queues with a prefix of its own and looks only at
 * those.
 */
class CatalogTopologyStoreTest extends RunningPlatformTest {

    @Autowired
    TopologyStore store;

    private final String prefix = "topology-" + UUID.randomUUID() + ".";

    @Test
    void exchangesOfEveryTypeComeBackAsDeclaredInTheOrderTheyWereDeclared() {
        List<ExchangeDefinition> declared = List.of(
                new ExchangeDefinition(prefix + "a.direct", ExchangeType.DIRECT, true, null),
                new ExchangeDefinition(prefix + "b.fanout", ExchangeType.FANOUT, true, prefix + "e.unrouted"),
                new ExchangeDefinition(prefix + "c.topic", ExchangeType.TOPIC, false, null),
                new ExchangeDefinition(prefix + "d.headers", ExchangeType.HEADERS, true, prefix + "e.unrouted"),
                new ExchangeDefinition(prefix + "e.unrouted", ExchangeType.FANOUT, true, null));
        declared.forEach(store::exchangeDeclared);

        assertThat(myExchanges()).containsExactlyElementsOf(declared);
    }

    @Test
    void declaringAnExchangeAgainReplacesIt() {
        store.exchangeDeclared(new ExchangeDefinition(prefix + "events", ExchangeType.DIRECT, true, null));
        ExchangeDefinition replaced = new ExchangeDefinition(prefix + "events", ExchangeType.TOPIC, true, prefix + "ae");

        store.exchangeDeclared(replaced);

        assertThat(myExchanges()).containsExactly(replaced);
    }

    @Test
    void queueArgumentsOfEveryFieldValueTypeComeBackEqualAndInTheirOrder() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z-first", "still first");
        nested.put("count", 3);
        nested.put("missing", null);
        nested.put("list", List.of(1, "two", List.of(3.5)));
        nested.put("empty", Map.of());
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("x-overflow", "reject-publish");
        arguments.put("x-message-ttl", 60_000);
        arguments.put("x-max-length-bytes", 10_000_000_000L);
        arguments.put("huge", new BigInteger("123456789012345678901234567890"));
        arguments.put("negative", -42);
        arguments.put("ratio", 0.25);
        arguments.put("whole double", 2.0);
        arguments.put("not a number", Double.NaN);
        arguments.put("unbounded", Double.NEGATIVE_INFINITY);
        arguments.put("enabled", true);
        arguments.put("disabled", false);
        arguments.put("void", null);
        arguments.put("unicode", "grüße, 世界");
        arguments.put("list", Arrays.asList("a", 1, 9_000_000_000L, null, false, List.of(), Map.of("k", "v")));
        arguments.put("empty list", List.of());
        arguments.put("a table", nested);
        QueueDefinition queue = new QueueDefinition(prefix + "work", true, false, false, arguments);
        QueueDefinition flags = new QueueDefinition(prefix + "flags", false, true, true, Map.of());

        store.queueDeclared(queue);
        store.queueDeclared(flags);

        assertThat(myQueues()).containsExactly(queue, flags);
        QueueDefinition loaded = myQueues().getFirst();
        assertThat(loaded.arguments().keySet()).containsExactlyElementsOf(arguments.keySet());
        assertThat(List.copyOf(((Map<?, ?>) loaded.arguments().get("a table")).keySet()))
                .isEqualTo(List.copyOf(nested.keySet()));
    }

    @Test
    void integralNumbersComeBackAsTheSmallestOfIntegerLongAndBigInteger() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("small long", 5L);
        arguments.put("long", (long) Integer.MAX_VALUE + 1);
        arguments.put("small big integer", BigInteger.TEN);
        store.queueDeclared(QueueDefinition.of(prefix + "numbers", arguments));

        Map<String, Object> loaded = myQueues().getFirst().arguments();

        assertThat(loaded.get("small long")).isEqualTo(5);
        assertThat(loaded.get("long")).isEqualTo((long) Integer.MAX_VALUE + 1);
        assertThat(loaded.get("small big integer")).isEqualTo(10);
    }

    @Test
    void declaringAQueueAgainReplacesIt() {
        store.queueDeclared(QueueDefinition.of(prefix + "jobs", Map.of("x-max-length", 10)));
        QueueDefinition replaced = QueueDefinition.of(prefix + "jobs", Map.of("x-max-length", 20));

        store.queueDeclared(replaced);

        assertThat(myQueues()).containsExactly(replaced);
    }

    @Test
    void bindingsComeBackWithTheirHeadersArgumentsInTheOrderTheyWereMade() {
        declareExchange("headers", ExchangeType.HEADERS);
        declareExchange("topic", ExchangeType.TOPIC);
        declareQueue("q");
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("x-match", "any");
        match.put("format", "pdf");
        match.put("size", 1024);
        match.put("large", 5_000_000_000L);
        match.put("archived", false);
        match.put("present", null);
        List<Binding> made = List.of(
                new Binding(prefix + "headers", prefix + "q", "", match),
                new Binding(prefix + "topic", prefix + "q", "orders.*.created", Map.of()),
                new Binding(prefix + "topic", prefix + "q", "orders.#", Map.of()));
        made.forEach(store::bound);

        assertThat(myBindings()).containsExactlyElementsOf(made);
        assertThat(myBindings().getFirst().arguments().keySet()).containsExactlyElementsOf(match.keySet());
    }

    @Test
    void bindingTwiceIsOneBinding() {
        declareExchange("x", ExchangeType.HEADERS);
        declareQueue("q");
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("x-match", "all");
        match.put("region", "eu");
        Map<String, Object> sameInAnotherOrder = new LinkedHashMap<>();
        sameInAnotherOrder.put("region", "eu");
        sameInAnotherOrder.put("x-match", "all");
        Binding binding = new Binding(prefix + "x", prefix + "q", "", match);

        store.bound(binding);
        store.bound(binding);
        store.bound(new Binding(prefix + "x", prefix + "q", "", sameInAnotherOrder));

        assertThat(myBindings()).containsExactly(binding);
    }

    @Test
    void deletingAnExchangeDeletesTheBindingsFromIt() {
        declareExchange("gone", ExchangeType.DIRECT);
        declareExchange("kept", ExchangeType.DIRECT);
        declareQueue("q1");
        declareQueue("q2");
        store.bound(new Binding(prefix + "gone", prefix + "q1", "k", Map.of()));
        store.bound(new Binding(prefix + "gone", prefix + "q2", "k", Map.of()));
        Binding kept = new Binding(prefix + "kept", prefix + "q1", "k", Map.of());
        store.bound(kept);

        store.exchangeDeleted(prefix + "gone");

        assertThat(myExchanges()).extracting(ExchangeDefinition::name).containsExactly(prefix + "kept");
        assertThat(myQueues()).extracting(QueueDefinition::name).containsExactly(prefix + "q1", prefix + "q2");
        assertThat(myBindings()).containsExactly(kept);
    }

    @Test
    void deletingAQueueDeletesTheBindingsToIt() {
        declareExchange("x1", ExchangeType.FANOUT);
        declareExchange("x2", ExchangeType.TOPIC);
        declareQueue("gone");
        declareQueue("kept");
        store.bound(new Binding(prefix + "x1", prefix + "gone", "", Map.of()));
        store.bound(new Binding(prefix + "x2", prefix + "gone", "a.#", Map.of()));
        Binding kept = new Binding(prefix + "x2", prefix + "kept", "a.#", Map.of());
        store.bound(kept);

        store.queueDeleted(prefix + "gone");

        assertThat(myQueues()).extracting(QueueDefinition::name).containsExactly(prefix + "kept");
        assertThat(myExchanges()).extracting(ExchangeDefinition::name).containsExactly(prefix + "x1", prefix + "x2");
        assertThat(myBindings()).containsExactly(kept);
    }

    @Test
    void unbindingRemovesOnlyTheBindingWithTheSameKeyAndEqualArguments() {
        declareExchange("x", ExchangeType.HEADERS);
        declareExchange("other", ExchangeType.HEADERS);
        declareQueue("q");
        declareQueue("r");
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("x-match", "all");
        match.put("size", 7);
        match.put("tags", List.of("a", "b"));
        Binding target = new Binding(prefix + "x", prefix + "q", "key", match);
        List<Binding> others = List.of(
                new Binding(prefix + "x", prefix + "q", "other key", match),
                new Binding(prefix + "x", prefix + "q", "key", Map.of("x-match", "all", "size", 8, "tags", List.of("a", "b"))),
                new Binding(prefix + "x", prefix + "q", "key", Map.of("x-match", "all", "size", 7)),
                new Binding(prefix + "x", prefix + "q", "key", Map.of()),
                new Binding(prefix + "x", prefix + "r", "key", match),
                new Binding(prefix + "other", prefix + "q", "key", match));
        store.bound(target);
        others.forEach(store::bound);
        // equal as the engine compares bindings: keys in another order, the same number as a Long
        Map<String, Object> equalArguments = new LinkedHashMap<>();
        equalArguments.put("tags", List.of("a", "b"));
        equalArguments.put("size", 7L);
        equalArguments.put("x-match", "all");

        store.unbound(new Binding(prefix + "x", prefix + "q", "key", equalArguments));

        assertThat(myBindings()).containsExactlyElementsOf(others);
        store.unbound(target);
        assertThat(myBindings()).containsExactlyElementsOf(others);
    }

    private void declareExchange(String name, ExchangeType type) {
        store.exchangeDeclared(new ExchangeDefinition(prefix + name, type, true, null));
    }

    private void declareQueue(String name) {
        store.queueDeclared(QueueDefinition.of(prefix + name, Map.of()));
    }

    private List<ExchangeDefinition> myExchanges() {
        return store.load().exchanges().stream().filter(exchange -> exchange.name().startsWith(prefix)).toList();
    }

    private List<QueueDefinition> myQueues() {
        return store.load().queues().stream().filter(queue -> queue.name().startsWith(prefix)).toList();
    }

    private List<Binding> myBindings() {
        List<Binding> mine = new ArrayList<>();
        for (Binding binding : store.load().bindings()) {
            if (binding.exchange().startsWith(prefix) || binding.queue().startsWith(prefix)) {
                mine.add(binding);
            }
        }
        return mine;
    }
}
