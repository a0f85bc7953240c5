package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.api.MessageJson.DeliveryJson;
import dev.infraplatform.exchangebroker.config.ExchangeBrokerProperties;
import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.Delivery;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.ReplyCode;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.web.ErrorCodes;
import dev.infraplatform.web.WebProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumers: open one on a queue, pull deliveries within its prefetch window (long poll), settle
 * them with ack, nack or reject, close it. A consumer is addressed under its queue; a tag of
 * another queue is 404.
 */
@RestController
@RequestMapping("/api/v1/queues/{queue}/consumers")
@Tag(name = "Exchange broker: consumers", description = "Prefetch, long-poll get, ack, nack, reject and redelivery")
class ConsumerController {

    private final ExchangeBroker broker;
    private final ExchangeBrokerProperties properties;
    private final WebProperties web;

    private final ConsumerStreams streams;

    ConsumerController(ExchangeBroker broker, ExchangeBrokerProperties properties, WebProperties web,
                       ConsumerStreams streams) {
        this.streams = streams;
        this.broker = broker;
        this.properties = properties;
        this.web = web;
    }

    @Schema(example = "{\"prefetch\": 10, \"ackTimeoutMs\": 1800000}")
    record OpenConsumerRequest(@Schema(description = "most unacked deliveries at once; 0 unlimited; default "
                                       + "infra.exchangebroker.default-prefetch") Integer prefetch,
                               @Schema(description = "silent this long, it is closed and its deliveries requeued; "
                                       + "0 (default) never") Long ackTimeoutMs) {
    }

    record ConsumerView(String consumerTag) {
    }

    @Schema(example = "{\"count\": 10, \"waitMs\": 5000}")
    record GetRequest(@Schema(description = "at most this many deliveries (default 1)") Integer count,
                      @Schema(description = "wait this long for a first one if none is ready (capped by "
                              + "infra.web.max-wait)") Long waitMs) {
    }

    record GetResponse(List<DeliveryJson> deliveries) {
    }

    @Schema(example = "{\"deliveryTags\": [1, 2], \"multiple\": false, \"requeue\": true}")
    record SettleRequest(@Schema(description = "the delivery tags to settle") List<Long> deliveryTags,
                         @Schema(description = "a single tag, instead of deliveryTags") Long deliveryTag,
                         @Schema(description = "settle every delivery up to and including each tag (tag 0: all)")
                         Boolean multiple,
                         @Schema(description = "nack/reject: back to the queue (default true) or dead-lettered")
                         Boolean requeue) {
    }

    @PostMapping
    @Operation(summary = "Open a consumer",
            responses = {@ApiResponse(responseCode = "201", description = "`{\"consumerTag\": \"amq.ctag-…\"}`"),
                    @ApiResponse(responseCode = "404", description = "no such queue"),
                    @ApiResponse(responseCode = "409", description = "negative prefetch or ackTimeoutMs "
                            + "(`PRECONDITION_FAILED`)")})
    ResponseEntity<ConsumerView> open(@PathVariable String queue, @RequestBody(required = false) OpenConsumerRequest request) {
        int prefetch = request == null || request.prefetch() == null ? properties.defaultPrefetch() : request.prefetch();
        long ackTimeoutMs = request == null || request.ackTimeoutMs() == null ? 0 : request.ackTimeoutMs();
        return ResponseEntity.status(HttpStatus.CREATED).body(new ConsumerView(broker.openConsumer(queue, prefetch,
                ackTimeoutMs)));
    }

    @DeleteMapping("/{tag}")
    @Operation(summary = "Close a consumer",
            description = "Its unacked deliveries go back to the queue at their positions, `redelivered: true`; an "
                    + "auto-delete queue whose last consumer it was is deleted.",
            responses = {@ApiResponse(responseCode = "204", description = "closed"),
                    @ApiResponse(responseCode = "404", description = "no such consumer on this queue")})
    ResponseEntity<Void> close(@PathVariable String queue, @PathVariable String tag) {
        requireConsumerOf(queue, tag);
        broker.closeConsumer(tag);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{tag}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Push deliveries (Server-Sent Events)",
            description = "basic.consume: each delivery within the consumer's prefetch window is sent as a "
                    + "`delivery` event (the JSON of a get's delivery) as soon as it is routed; settle them with ack, "
                    + "nack or reject. A `consume` event opens the stream, `: idle` comments keep it alive, a `closed` "
                    + "event ends it when the consumer is closed. Under the default utf8 a payload that is not UTF-8 "
                    + "is requeued and the stream ends with an `error` event; use `?encoding=base64` for binary "
                    + "payloads.",
            responses = {@ApiResponse(responseCode = "200", description = "an SSE stream"),
                    @ApiResponse(responseCode = "404", description = "no such consumer on this queue")})
    SseEmitter stream(@PathVariable String queue, @PathVariable String tag,
                      @Parameter(description = "utf8 (default) or base64") @RequestParam(required = false) String encoding) {
        BinaryEncoding binary = BinaryEncoding.of(encoding);
        requireConsumerOf(queue, tag);
        return streams.open(tag, binary);
    }

    @PostMapping("/{tag}/get")
    @Operation(summary = "Get deliveries (long poll)",
            description = "Up to `count` deliveries within the consumer's prefetch window; if none is ready, waits up "
                    + "to `waitMs` for one. Each delivery stays unacked until acked, nacked or rejected by its "
                    + "`deliveryTag`. Header values are JSON (AMQP timestamps such as `x-death[].time` as epoch "
                    + "seconds). With `?encoding=base64` payloads are base64; under the default utf8, a payload "
                    + "that is not UTF-8 makes the answer 406 and the deliveries are requeued.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"deliveries\": [...]}`, empty on timeout"),
                    @ApiResponse(responseCode = "400", description = "count out of range"),
                    @ApiResponse(responseCode = "404", description = "no such consumer on this queue"),
                    @ApiResponse(responseCode = "406", description = "a payload is not UTF-8; use ?encoding=base64")})
    GetResponse get(@PathVariable String queue, @PathVariable String tag, @RequestBody(required = false) GetRequest request,
                    @Parameter(description = "utf8 (default) or base64") @RequestParam(required = false) String encoding)
            throws InterruptedException {
        BinaryEncoding binary = BinaryEncoding.of(encoding);
        int count = request == null || request.count() == null ? 1 : request.count();
        if (count < 1 || count > properties.maxGetCount()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "count must be 1 to " + properties.maxGetCount());
        }
        long waitMs = request == null || request.waitMs() == null ? 0 : request.waitMs();
        requireConsumerOf(queue, tag);
        List<Delivery> deliveries = broker.get(tag, count, web.capWait(waitMs));
        List<DeliveryJson> json = new ArrayList<>(deliveries.size());
        try {
            for (Delivery delivery : deliveries) {
                json.add(MessageJson.delivery(delivery, binary));
            }
        } catch (ApiException e) {
            for (Delivery delivery : deliveries) { // the client will not see them: hand them back
                broker.nack(tag, delivery.deliveryTag(), false, true);
            }
            throw e;
        }
        return new GetResponse(json);
    }

    @PostMapping("/{tag}/ack")
    @Operation(summary = "Acknowledge deliveries", description = "`deliveryTags` (or `deliveryTag`); with `multiple` "
            + "every delivery up to and including the largest tag. All or nothing: an unknown tag settles nothing. "
            + "Answered once the acks are durable (persistent messages of durable queues).",
            responses = {@ApiResponse(responseCode = "204", description = "acknowledged"),
                    @ApiResponse(responseCode = "404", description = "no such consumer on this queue"),
                    @ApiResponse(responseCode = "409", description = "an unknown delivery tag (`PRECONDITION_FAILED`)")})
    ResponseEntity<Void> ack(@PathVariable String queue, @PathVariable String tag, @RequestBody SettleRequest request) {
        requireConsumerOf(queue, tag);
        boolean multiple = Boolean.TRUE.equals(request.multiple());
        broker.ack(tag, tags(request), multiple);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{tag}/nack")
    @Operation(summary = "Negatively acknowledge deliveries",
            description = "With `requeue` (default true, as AMQP) they go back to the queue, `redelivered: true`; "
                    + "without, they are dead-lettered (reason `rejected`) or dropped.",
            responses = {@ApiResponse(responseCode = "204", description = "settled"),
                    @ApiResponse(responseCode = "404", description = "no such consumer on this queue"),
                    @ApiResponse(responseCode = "409", description = "an unknown delivery tag (`PRECONDITION_FAILED`)")})
    ResponseEntity<Void> nack(@PathVariable String queue, @PathVariable String tag, @RequestBody SettleRequest request) {
        requireConsumerOf(queue, tag);
        boolean multiple = Boolean.TRUE.equals(request.multiple());
        boolean requeue = request.requeue() == null || request.requeue();
        broker.nack(tag, tags(request), multiple, requeue);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{tag}/reject")
    @Operation(summary = "Reject one delivery", description = "AMQP basic.reject: a nack of one `deliveryTag`.",
            responses = {@ApiResponse(responseCode = "204", description = "settled"),
                    @ApiResponse(responseCode = "404", description = "no such consumer on this queue"),
                    @ApiResponse(responseCode = "409", description = "an unknown delivery tag (`PRECONDITION_FAILED`)")})
    ResponseEntity<Void> reject(@PathVariable String queue, @PathVariable String tag, @RequestBody SettleRequest request) {
        requireConsumerOf(queue, tag);
        List<Long> tags = tags(request);
        if (tags.size() != 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "reject takes one deliveryTag");
        }
        broker.reject(tag, tags.getFirst(), request.requeue() == null || request.requeue());
        return ResponseEntity.noContent().build();
    }

    private static List<Long> tags(SettleRequest request) {
        List<Long> tags = new ArrayList<>();
        if (request.deliveryTags() != null) {
            tags.addAll(request.deliveryTags());
        }
        if (request.deliveryTag() != null) {
            tags.add(request.deliveryTag());
        }
        if (tags.isEmpty() || tags.contains(null)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "deliveryTags (or deliveryTag) is required");
        }
        return tags;
    }

    private void requireConsumerOf(String queue, String tag) {
        if (!broker.consumerQueue(tag).equals(queue)) {
            throw new AmqpException(ReplyCode.NOT_FOUND, "no consumer '" + tag + "' on queue '" + queue + "'");
        }
    }
}
