package dev.infraplatform.exchangebroker;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.HttpTestClient;
import dev.infraplatform.PlatformProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Persistent messages on a durable queue, publisher confirms and manual acks: the platform JVM is
 * killed with SIGKILL while publishers publish and a consumer gets and acks. After a restart on
 * the same data, the durable exchange, queue and binding are there; every confirmed message that
 * was not acked is in the queue, once, marked redelivered; no acked message comes back (an ack in
 * flight at the kill may have landed or not); nothing else is there but publishes in flight.
 */
class ExchangeBrokerCrashTest {

    private static final int PUBLISHERS = 3;

    @TempDir
    Path dataDir;

    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<String> publishing = ConcurrentHashMap.newKeySet();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Set<String> acking = ConcurrentHashMap.newKeySet();

    @Test
    void confirmedPersistentMessagesSurviveKillMinus9AndAckedOnesDoNotReturn() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("ExchangeBrokerCrashTest seed: " + seed);
        int confirmsBeforeKill = 200 + new Random(seed).nextInt(300);
        try (PlatformProcess platform = PlatformProcess.start(dataDir)) {
            HttpTestClient http = platform.http();
            expect(http.putJson("/api/v1/exchanges/orders", "{\"type\": \"direct\", \"durable\": true}"), 201);
            expect(http.putJson("/api/v1/queues/crash-q", "{\"durable\": true}"), 201);
            expect(http.putJson("/api/v1/queues/scratch", "{\"durable\": false}"), 201);
            expect(http.postJson("/api/v1/bindings",
                    "{\"exchange\": \"orders\", \"queue\": \"crash-q\", \"routingKey\": \"k\"}"), 201);
            CountDownLatch enoughConfirms = new CountDownLatch(confirmsBeforeKill);
            AtomicInteger sequence = new AtomicInteger();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int p = 0; p < PUBLISHERS; p++) {
                    int publisher = p;
                    clients.submit(() -> publishUntilRefused(http, publisher, sequence, enoughConfirms));
                }
                clients.submit(() -> consumeUntilRefused(http));
                assertThat(enoughConfirms.await(120, TimeUnit.SECONDS)).as("publishes get confirmed").isTrue();
                platform.kill();
            }
        }
        assertThat(acked).as("acks were answered before the kill").isNotEmpty();

        try (PlatformProcess restarted = PlatformProcess.start(dataDir)) {
            HttpTestClient http = restarted.http();
            assertThat(http.get("/api/v1/queues/scratch").statusCode()).as("a transient queue is gone").isEqualTo(404);
            List<Map<String, Object>> deliveries = drain(http, "crash-q");
            List<String> payloads = deliveries.stream().map(d -> (String) d.get("payload")).toList();
            assertThat(payloads).as("no duplicates").doesNotHaveDuplicates();
            Set<String> expected = new HashSet<>(confirmed);
            expected.removeAll(acked);
            expected.removeAll(acking);
            assertThat(payloads).as("every confirmed, unacked message").containsAll(expected);
            assertThat(payloads).as("no acked message").doesNotContainAnyElementsOf(acked);
            Set<String> possible = new HashSet<>(confirmed);
            possible.addAll(publishing);
            assertThat(possible).as("nothing that was not published").containsAll(payloads);
            assertThat(deliveries).as("after a crash every recovered message may have been delivered")
                    .allMatch(d -> Boolean.TRUE.equals(d.get("redelivered")));

            HttpResponse<String> more = http.postJson("/api/v1/exchanges/orders/messages",
                    "{\"routingKey\": \"k\", \"payload\": \"after\", \"properties\": {\"deliveryMode\": 2}}");
            expect(more, 200);
            assertThat(JsonPath.<Integer>read(more.body(), "$.queues")).as("the binding survived").isEqualTo(1);
        }
    }

    private static List<Map<String, Object>> drain(HttpTestClient http, String queue) {
        HttpResponse<String> opened = http.postJson("/api/v1/queues/" + queue + "/consumers", "{\"prefetch\": 0}");
        expect(opened, 201);
        String tag = JsonPath.read(opened.body(), "$.consumerTag");
        List<Map<String, Object>> all = new ArrayList<>();
        while (true) {
            HttpResponse<String> got = http.postJson("/api/v1/queues/" + queue + "/consumers/" + tag + "/get",
                    "{\"count\": 1000, \"waitMs\": 0}");
            expect(got, 200);
            List<Map<String, Object>> deliveries = JsonPath.read(got.body(), "$.deliveries");
            if (deliveries.isEmpty()) {
                return all;
            }
            all.addAll(deliveries);
        }
    }

    private void publishUntilRefused(HttpTestClient http, int publisher, AtomicInteger sequence,
                                     CountDownLatch enoughConfirms) {
        while (true) {
            String payload = "m-" + publisher + "-" + sequence.incrementAndGet();
            publishing.add(payload);
            HttpResponse<String> response;
            try {
                response = http.postJson("/api/v1/exchanges/orders/messages", "{\"routingKey\": \"k\", \"payload\": \""
                        + payload + "\", \"properties\": {\"deliveryMode\": 2}}");
            } catch (RuntimeException connectionLost) {
                return;
            }
            if (response.statusCode() != 200) {
                return;
            }
            assertThat(JsonPath.<Integer>read(response.body(), "$.queues")).isEqualTo(1);
            confirmed.add(payload);
            publishing.remove(payload);
            enoughConfirms.countDown();
        }
    }

    /** Gets in batches and acks every other delivery, one at a time; the rest stay unacked. */
    private void consumeUntilRefused(HttpTestClient http) {
        try {
            HttpResponse<String> opened = http.postJson("/api/v1/queues/crash-q/consumers", "{\"prefetch\": 50}");
            expect(opened, 201);
            String consumer = "/api/v1/queues/crash-q/consumers/" + JsonPath.read(opened.body(), "$.consumerTag");
            boolean ack = true;
            while (true) {
                HttpResponse<String> got = http.postJson(consumer + "/get", "{\"count\": 10, \"waitMs\": 500}");
                if (got.statusCode() != 200) {
                    return;
                }
                List<Map<String, Object>> deliveries = JsonPath.read(got.body(), "$.deliveries");
                for (Map<String, Object> delivery : deliveries) {
                    String payload = (String) delivery.get("payload");
                    ack = !ack;
                    if (ack) {
                        continue;
                    }
                    acking.add(payload);
                    HttpResponse<String> answered = http.postJson(consumer + "/ack",
                            "{\"deliveryTags\": [" + delivery.get("deliveryTag") + "]}");
                    if (answered.statusCode() != 204) {
                        return;
                    }
                    acked.add(payload);
                    acking.remove(payload);
                }
            }
        } catch (RuntimeException connectionLost) {
            // the platform was killed
        }
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
