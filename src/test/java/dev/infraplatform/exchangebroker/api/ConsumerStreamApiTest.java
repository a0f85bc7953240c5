package dev.infraplatform.exchangebroker.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.infraplatform.ServerSentEvents.nextEvent;
import static org.assertj.core.api.Assertions.assertThat;

/** GET …/consumers/{tag}/stream: push deliveries as Server-Sent Events, settled by ack. */
class ConsumerStreamApiTest extends RunningPlatformTest {

    private final HttpClient client = HttpClient.newHttpClient();


    private void publish(String queue, String payload) {
        HttpResponse<String> published = http.postJson("/api/v1/exchanges/amq.default/messages",
                "{\"routingKey\": \"" + queue + "\", \"payload\": \"" + payload + "\"}");
        assertThat(published.body()).isEqualTo("{\"routed\":true,\"queues\":1}");
    }

    @Test
    void deliveriesArePushedWithinThePrefetchWindowAndTheStreamEndsWhenTheConsumerCloses() throws Exception {
        http.putJson("/api/v1/queues/push.jobs", "{\"durable\": false}");
        String tag = JsonPath.read(http.postJson("/api/v1/queues/push.jobs/consumers", "{\"prefetch\": 1}").body(),
                "$.consumerTag");
        publish("push.jobs", "first");
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/v1/queues/push.jobs/consumers/" + tag + "/stream"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(nextEvent(reader)).isEqualTo("consume {\"consumerTag\":\"" + tag + "\"}");
            String first = nextEvent(reader);
            assertThat(first).startsWith("delivery ").contains("\"payload\":\"first\"").contains("\"deliveryTag\":1");
            publish("push.jobs", "second");
            // prefetch 1: "second" waits for the ack of "first"
            assertThat(JsonPath.<Integer>read(http.get("/api/v1/queues/push.jobs").body(), "$.ready")).isEqualTo(1);
            http.postJson("/api/v1/queues/push.jobs/consumers/" + tag + "/ack", "{\"deliveryTag\": 1}");
            assertThat(nextEvent(reader)).startsWith("delivery ").contains("\"payload\":\"second\"");
            http.delete("/api/v1/queues/push.jobs/consumers/" + tag);
            assertThat(nextEvent(reader)).startsWith("closed ");
        }
        String queue = http.get("/api/v1/queues/push.jobs").body();
        assertThat(JsonPath.<Integer>read(queue, "$.ready")).as(queue).isEqualTo(1);
    }
}
