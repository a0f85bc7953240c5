package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.QueueDefinition;
import dev.infraplatform.exchangebroker.engine.QueueStats;
import dev.infraplatform.exchangebroker.engine.ReplyCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Queues: declare (named or server-named), list, describe with counters, delete, purge. */
@RestController
@RequestMapping("/api/v1/queues")
@Tag(name = "Exchange broker: queues", description = "RabbitMQ-like queues with TTL, length limits, priorities "
        + "and dead-lettering")
class QueueController {

    private final ExchangeBroker broker;

    QueueController(ExchangeBroker broker) {
        this.broker = broker;
    }

    @Schema(example = "{\"durable\": true, \"arguments\": {\"x-message-ttl\": 60000, \"x-dead-letter-exchange\": \"dlx\"}}")
    record DeclareQueueRequest(@Schema(description = "default true") Boolean durable,
                               @Schema(description = "recorded only: REST has no connection to tie it to") Boolean exclusive,
                               @Schema(description = "deleted when its last consumer closes") Boolean autoDelete,
                               @Schema(description = "x-message-ttl, x-expires, x-max-length, x-max-length-bytes, "
                                       + "x-overflow, x-dead-letter-exchange, x-dead-letter-routing-key, "
                                       + "x-max-priority, x-delivery-limit; numbers as JSON numbers")
                               Map<String, Object> arguments) {
    }

    /**
     * @param ready messages waiting for a consumer
     * @param unacked messages delivered and not yet settled
     * @param bytes payload bytes of the ready messages
     */
    record QueueView(String name, boolean durable, boolean exclusive, boolean autoDelete, Map<String, Object> arguments,
                     long ready, long unacked, int consumers, long bytes) {
    }

    record QueueList(List<QueueView> items, String nextCursor) {
    }

    record DeleteQueueResponse(@Schema(description = "ready messages dropped") long messages) {
    }

    record PurgeResponse(long purged) {
    }

    @PutMapping("/{name}")
    @Operation(summary = "Declare a queue",
            description = "An equivalent redeclare is a no-op (200) that counts as use for x-expires; a new queue "
                    + "answers 201. Bad arguments are refused as RabbitMQ refuses them.",
            responses = {@ApiResponse(responseCode = "200", description = "it existed, equivalent"),
                    @ApiResponse(responseCode = "201", description = "declared"),
                    @ApiResponse(responseCode = "403", description = "an `amq.` name (`ACCESS_REFUSED`)"),
                    @ApiResponse(responseCode = "409", description = "bad argument, or it exists with other "
                            + "properties (`PRECONDITION_FAILED`)")})
    ResponseEntity<QueueView> declare(@PathVariable String name, @RequestBody(required = false) DeclareQueueRequest request) {
        boolean existed = exists(name);
        QueueView view = declareQueue(name, request);
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(view);
    }

    @PostMapping
    @Operation(summary = "Declare a server-named queue",
            description = "The broker names it `amq.gen-…`, as AMQP's queue.declare with an empty name; typically "
                    + "exclusive and auto-delete, as a reply queue for request-reply.",
            responses = {@ApiResponse(responseCode = "201", description = "declared, with its generated name"),
                    @ApiResponse(responseCode = "409", description = "bad argument (`PRECONDITION_FAILED`)")})
    ResponseEntity<QueueView> declareServerNamed(@RequestBody(required = false) DeclareQueueRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(declareQueue("", request));
    }

    @GetMapping
    @Operation(summary = "List queues", description = "By name, with counters; cursor-paginated: pass `nextCursor` "
            + "as `cursor`.")
    QueueList list(@Parameter(description = "from the previous page's nextCursor") @RequestParam(required = false) String cursor,
                   @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        Pages.checkLimit(limit);
        List<QueueView> items = new ArrayList<>();
        String next = null;
        for (QueueStats stats : broker.queues()) {
            if (cursor != null && stats.name().compareTo(cursor) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = items.getLast().name();
                break;
            }
            try {
                items.add(view(broker.queue(stats.name()), stats));
            } catch (AmqpException e) {
                // deleted since the listing
            }
        }
        return new QueueList(items, next);
    }

    @GetMapping("/{name}")
    @Operation(summary = "Describe a queue", description = "Its definition and counters: ready, unacked, consumers, bytes.",
            responses = @ApiResponse(responseCode = "404", description = "no such queue"))
    QueueView describe(@PathVariable String name) {
        return view(broker.queue(name), broker.queueStats(name));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a queue",
            description = "Its bindings go, its consumers are cancelled and their unacked messages discarded.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"messages\": n}`: ready messages dropped"),
                    @ApiResponse(responseCode = "404", description = "no such queue"),
                    @ApiResponse(responseCode = "409", description = "ifUnused and it has consumers, or ifEmpty and "
                            + "it has messages (`PRECONDITION_FAILED`)")})
    DeleteQueueResponse delete(@PathVariable String name, @RequestParam(defaultValue = "false") boolean ifUnused,
                               @RequestParam(defaultValue = "false") boolean ifEmpty) {
        return new DeleteQueueResponse(broker.deleteQueue(name, ifUnused, ifEmpty));
    }

    @PostMapping("/{name}/purge")
    @Operation(summary = "Purge a queue", description = "Drops its ready messages; unacked ones stay.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"purged\": n}`"),
                    @ApiResponse(responseCode = "404", description = "no such queue")})
    PurgeResponse purge(@PathVariable String name) {
        return new PurgeResponse(broker.purgeQueue(name));
    }

    private QueueView declareQueue(String name, DeclareQueueRequest request) {
        DeclareQueueRequest r = request == null ? new DeclareQueueRequest(null, null, null, null) : request;
        QueueDefinition declared = broker.declareQueue(new QueueDefinition(name, r.durable() == null || r.durable(),
                Boolean.TRUE.equals(r.exclusive()), Boolean.TRUE.equals(r.autoDelete()), r.arguments()));
        return view(declared, broker.queueStats(declared.name()));
    }

    private boolean exists(String name) {
        try {
            broker.queue(name);
            return true;
        } catch (AmqpException e) {
            if (e.replyCode() != ReplyCode.NOT_FOUND) {
                throw e;
            }
            return false;
        }
    }

    private static QueueView view(QueueDefinition definition, QueueStats stats) {
        return new QueueView(definition.name(), definition.durable(), definition.exclusive(), definition.autoDelete(),
                definition.arguments(), stats.ready(), stats.unacked(), stats.consumers(), stats.readyBytes());
    }
}
