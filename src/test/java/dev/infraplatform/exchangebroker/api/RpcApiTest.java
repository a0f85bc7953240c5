package dev.infraplatform.exchangebroker.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /exchanges/{name}/rpc: request-reply through replyTo and correlationId. */
class RpcApiTest extends RunningPlatformTest {

    /** A responder as a RabbitMQ RPC server is written: get a request, publish the answer to its replyTo. */
    private String serveOneRequest(String queue) {
        String tag = JsonPath.read(http.postJson("/api/v1/queues/" + queue + "/consumers", "{\"prefetch\": 1}").body(),
                "$.consumerTag");
        String got = http.postJson("/api/v1/queues/" + queue + "/consumers/" + tag + "/get",
                "{\"count\": 1, \"waitMs\": 20000}").body();
        String replyTo = JsonPath.read(got, "$.deliveries[0].properties.replyTo");
        String correlationId = JsonPath.read(got, "$.deliveries[0].properties.correlationId");
        String request = JsonPath.read(got, "$.deliveries[0].payload");
        // first a stray reply with another correlation id, which the caller must ignore
        http.postJson("/api/v1/exchanges/amq.default/messages", "{\"routingKey\": \"" + replyTo
                + "\", \"payload\": \"stray\", \"properties\": {\"correlationId\": \"someone-else\"}}");
        http.postJson("/api/v1/exchanges/amq.default/messages", "{\"routingKey\": \"" + replyTo
                + "\", \"payload\": \"price of " + request + " is 42\", \"properties\": {\"correlationId\": \""
                + correlationId + "\"}}");
        http.postJson("/api/v1/queues/" + queue + "/consumers/" + tag + "/ack",
                "{\"deliveryTag\": " + JsonPath.read(got, "$.deliveries[0].deliveryTag") + "}");
        return replyTo;
    }

    @Test
    void aRequestGetsTheReplyWithItsCorrelationIdAndTheReplyQueueGoesAway() throws Exception {
        http.putJson("/api/v1/queues/rpc.pricing", "{\"durable\": false}");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> responder = pool.submit(() -> serveOneRequest("rpc.pricing"));
            HttpResponse<String> answered = http.postJson("/api/v1/exchanges/amq.default/rpc",
                    "{\"routingKey\": \"rpc.pricing\", \"payload\": \"sku-7\", \"timeoutMs\": 20000, "
                            + "\"correlationId\": \"c-1\"}");
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(JsonPath.<String>read(answered.body(), "$.reply.payload")).isEqualTo("price of sku-7 is 42");
            assertThat(JsonPath.<String>read(answered.body(), "$.correlationId")).isEqualTo("c-1");
            String replyTo = responder.get();
            assertThat(JsonPath.<String>read(answered.body(), "$.replyTo")).isEqualTo(replyTo);
            assertProblem(http.get("/api/v1/queues/" + replyTo), 404, "NOT_FOUND");
        }
    }

    @Test
    void noReplyInTimeIsAGatewayTimeoutAndAnUnroutableRequestIsNotFound() {
        http.putJson("/api/v1/queues/rpc.silent", "{\"durable\": false}");
        assertProblem(http.postJson("/api/v1/exchanges/amq.default/rpc",
                "{\"routingKey\": \"rpc.silent\", \"payload\": \"x\", \"timeoutMs\": 50}"), 504, "TIMEOUT");
        assertProblem(http.postJson("/api/v1/exchanges/amq.default/rpc",
                "{\"routingKey\": \"rpc.nobody\", \"payload\": \"x\", \"timeoutMs\": 50}"), 404, "NOT_FOUND");
    }
}
