package dev.infraplatform.exchangebroker.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import dev.infraplatform.exchangebroker.config.ExchangeBrokerMetrics;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/exchanges, /api/v1/queues and /api/v1/bindings against the running application. */
class ExchangeBrokerApiTest extends RunningPlatformTest {

    @Autowired
    ExchangeBroker broker;

    @Autowired
    ExchangeBrokerMetrics metrics;

    private HttpResponse<String> declareExchange(String name, String type) {
        return http.putJson("/api/v1/exchanges/" + name, "{\"type\": \"" + type + "\", \"durable\": true}");
    }

    private HttpResponse<String> declareQueue(String name, String body) {
        return http.putJson("/api/v1/queues/" + name, body);
    }

    private void bind(String exchange, String queue, String routingKey) {
        HttpResponse<String> bound = http.postJson("/api/v1/bindings",
                "{\"exchange\": \"" + exchange + "\", \"queue\": \"" + queue + "\", \"routingKey\": \"" + routingKey + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
    }

    private String publish(String exchange, String body) {
        HttpResponse<String> published = http.postJson("/api/v1/exchanges/" + exchange + "/messages", body);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        return published.body();
    }

    private String openConsumer(String queue, int prefetch) {
        HttpResponse<String> opened = http.postJson("/api/v1/queues/" + queue + "/consumers",
                "{\"prefetch\": " + prefetch + "}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        return JsonPath.read(opened.body(), "$.consumerTag");
    }

    private String get(String queue, String tag, int count, long waitMs) {
        HttpResponse<String> got = http.postJson("/api/v1/queues/" + queue + "/consumers/" + tag + "/get",
                "{\"count\": " + count + ", \"waitMs\": " + waitMs + "}");
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return got.body();
    }

    private void settle(String queue, String tag, String verb, String body) {
        HttpResponse<String> settled = http.postJson("/api/v1/queues/" + queue + "/consumers/" + tag + "/" + verb, body);
        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(204);
    }

    @Test
    void exchangesAreDeclaredListedRedeclaredAndDeleted() {
        assertThat(declareExchange("x.decl", "direct").statusCode()).isEqualTo(201);
        HttpResponse<String> again = declareExchange("x.decl", "direct");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(again.body(), "$.type")).isEqualTo("direct");
        HttpResponse<String> different = declareExchange("x.decl", "fanout");
        assertProblem(different, 409, "PRECONDITION_FAILED");
        assertThat(JsonPath.<Integer>read(different.body(), "$.amqpReplyCode.code")).isEqualTo(406);
        assertProblem(declareExchange("x.bad-type", "round-robin"), 400, "INVALID_ARGUMENT");
        assertProblem(declareExchange("amq.mine", "direct"), 403, "ACCESS_REFUSED");

        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/exchanges?limit=1000").body(), "$.items[*].name"))
                .contains("amq.topic", "x.decl");
        String page = http.get("/api/v1/exchanges?limit=1").body();
        String next = JsonPath.read(page, "$.nextCursor");
        String firstName = JsonPath.read(page, "$.items[0].name");
        assertThat(JsonPath.<String>read(http.get("/api/v1/exchanges?limit=1&cursor=" + next).body(),
                "$.items[0].name")).isGreaterThan(firstName);

        declareQueue("x.decl.q", "{}");
        bind("x.decl", "x.decl.q", "k");
        assertProblem(http.delete("/api/v1/exchanges/x.decl?ifUnused=true"), 409, "PRECONDITION_FAILED");
        assertThat(http.delete("/api/v1/exchanges/x.decl").statusCode()).isEqualTo(204);
        assertProblem(http.get("/api/v1/exchanges/x.decl"), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/exchanges/amq.direct"), 403, "ACCESS_REFUSED");
    }

    @Test
    void queuesAreDeclaredDescribedPurgedAndDeleted() {
        HttpResponse<String> declared = declareQueue("q.decl",
                "{\"durable\": true, \"arguments\": {\"x-message-ttl\": 60000, \"x-max-length\": 10}}");
        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
        assertThat(JsonPath.<Integer>read(declared.body(), "$.arguments.x-message-ttl")).isEqualTo(60000);
        assertThat(declareQueue("q.decl", "{\"durable\": true, \"arguments\": {\"x-message-ttl\": 60000, "
                + "\"x-max-length\": 10}}").statusCode()).isEqualTo(200);
        assertProblem(declareQueue("q.decl", "{\"arguments\": {\"x-message-ttl\": 5}}"), 409, "PRECONDITION_FAILED");
        assertProblem(declareQueue("q.bad", "{\"arguments\": {\"x-max-length\": \"ten\"}}"), 409, "PRECONDITION_FAILED");
        assertProblem(declareQueue("q.bad", "{\"arguments\": {\"x-expires\": 0}}"), 409, "PRECONDITION_FAILED");
        assertProblem(declareQueue("amq.q", "{}"), 403, "ACCESS_REFUSED");
        assertProblem(http.get("/api/v1/queues/q.nowhere"), 404, "NOT_FOUND");

        publish("amq.default", "{\"routingKey\": \"q.decl\", \"payload\": \"one\"}");
        publish("amq.default", "{\"routingKey\": \"q.decl\", \"payload\": \"two\"}");
        String described = http.get("/api/v1/queues/q.decl").body();
        assertThat(JsonPath.<Integer>read(described, "$.ready")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(described, "$.bytes")).isEqualTo(6);
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/queues?limit=1000").body(), "$.items[*].name"))
                .contains("q.decl");
        assertProblem(http.delete("/api/v1/queues/q.decl?ifEmpty=true"), 409, "PRECONDITION_FAILED");
        assertThat(JsonPath.<Integer>read(http.postJson("/api/v1/queues/q.decl/purge", "").body(), "$.purged"))
                .isEqualTo(2);
        publish("amq.default", "{\"routingKey\": \"q.decl\", \"payload\": \"three\"}");
        HttpResponse<String> deleted = http.delete("/api/v1/queues/q.decl");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(deleted.body(), "$.messages")).isEqualTo(1);
        assertProblem(http.get("/api/v1/queues/q.decl"), 404, "NOT_FOUND");

        HttpResponse<String> serverNamed = http.postJson("/api/v1/queues", "{\"exclusive\": true, \"autoDelete\": true}");
        assertThat(serverNamed.statusCode()).isEqualTo(201);
        assertThat(JsonPath.<String>read(serverNamed.body(), "$.name")).startsWith("amq.gen-");
    }

    @Test
    void topicExchangeRoutesToEveryMatchingQueue() {
        declareExchange("t.orders", "topic");
        declareQueue("t.errors", "{}");
        declareQueue("t.orders-all", "{}");
        declareQueue("t.orders-one", "{}");
        bind("t.orders", "t.errors", "*.error");
        bind("t.orders", "t.orders-all", "order.#");
        bind("t.orders", "t.orders-one", "order.*");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/bindings?exchange=t.orders").body(),
                "$.items[*].routingKey")).containsExactlyInAnyOrder("*.error", "order.#", "order.*");

        String result = publish("t.orders", "{\"routingKey\": \"order.error\", \"payload\": \"boom\", "
                + "\"headers\": {\"tenant\": \"acme\", \"attempt\": 2, \"tags\": [\"a\", \"b\"]}, "
                + "\"properties\": {\"messageId\": \"m-1\", \"priority\": 3, \"contentType\": \"text/plain\"}}");
        assertThat(JsonPath.<Boolean>read(result, "$.routed")).isTrue();
        assertThat(JsonPath.<Integer>read(result, "$.queues")).isEqualTo(3);
        publish("t.orders", "{\"routingKey\": \"order.eu.created\", \"payload\": \"deep\"}");

        String errors = get("t.errors", openConsumer("t.errors", 10), 10, 0);
        assertThat(JsonPath.<List<String>>read(errors, "$.deliveries[*].payload")).containsExactly("boom");
        assertThat(JsonPath.<String>read(errors, "$.deliveries[0].exchange")).isEqualTo("t.orders");
        assertThat(JsonPath.<String>read(errors, "$.deliveries[0].routingKey")).isEqualTo("order.error");
        assertThat(JsonPath.<Integer>read(errors, "$.deliveries[0].headers.attempt")).isEqualTo(2);
        assertThat(JsonPath.<List<String>>read(errors, "$.deliveries[0].headers.tags")).containsExactly("a", "b");
        assertThat(JsonPath.<String>read(errors, "$.deliveries[0].properties.messageId")).isEqualTo("m-1");
        assertThat(JsonPath.<Integer>read(errors, "$.deliveries[0].properties.priority")).isEqualTo(3);
        String all = get("t.orders-all", openConsumer("t.orders-all", 10), 10, 0);
        assertThat(JsonPath.<List<String>>read(all, "$.deliveries[*].payload")).containsExactly("boom", "deep");
        String one = get("t.orders-one", openConsumer("t.orders-one", 10), 10, 0);
        assertThat(JsonPath.<List<String>>read(one, "$.deliveries[*].payload")).containsExactly("boom");

        HttpRequest unbind = HttpRequest.newBuilder(http.uri("/api/v1/bindings"))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(
                        "{\"exchange\": \"t.orders\", \"queue\": \"t.errors\", \"routingKey\": \"*.error\"}")).build();
        assertThat(http.send(unbind).statusCode()).isEqualTo(204);
        assertThat(http.delete("/api/v1/bindings?exchange=t.orders&queue=t.orders-one&routingKey=order.*")
                .statusCode()).isEqualTo(204);
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/bindings?exchange=t.orders").body(),
                "$.items[*].queue")).containsExactly("t.orders-all");
        assertProblem(http.postJson("/api/v1/bindings", "{\"exchange\": \"t.orders\", \"queue\": \"t.nowhere\"}"),
                404, "NOT_FOUND");
        assertProblem(http.postJson("/api/v1/bindings", "{\"exchange\": \"\", \"queue\": \"t.errors\"}"),
                403, "ACCESS_REFUSED");
    }

    @Test
    void mandatoryUnroutableIsReturnedAndUnknownTargetsAre404() {
        declareExchange("m.direct", "direct");
        String result = publish("m.direct", "{\"routingKey\": \"nobody\", \"payload\": \"lost\", \"mandatory\": true}");
        assertThat(JsonPath.<Boolean>read(result, "$.routed")).isFalse();
        assertThat(JsonPath.<Integer>read(result, "$.queues")).isZero();
        assertThat(JsonPath.<Boolean>read(result, "$.returned")).isTrue();
        assertThat(JsonPath.<Map<String, Object>>read(
                publish("m.direct", "{\"routingKey\": \"nobody\", \"payload\": \"lost\"}"), "$")).doesNotContainKey("returned");
        assertProblem(http.postJson("/api/v1/exchanges/m.nowhere/messages", "{\"routingKey\": \"k\", \"payload\": \"x\"}"),
                404, "NOT_FOUND");
        assertProblem(http.postJson("/api/v1/queues/m.nowhere/consumers", "{\"prefetch\": 1}"), 404, "NOT_FOUND");

        declareQueue("m.full", "{\"arguments\": {\"x-max-length\": 1, \"x-overflow\": \"reject-publish\"}}");
        publish("amq.default", "{\"routingKey\": \"m.full\", \"payload\": \"first\"}");
        assertThat(JsonPath.<Boolean>read(publish("amq.default", "{\"routingKey\": \"m.full\", \"payload\": \"second\"}"),
                "$.nacked")).isTrue();
    }

    @Test
    void waitingGetIsWokenByAPublish() throws Exception {
        declareQueue("w.jobs", "{}");
        String tag = openConsumer("w.jobs", 1);
        CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> get("w.jobs", tag, 1, 20_000));
        assertThat(broker.awaitWaitingConsumers("w.jobs", 1, Duration.ofSeconds(20))).isTrue();
        publish("amq.default", "{\"routingKey\": \"w.jobs\", \"payload\": \"wake up\"}");
        String got = waiting.get(20, TimeUnit.SECONDS);
        assertThat(JsonPath.<List<String>>read(got, "$.deliveries[*].payload")).containsExactly("wake up");
    }

    @Test
    void nackedAndRejectedDeliveriesAreRedeliveredOrDeadLettered() {
        declareExchange("d.dlx", "fanout");
        declareQueue("d.dead", "{}");
        bind("d.dlx", "d.dead", "");
        declareQueue("d.work", "{\"arguments\": {\"x-dead-letter-exchange\": \"d.dlx\"}}");
        for (String payload : List.of("a", "b", "c")) {
            publish("amq.default", "{\"routingKey\": \"d.work\", \"payload\": \"" + payload + "\"}");
        }
        String tag = openConsumer("d.work", 10);
        String first = get("d.work", tag, 3, 0);
        assertThat(JsonPath.<List<Boolean>>read(first, "$.deliveries[*].redelivered")).containsExactly(false, false, false);
        List<Integer> tags = JsonPath.read(first, "$.deliveries[*].deliveryTag");
        settle("d.work", tag, "ack", "{\"deliveryTags\": [" + tags.get(0) + "]}");
        settle("d.work", tag, "nack", "{\"deliveryTags\": [" + tags.get(1) + "]}");
        settle("d.work", tag, "reject", "{\"deliveryTag\": " + tags.get(2) + ", \"requeue\": false}");
        assertProblem(http.postJson("/api/v1/queues/d.work/consumers/" + tag + "/ack", "{\"deliveryTag\": 999}"),
                409, "PRECONDITION_FAILED");

        String again = get("d.work", tag, 3, 0);
        assertThat(JsonPath.<List<String>>read(again, "$.deliveries[*].payload")).containsExactly("b");
        assertThat(JsonPath.<List<Boolean>>read(again, "$.deliveries[*].redelivered")).containsExactly(true);

        String dead = get("d.dead", openConsumer("d.dead", 10), 10, 0);
        assertThat(JsonPath.<List<String>>read(dead, "$.deliveries[*].payload")).containsExactly("c");
        assertThat(JsonPath.<String>read(dead, "$.deliveries[0].headers.x-death[0].reason")).isEqualTo("rejected");
        assertThat(JsonPath.<String>read(dead, "$.deliveries[0].headers.x-death[0].queue")).isEqualTo("d.work");
        assertThat(JsonPath.<Integer>read(dead, "$.deliveries[0].headers.x-death[0].count")).isEqualTo(1);
        long time = JsonPath.<Number>read(dead, "$.deliveries[0].headers.x-death[0].time").longValue();
        assertThat(time).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(120L));
        assertThat(JsonPath.<String>read(dead, "$.deliveries[0].headers.x-first-death-reason")).isEqualTo("rejected");
    }

    @Test
    void closingAConsumerRequeuesItsDeliveriesToAnother() {
        declareQueue("c.tasks", "{}");
        publish("amq.default", "{\"routingKey\": \"c.tasks\", \"payload\": \"task\"}");
        String first = openConsumer("c.tasks", 1);
        assertThat(JsonPath.<List<Boolean>>read(get("c.tasks", first, 1, 0), "$.deliveries[*].redelivered"))
                .containsExactly(false);
        String second = openConsumer("c.tasks", 1);
        assertThat(JsonPath.<List<Object>>read(get("c.tasks", second, 1, 0), "$.deliveries")).isEmpty();
        assertThat(JsonPath.<Integer>read(http.get("/api/v1/queues/c.tasks").body(), "$.unacked")).isEqualTo(1);

        declareQueue("c.other", "{}");
        assertProblem(http.delete("/api/v1/queues/c.other/consumers/" + first), 404, "NOT_FOUND");
        assertThat(http.delete("/api/v1/queues/c.tasks/consumers/" + first).statusCode()).isEqualTo(204);
        assertProblem(http.delete("/api/v1/queues/c.tasks/consumers/" + first), 404, "NOT_FOUND");
        String redelivered = get("c.tasks", second, 1, 0);
        assertThat(JsonPath.<List<String>>read(redelivered, "$.deliveries[*].payload")).containsExactly("task");
        assertThat(JsonPath.<List<Boolean>>read(redelivered, "$.deliveries[*].redelivered")).containsExactly(true);
    }

    @Test
    void binaryPayloadsTravelAsBase64() {
        declareQueue("b.bytes", "{}");
        byte[] bytes = {(byte) 0xff, 0x00, (byte) 0xfe, 0x41};
        String base64 = Base64.getEncoder().encodeToString(bytes);
        publish("amq.default", "{\"routingKey\": \"b.bytes\", \"payload\": \"" + base64 + "\", \"encoding\": \"base64\"}");
        String tag = openConsumer("b.bytes", 10);
        HttpResponse<String> asText = http.postJson("/api/v1/queues/b.bytes/consumers/" + tag + "/get", "{\"count\": 1}");
        assertProblem(asText, 406, "NOT_ACCEPTABLE");
        HttpResponse<String> asBase64 = http.postJson("/api/v1/queues/b.bytes/consumers/" + tag + "/get?encoding=base64",
                "{\"count\": 1}");
        assertThat(asBase64.statusCode()).as(asBase64.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(asBase64.body(), "$.deliveries[0].payload")).isEqualTo(base64);
        assertThat(JsonPath.<Boolean>read(asBase64.body(), "$.deliveries[0].redelivered")).isTrue();
        assertProblem(http.postJson("/api/v1/exchanges/amq.direct/messages",
                "{\"routingKey\": \"k\", \"payload\": \"%%%\", \"encoding\": \"base64\"}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void healthAndOpenApiDescribeTheModule() {
        String health = http.get("/actuator/health").body();
        assertThat(JsonPath.<String>read(health, "$.components.exchangebroker.status")).isEqualTo("UP");
        assertThat(JsonPath.<Integer>read(health, "$.components.exchangebroker.details.exchanges")).isPositive();
        assertThat(JsonPath.<String>read(health, "$.components.exchangebroker.details.journal.durability"))
                .isEqualTo("always");
        String docs = http.get("/v3/api-docs/exchangebroker").body();
        assertThat(JsonPath.<Map<String, Object>>read(docs, "$.paths")).containsKeys("/api/v1/exchanges/{name}",
                "/api/v1/exchanges/{name}/messages", "/api/v1/queues/{name}", "/api/v1/bindings",
                "/api/v1/queues/{queue}/consumers/{tag}/get");
    }

    @Test
    void queueGaugesAndPublishCountersAreExported() {
        declareExchange("p.metered", "direct");
        declareQueue("p.metered-q", "{}");
        bind("p.metered", "p.metered-q", "k");
        publish("p.metered", "{\"routingKey\": \"k\", \"payload\": \"one\"}");
        publish("p.metered", "{\"routingKey\": \"k\", \"payload\": \"two\"}");
        publish("p.metered", "{\"routingKey\": \"nowhere\", \"payload\": \"lost\"}");
        String tag = openConsumer("p.metered-q", 1);
        get("p.metered-q", tag, 1, 0);
        metrics.refresh();

        String scrape = http.get("/actuator/prometheus").body();
        assertThat(scrape).contains("infra_exchangebroker_queue_messages_ready{queue=\"p.metered-q\"} 1.0",
                "infra_exchangebroker_queue_messages_unacked{queue=\"p.metered-q\"} 1.0",
                "infra_exchangebroker_queue_consumers{queue=\"p.metered-q\"} 1.0",
                "infra_exchangebroker_messages_published_total{exchange=\"p.metered\"} 3.0",
                "infra_exchangebroker_messages_routed_total{exchange=\"p.metered\"} 2.0",
                "infra_exchangebroker_messages_unroutable_total{exchange=\"p.metered\"} 1.0",
                "infra_exchangebroker_messages_confirmed_total{exchange=\"p.metered\"} 3.0");

        http.delete("/api/v1/queues/p.metered-q");
        http.delete("/api/v1/exchanges/p.metered");
        metrics.refresh();
        assertThat(http.get("/actuator/prometheus").body()).doesNotContain("p.metered");
    }

    @Test
    void deliveriesAcksRedeliveriesAndDeadLettersAreCountedPerQueue() {
        declareQueue("p.counted-dlq", "{}");
        declareQueue("p.counted", "{\"arguments\": {\"x-dead-letter-exchange\": \"\", "
                + "\"x-dead-letter-routing-key\": \"p.counted-dlq\"}}");
        for (String payload : List.of("requeued", "rejected", "acked")) {
            publish("amq.default", "{\"routingKey\": \"p.counted\", \"payload\": \"" + payload + "\"}");
        }
        String tag = openConsumer("p.counted", 0);
        List<Integer> tags = JsonPath.read(get("p.counted", tag, 3, 0), "$.deliveries[*].deliveryTag");
        settle("p.counted", tag, "nack", "{\"deliveryTags\": [" + tags.get(0) + "], \"requeue\": true}");
        settle("p.counted", tag, "reject", "{\"deliveryTag\": " + tags.get(1) + ", \"requeue\": false}");
        settle("p.counted", tag, "ack", "{\"deliveryTags\": [" + tags.get(2) + "]}");
        int again = JsonPath.read(get("p.counted", tag, 1, 0), "$.deliveries[0].deliveryTag");
        settle("p.counted", tag, "ack", "{\"deliveryTags\": [" + again + "]}");
        metrics.refresh();

        assertThat(http.get("/actuator/prometheus").body()).contains(
                "infra_exchangebroker_messages_delivered_total{queue=\"p.counted\"} 4.0",
                "infra_exchangebroker_messages_redelivered_total{queue=\"p.counted\"} 1.0",
                "infra_exchangebroker_messages_acked_total{queue=\"p.counted\"} 2.0",
                "infra_exchangebroker_messages_dead_lettered_total{queue=\"p.counted\",reason=\"rejected\"} 1.0",
                "infra_exchangebroker_messages_dead_lettered_total{queue=\"p.counted\",reason=\"expired\"} 0.0");
        http.delete("/api/v1/queues/p.counted");
        http.delete("/api/v1/queues/p.counted-dlq");
    }

    @Test
    void namesAndRoutingKeysLongerThanAnAmqpShortStringAreRefused() {
        String longName = "q".repeat(256);
        assertProblem(declareQueue(longName, "{}"), 400, "INVALID_ARGUMENT");
        assertProblem(declareExchange("é".repeat(128), "direct"), 400, "INVALID_ARGUMENT");
        assertProblem(http.postJson("/api/v1/exchanges/amq.default/messages",
                "{\"routingKey\": \"" + longName + "\", \"payload\": \"x\"}"), 400, "INVALID_ARGUMENT");
        assertThat(declareQueue("q".repeat(255), "{}").statusCode()).isEqualTo(201);
        assertThat(http.get("/api/v1/queues/" + longName).statusCode()).isEqualTo(404);
        http.delete("/api/v1/queues/" + "q".repeat(255));
    }

    @Test
    void fanoutCopiesToEveryQueueAndHeadersMatchAllOrAny() {
        declareExchange("f.events", "fanout");
        for (String queue : List.of("f.analytics", "f.logging", "f.notification")) {
            declareQueue(queue, "{}");
            bind("f.events", queue, "");
        }
        assertThat(JsonPath.<Integer>read(publish("f.events", "{\"routingKey\": \"ignored\", \"payload\": \"e\"}"),
                "$.queues")).isEqualTo(3);

        declareExchange("h.docs", "headers");
        declareQueue("h.pdf-reports", "{}");
        declareQueue("h.pdf-or-report", "{}");
        assertThat(http.postJson("/api/v1/bindings", "{\"exchange\": \"h.docs\", \"queue\": \"h.pdf-reports\", "
                + "\"arguments\": {\"x-match\": \"all\", \"format\": \"pdf\", \"type\": \"report\"}}").statusCode())
                .isEqualTo(201);
        assertThat(http.postJson("/api/v1/bindings", "{\"exchange\": \"h.docs\", \"queue\": \"h.pdf-or-report\", "
                + "\"arguments\": {\"x-match\": \"any\", \"format\": \"pdf\", \"type\": \"report\"}}").statusCode())
                .isEqualTo(201);
        assertProblem(http.postJson("/api/v1/bindings", "{\"exchange\": \"h.docs\", \"queue\": \"h.pdf-reports\", "
                + "\"arguments\": {\"x-match\": \"some\"}}"), 409, "PRECONDITION_FAILED");
        assertThat(JsonPath.<Integer>read(publish("h.docs", "{\"payload\": \"both\", "
                + "\"headers\": {\"format\": \"pdf\", \"type\": \"report\"}}"), "$.queues")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(publish("h.docs", "{\"payload\": \"pdf only\", "
                + "\"headers\": {\"format\": \"pdf\"}}"), "$.queues")).isEqualTo(1);
        String any = get("h.pdf-or-report", openConsumer("h.pdf-or-report", 10), 10, 0);
        assertThat(JsonPath.<List<String>>read(any, "$.deliveries[*].payload")).containsExactly("both", "pdf only");
    }
}
