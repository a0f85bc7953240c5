package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.api.MessageJson.DeliveryJson;
import dev.infraplatform.exchangebroker.api.MessageJson.PropertiesJson;
import dev.infraplatform.exchangebroker.config.ExchangeBrokerMetrics;
import dev.infraplatform.exchangebroker.engine.Delivery;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.PublishResult;
import dev.infraplatform.exchangebroker.engine.QueueDefinition;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.web.ErrorCodes;
import dev.infraplatform.web.WebProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Request-reply as RabbitMQ clients do it: a server-named exclusive, auto-delete reply queue, the
 * request published with {@code replyTo} (that queue) and a {@code correlationId}, and a wait for
 * the reply carrying the same correlation id. Replies with another id are acknowledged and dropped.
 * The reply queue goes away with its consumer when the call ends.
 */
@RestController
@RequestMapping("/api/v1/exchanges")
@Tag(name = "Exchange broker: exchanges")
class RpcController {

    private static final long DEFAULT_TIMEOUT_MS = 5000;

    private final ExchangeBroker broker;
    private final ExchangeBrokerMetrics metrics;
    private final WebProperties web;

    RpcController(ExchangeBroker broker, ExchangeBrokerMetrics metrics, WebProperties web) {
        this.broker = broker;
        this.metrics = metrics;
        this.web = web;
    }

    @Schema(example = "{\"routingKey\": \"rpc.pricing\", \"payload\": \"{\\\"sku\\\": 42}\", \"timeoutMs\": 5000}")
    record RpcRequest(String routingKey, String payload, Map<String, Object> headers, PropertiesJson properties,
                      @Schema(description = "how long to wait for the reply (default 5000, capped by infra.web.max-wait)")
                      Long timeoutMs,
                      @Schema(description = "default: a new UUID") String correlationId,
                      @Schema(description = "utf8 (default) or base64, for the request and the reply") String encoding) {
    }

    record RpcResponse(String correlationId, String replyTo, DeliveryJson reply) {
    }

    @PostMapping("/{name}/rpc")
    @Operation(summary = "Request-reply (RPC)",
            description = "Publishes the request with `replyTo` set to a fresh server-named reply queue and a "
                    + "`correlationId`, then waits up to `timeoutMs` for the reply the responder publishes to the "
                    + "default exchange (`amq.default`) with routing key = `replyTo` and the same `correlationId`.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"correlationId\": \"…\", \"replyTo\": "
                    + "\"amq.gen-…\", \"reply\": {\"deliveryTag\": 1, \"payload\": \"…\", …}}`"),
                    @ApiResponse(responseCode = "404", description = "no such exchange, or no queue took the request "
                            + "(`NOT_FOUND`)"),
                    @ApiResponse(responseCode = "504", description = "no reply within timeoutMs (`TIMEOUT`)")})
    RpcResponse call(@PathVariable String name, @RequestBody RpcRequest request) throws InterruptedException {
        BinaryEncoding encoding = BinaryEncoding.of(request.encoding());
        byte[] payload = encoding.decode(request.payload() == null ? "" : request.payload(), "payload");
        String exchange = ExchangeController.DEFAULT_EXCHANGE_ALIAS.equals(name) ? "" : name;
        String correlationId = request.correlationId() == null ? UUID.randomUUID().toString() : request.correlationId();
        Duration timeout = web.capWait(request.timeoutMs() == null ? DEFAULT_TIMEOUT_MS : request.timeoutMs());
        String replyQueue = broker.declareQueue(new QueueDefinition("", false, true, true, Map.of())).name();
        String consumer = broker.openConsumer(replyQueue, 0, 0);
        try {
            PublishResult published = broker.publish(exchange, request.routingKey(), payload, request.headers(),
                    MessageJson.properties(request.properties()).withReplyTo(replyQueue, correlationId), true);
            metrics.published(exchange, published);
            if (published.queues() == 0) {
                throw new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, "no queue took the request: "
                        + "nothing is bound to exchange '" + name + "' for routing key '" + request.routingKey() + "'");
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long remaining = deadline - System.nanoTime();
                List<Delivery> got = remaining <= 0 ? List.of() : broker.get(consumer, 1, Duration.ofNanos(remaining));
                if (got.isEmpty()) {
                    throw new ApiException(HttpStatus.GATEWAY_TIMEOUT, ErrorCodes.TIMEOUT, "no reply with correlationId '"
                            + correlationId + "' within " + timeout.toMillis() + " ms");
                }
                Delivery reply = got.getFirst();
                broker.ack(consumer, reply.deliveryTag(), false);
                if (correlationId.equals(reply.properties().correlationId())) {
                    return new RpcResponse(correlationId, replyQueue, MessageJson.delivery(reply, encoding));
                }
            }
        } finally {
            broker.closeConsumer(consumer); // the reply queue is auto-delete: it goes with its last consumer
        }
    }
}
