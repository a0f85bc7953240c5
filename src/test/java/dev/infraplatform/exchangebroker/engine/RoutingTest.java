package dev.infraplatform.exchangebroker.engine;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingTest extends BrokerFixture {

    @Test
    void directExchangeRoutesErrorAndInfoByExactKey() {
        exchange("logs", ExchangeType.DIRECT);
        queue("errors");
        queue("all-logs");
        bind("logs", "errors", "error");
        bind("logs", "all-logs", "error");
        bind("logs", "all-logs", "info");

        assertThat(publish("logs", "error", "disk full").queues()).isEqualTo(2);
        assertThat(publish("logs", "info", "started").queues()).isEqualTo(1);
        assertThat(publish("logs", "debug", "noise").routed()).isFalse();

        assertThat(drain("errors")).containsExactly("disk full");
        assertThat(drain("all-logs")).containsExactly("disk full", "started");
    }

    @Test
    void fanoutExchangeCopiesToAnalyticsLoggingAndNotificationIgnoringTheKey() {
        exchange("order-events", ExchangeType.FANOUT);
        for (String queue : List.of("analytics", "logging", "notification")) {
            queue(queue);
            bind("order-events", queue, "whatever");
        }

        PublishResult result = publish("order-events", "any.key", "order 42 placed");

        assertThat(result).isEqualTo(new PublishResult(true, 3, false, false));
        for (String queue : List.of("analytics", "logging", "notification")) {
            assertThat(drain(queue)).containsExactly("order 42 placed");
        }
    }

    @Test
    void topicExchangeMatchesStarErrorOrderStarAndOrderHash() {
        exchange("events", ExchangeType.TOPIC);
        queue("errors");
        queue("orders-one-level");
        queue("orders-all");
        bind("events", "errors", "*.error");
        bind("events", "orders-one-level", "order.*");
        bind("events", "orders-all", "order.#");

        publish("events", "order.error", "order failed");
        publish("events", "order.created", "order created");
        publish("events", "payment.error", "payment failed");
        publish("events", "order.created.eu", "order created in eu");
        publish("events", "order", "bare order");

        assertThat(drain("errors")).containsExactly("order failed", "payment failed");
        assertThat(drain("orders-one-level")).containsExactly("order failed", "order created");
        assertThat(drain("orders-all"))
                .containsExactly("order failed", "order created", "order created in eu", "bare order");
    }

    @Test
    void topicPatternsFollowRabbitMqsWordRules() {
        // # matches zero words
        assertThat(TopicMatcher.matches("order.#", "order")).isTrue();
        assertThat(TopicMatcher.matches("#.order", "order")).isTrue();
        assertThat(TopicMatcher.matches("#", "")).isTrue();
        assertThat(TopicMatcher.matches("#", "a.b.c")).isTrue();
        // a.#.b: zero or more words in between, but both ends present
        assertThat(TopicMatcher.matches("a.#.b", "a.b")).isTrue();
        assertThat(TopicMatcher.matches("a.#.b", "a.x.b")).isTrue();
        assertThat(TopicMatcher.matches("a.#.b", "a.x.y.b")).isTrue();
        assertThat(TopicMatcher.matches("a.#.b", "a.b.c")).isFalse();
        assertThat(TopicMatcher.matches("a.#.b", "a")).isFalse();
        assertThat(TopicMatcher.matches("#.b.#", "a.b.c")).isTrue();
        assertThat(TopicMatcher.matches("#.#.#", "")).isTrue();
        // * is exactly one word, never zero
        assertThat(TopicMatcher.matches("*", "")).isFalse();
        assertThat(TopicMatcher.matches("order.*", "order")).isFalse();
        assertThat(TopicMatcher.matches("order.*", "order.a.b")).isFalse();
        assertThat(TopicMatcher.matches("*.*", "a")).isFalse();
        // empty words are words: "a..b" is a, "", b; "a." is a, ""
        assertThat(TopicMatcher.matches("a.*.b", "a..b")).isTrue();
        assertThat(TopicMatcher.matches("a.b", "a..b")).isFalse();
        assertThat(TopicMatcher.matches("a.*", "a.")).isTrue();
        assertThat(TopicMatcher.matches("*", ".")).isFalse();
        assertThat(TopicMatcher.matches("*.*", ".")).isTrue();
        // the empty key is zero words: only "" and all-# patterns match it
        assertThat(TopicMatcher.matches("", "")).isTrue();
        assertThat(TopicMatcher.matches("", "a")).isFalse();
        assertThat(TopicMatcher.matches("a", "")).isFalse();
        // literal words compare exactly
        assertThat(TopicMatcher.matches("order.created", "order.created")).isTrue();
        assertThat(TopicMatcher.matches("order.created", "order.create")).isFalse();
    }

    @Test
    void topicMatchingAgreesWithANaiveBacktrackingMatcherOnRandomInputs() {
        long seed = System.nanoTime();
        System.out.println("RoutingTest topic seed " + seed);
        Random random = new Random(seed);
        String[] patternWords = {"a", "b", "", "*", "#"};
        String[] keyWords = {"a", "b", ""};
        for (int i = 0; i < 20_000; i++) {
            String pattern = randomKey(random, patternWords);
            String key = randomKey(random, keyWords);
            assertThat(TopicMatcher.matches(pattern, key)).as("seed %d: '%s' against '%s'", seed, pattern, key)
                    .isEqualTo(naive(TopicMatcher.words(pattern), 0, TopicMatcher.words(key), 0));
        }
    }

    private static String randomKey(Random random, String[] words) {
        int length = random.nextInt(6);
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                key.append('.');
            }
            key.append(words[random.nextInt(words.length)]);
        }
        return key.toString();
    }

    /** The definition, by backtracking: exponential, only for checking. */
    private static boolean naive(String[] pattern, int p, String[] key, int k) {
        if (p == pattern.length) {
            return k == key.length;
        }
        if (pattern[p].equals("#")) {
            for (int skip = k; skip <= key.length; skip++) {
                if (naive(pattern, p + 1, key, skip)) {
                    return true;
                }
            }
            return false;
        }
        return k < key.length && (pattern[p].equals("*") || pattern[p].equals(key[k]))
                && naive(pattern, p + 1, key, k + 1);
    }

    @Test
    void topicExchangeRoutesTheEmptyRoutingKeyToEmptyAndHashBindings() {
        exchange("events", ExchangeType.TOPIC);
        queue("empty");
        queue("hash");
        queue("star");
        bind("events", "empty", "");
        bind("events", "hash", "#");
        bind("events", "star", "*");

        assertThat(publish("events", "", "no key").queues()).isEqualTo(2);

        assertThat(drain("empty")).containsExactly("no key");
        assertThat(drain("hash")).containsExactly("no key");
        assertThat(drain("star")).isEmpty();
    }

    @Test
    void directExchangeRoutesTheEmptyRoutingKeyToAnEmptyBindingKey() {
        exchange("d", ExchangeType.DIRECT);
        queue("q");
        bind("d", "q", "");

        assertThat(publish("d", "", "m").queues()).isEqualTo(1);
        assertThat(publish("d", "x", "n").routed()).isFalse();
    }

    @Test
    void headersExchangeMatchesAllOrAny() {
        exchange("reports", ExchangeType.HEADERS);
        queue("pdf-reports");
        queue("pdf-or-report");
        broker.bind(new Binding("reports", "pdf-reports", "", Map.of("x-match", "all", "format", "pdf", "type", "report")));
        broker.bind(new Binding("reports", "pdf-or-report", "", Map.of("x-match", "any", "format", "pdf", "type", "report")));

        publishWithHeaders("reports", Map.of("format", "pdf", "type", "report"), "both");
        publishWithHeaders("reports", Map.of("format", "pdf", "type", "log"), "pdf log");
        publishWithHeaders("reports", Map.of("format", "zip", "type", "report"), "zip report");
        publishWithHeaders("reports", Map.of("format", "zip"), "zip");
        publishWithHeaders("reports", Map.of(), "nothing");

        assertThat(drain("pdf-reports")).containsExactly("both");
        assertThat(drain("pdf-or-report")).containsExactly("both", "pdf log", "zip report");
    }

    @Test
    void headersMatchDefaultsToAllIgnoresXKeysUnlessWithXAndTreatsVoidAsPresence() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("h1", 12345);
        spec.put("h3", null);
        spec.put("x-key-1", "bindings starting with x- are filtered out");
        Map<String, Object> message = new HashMap<>(Map.of("h1", 12345L, "h3", "anything"));

        assertThat(HeadersMatcher.matches(spec, message)).as("all by default; 12345 int equals long; void = present")
                .isTrue();
        message.remove("h3");
        assertThat(HeadersMatcher.matches(spec, message)).isFalse();

        Map<String, Object> withX = new LinkedHashMap<>(spec);
        withX.put("x-match", "all-with-x");
        Map<String, Object> full = new HashMap<>(Map.of("h1", 12345, "h3", "v"));
        assertThat(HeadersMatcher.matches(withX, full)).isFalse();
        full.put("x-key-1", "bindings starting with x- are filtered out");
        assertThat(HeadersMatcher.matches(withX, full)).isTrue();

        Map<String, Object> anyWithX = new LinkedHashMap<>(Map.of("x-match", "any-with-x", "x-tenant", "acme"));
        assertThat(HeadersMatcher.matches(anyWithX, Map.of("x-tenant", "acme"))).isTrue();
        Map<String, Object> anyOnlyX = new LinkedHashMap<>(Map.of("x-match", "any", "x-tenant", "acme"));
        assertThat(HeadersMatcher.matches(anyOnlyX, Map.of("x-tenant", "acme"))).as("x- keys ignored by any")
                .isFalse();

        assertThat(HeadersMatcher.matches(Map.of("x-match", "all"), Map.of())).as("all over nothing").isTrue();
        assertThat(HeadersMatcher.matches(Map.of("x-match", "any"), Map.of("a", 1))).as("any over nothing")
                .isFalse();
        assertThat(HeadersMatcher.matches(Map.of("a", "1"), Map.of("a", 1))).as("types differ").isFalse();
    }

    @Test
    void anUnknownExchangeTypeIsCommandInvalid() {
        assertRefused(() -> ExchangeType.of("x-delayed-message"), ReplyCode.COMMAND_INVALID);
        assertThat(ExchangeType.of("topic")).isEqualTo(ExchangeType.TOPIC);
    }

    @Test
    void headersExchangeRoutesOnXHeadersOnlyWithX() {
        exchange("h", ExchangeType.HEADERS);
        queue("plain");
        queue("with-x");
        broker.bind(new Binding("h", "plain", "", Map.of("x-match", "any", "x-tenant", "acme")));
        broker.bind(new Binding("h", "with-x", "", Map.of("x-match", "any-with-x", "x-tenant", "acme")));

        publishWithHeaders("h", Map.of("x-tenant", "acme"), "m");

        assertThat(drain("plain")).isEmpty();
        assertThat(drain("with-x")).containsExactly("m");
    }

    @Test
    void anInvalidXMatchIsRefused() {
        queue("q");
        assertThatThrownBy(() -> broker.bind(new Binding("amq.headers", "q", "", Map.of("x-match", "some"))))
                .isInstanceOf(AmqpException.class)
                .extracting(e -> ((AmqpException) e).replyCode()).isEqualTo(ReplyCode.PRECONDITION_FAILED);
    }

    @Test
    void defaultExchangeRoutesByQueueNameAndCannotBeBoundOrDeleted() {
        queue("tasks");

        assertThat(publish("", "tasks", "do it").queues()).isEqualTo(1);
        assertThat(publish("", "nobody", "lost").routed()).isFalse();
        assertThat(drain("tasks")).containsExactly("do it");

        assertRefused(() -> bind("", "tasks", "tasks"), ReplyCode.ACCESS_REFUSED);
        assertRefused(() -> broker.deleteExchange("", false), ReplyCode.ACCESS_REFUSED);
        assertRefused(() -> broker.declareExchange(new ExchangeDefinition("", ExchangeType.DIRECT, true, null)),
                ReplyCode.ACCESS_REFUSED);
    }

    @Test
    void predeclaredAmqExchangesExistAndTheirNamesAreReserved() {
        assertThat(broker.exchanges()).extracting(ExchangeDefinition::name)
                .contains("", "amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match");
        assertThat(broker.exchange("amq.match").type()).isEqualTo(ExchangeType.HEADERS);
        queue("q");
        bind("amq.topic", "q", "a.#");
        assertThat(publish("amq.topic", "a.b", "m").queues()).isEqualTo(1);

        assertRefused(() -> exchange("amq.mine", ExchangeType.DIRECT), ReplyCode.ACCESS_REFUSED);
        assertRefused(() -> broker.deleteExchange("amq.direct", false), ReplyCode.ACCESS_REFUSED);
        assertRefused(() -> queue("amq.q"), ReplyCode.ACCESS_REFUSED);
    }

    @Test
    void alternateExchangeTakesWhatTheExchangeCannotRoute() {
        exchange("unrouted", ExchangeType.FANOUT);
        queue("unrouted-messages");
        bind("unrouted", "unrouted-messages", "");
        broker.declareExchange(new ExchangeDefinition("orders", ExchangeType.DIRECT, true, "unrouted"));
        queue("created");
        bind("orders", "created", "created");

        assertThat(publish("orders", "created", "routed normally").queues()).isEqualTo(1);
        PublishResult viaAlternate = broker.publish("orders", "cancelled", bytes("to the alternate"), Map.of(),
                MessageProperties.NONE, true);

        assertThat(viaAlternate).isEqualTo(new PublishResult(true, 1, false, false));
        assertThat(drain("created")).containsExactly("routed normally");
        Delivery delivery = drainDeliveries("unrouted-messages").getFirst();
        assertThat(delivery.exchange()).isEqualTo("orders");
        assertThat(delivery.routingKey()).isEqualTo("cancelled");
    }

    @Test
    void mandatoryUnroutableMessageIsReturned() {
        exchange("x", ExchangeType.DIRECT);

        PublishResult result = broker.publish("x", "nowhere", bytes("m"), Map.of(), MessageProperties.NONE, true);

        assertThat(result).isEqualTo(new PublishResult(false, 0, true, false));
        assertThat(publish("x", "nowhere", "m").returned()).isFalse();
    }

    @Test
    void declaringIsIdempotentAndAnInequivalentRedeclareFails() {
        exchange("x", ExchangeType.DIRECT);
        exchange("x", ExchangeType.DIRECT);
        assertRefused(() -> exchange("x", ExchangeType.TOPIC), ReplyCode.PRECONDITION_FAILED);

        queue("q", Map.of("x-max-length", 10));
        queue("q", Map.of("x-max-length", 10L));
        assertRefused(() -> queue("q", Map.of("x-max-length", 11)), ReplyCode.PRECONDITION_FAILED);
        assertRefused(() -> queue("q"), ReplyCode.PRECONDITION_FAILED);
    }

    @Test
    void missingThingsAreNotFound() {
        assertRefused(() -> publish("nope", "k", "m"), ReplyCode.NOT_FOUND);
        assertRefused(() -> bind("amq.direct", "nope", "k"), ReplyCode.NOT_FOUND);
        queue("q");
        assertRefused(() -> bind("nope", "q", "k"), ReplyCode.NOT_FOUND);
        assertRefused(() -> broker.deleteQueue("nope", false, false), ReplyCode.NOT_FOUND);
    }

    @Test
    void deletingAnExchangeRemovesItsBindings() {
        exchange("x", ExchangeType.FANOUT);
        queue("q");
        bind("x", "q", "");

        broker.deleteExchange("x", false);
        exchange("x", ExchangeType.FANOUT);

        assertThat(broker.bindings("x")).isEmpty();
        assertThat(publish("x", "", "m").routed()).isFalse();
    }

    @Test
    void deletingAQueueRemovesItsBindings() {
        exchange("x", ExchangeType.FANOUT);
        queue("q");
        bind("x", "q", "");

        broker.deleteQueue("q", false, false);

        assertThat(broker.bindings("x")).isEmpty();
    }

    @Test
    void aMessageMatchedByTwoBindingsIsQueuedOnce() {
        exchange("events", ExchangeType.TOPIC);
        queue("q");
        bind("events", "q", "order.*");
        bind("events", "q", "#.created");
        bind("events", "q", "order.created");
        bind("events", "q", "order.created");

        assertThat(broker.bindings("events")).hasSize(3);
        assertThat(publish("events", "order.created", "once").queues()).isEqualTo(1);
        assertThat(drain("q")).containsExactly("once");
    }

    @Test
    void unbindStopsRouting() {
        exchange("x", ExchangeType.DIRECT);
        queue("q");
        bind("x", "q", "k");
        broker.unbind(new Binding("x", "q", "k", Map.of()));

        assertThat(publish("x", "k", "m").routed()).isFalse();
    }

    private void publishWithHeaders(String exchange, Map<String, Object> headers, String payload) {
        broker.publish(exchange, "", bytes(payload), headers, MessageProperties.NONE, false);
    }

    static void assertRefused(Runnable action, ReplyCode code) {
        assertThatThrownBy(action::run).isInstanceOf(AmqpException.class)
                .extracting(e -> ((AmqpException) e).replyCode()).isEqualTo(code);
    }
}
