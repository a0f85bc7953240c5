package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.api.MessageJson.PropertiesJson;
import dev.infraplatform.exchangebroker.config.ExchangeBrokerMetrics;
import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.exchangebroker.engine.ExchangeType;
import dev.infraplatform.exchangebroker.engine.PublishResult;
import dev.infraplatform.exchangebroker.engine.ReplyCode;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.web.ErrorCodes;
import com.fasterxml.jackson.annotation.JsonInclude;
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

/** Exchanges: declare, list, describe, delete, and publish to one. */
@RestController
@RequestMapping("/api/v1/exchanges")
@Tag(name = "Exchange broker: exchanges", description = "RabbitMQ-like exchanges (direct, fanout, topic, headers) "
        + "and publishing")
class ExchangeController {

    static final String DEFAULT_EXCHANGE_ALIAS = "amq.default";

    private final ExchangeBroker broker;
    private final ExchangeBrokerMetrics metrics;

    ExchangeController(ExchangeBroker broker, ExchangeBrokerMetrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
    }

    @Schema(example = "{\"type\": \"topic\", \"durable\": true}")
    record DeclareExchangeRequest(@Schema(description = "direct, fanout, topic or headers") String type,
                                  @Schema(description = "default true") Boolean durable,
                                  @Schema(description = "where messages it cannot route go") String alternateExchange) {
    }

    record ExchangeView(String name, String type, boolean durable, String alternateExchange) {
    }

    record ExchangeList(List<ExchangeView> items, String nextCursor) {
    }

    @Schema(example = "{\"routingKey\": \"order.created\", \"payload\": \"{\\\"id\\\": 42}\", "
            + "\"headers\": {\"tenant\": \"acme\"}, \"properties\": {\"messageId\": \"m-1\"}, \"mandatory\": true}")
    record PublishRequest(String routingKey,
                          @Schema(description = "the body: UTF-8 text, or base64 with encoding") String payload,
                          @Schema(description = "AMQP headers: strings, numbers, booleans, lists, maps")
                          Map<String, Object> headers,
                          PropertiesJson properties,
                          @Schema(description = "report an unroutable message as returned") Boolean mandatory,
                          @Schema(description = "utf8 (default) or base64") String encoding) {
    }

    /**
     * @param returned present (true) when published mandatory and no queue matched: AMQP's basic.return
     * @param nacked present (true) when a matching queue refused it (x-overflow reject-publish):
     *     a publisher-confirm nack
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PublishResponse(boolean routed, int queues, Boolean returned, Boolean nacked) {
    }

    @PutMapping("/{name}")
    @Operation(summary = "Declare an exchange",
            description = "An equivalent redeclare is a no-op (200); a new exchange answers 201.",
            responses = {@ApiResponse(responseCode = "200", description = "it existed, equivalent"),
                    @ApiResponse(responseCode = "201", description = "declared"),
                    @ApiResponse(responseCode = "400", description = "unknown type (`INVALID_ARGUMENT`)"),
                    @ApiResponse(responseCode = "403", description = "an `amq.` name (`ACCESS_REFUSED`)"),
                    @ApiResponse(responseCode = "409", description = "it exists with other properties "
                            + "(`PRECONDITION_FAILED`)")})
    ResponseEntity<ExchangeView> declare(@PathVariable String name, @RequestBody DeclareExchangeRequest request) {
        if (request.type() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "type is required: direct, fanout, topic or headers");
        }
        boolean existed = exists(name);
        ExchangeDefinition declared = broker.declareExchange(new ExchangeDefinition(name, ExchangeType.of(request.type()),
                request.durable() == null || request.durable(), request.alternateExchange()));
        return ResponseEntity.status(existed ? HttpStatus.OK : HttpStatus.CREATED).body(view(declared));
    }

    @GetMapping
    @Operation(summary = "List exchanges", description = "By name, the predeclared `amq.*` ones and the default "
            + "exchange (`\"\"`) included; cursor-paginated: pass `nextCursor` as `cursor`.")
    ExchangeList list(@Parameter(description = "from the previous page's nextCursor") @RequestParam(required = false) String cursor,
                      @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        Pages.checkLimit(limit);
        List<ExchangeView> items = new ArrayList<>();
        String next = null;
        for (ExchangeDefinition exchange : broker.exchanges()) {
            if (cursor != null && exchange.name().compareTo(cursor) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = items.getLast().name();
                break;
            }
            items.add(view(exchange));
        }
        return new ExchangeList(items, next);
    }

    @GetMapping("/{name}")
    @Operation(summary = "Describe an exchange", description = "`amq.default` is the default exchange.", responses = @ApiResponse(responseCode = "404", description = "no such exchange"))
    ExchangeView describe(@PathVariable String name) {
        return view(broker.exchange(resolve(name)));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete an exchange and its bindings",
            responses = {@ApiResponse(responseCode = "204", description = "deleted"),
                    @ApiResponse(responseCode = "403", description = "a predeclared exchange (`ACCESS_REFUSED`)"),
                    @ApiResponse(responseCode = "404", description = "no such exchange"),
                    @ApiResponse(responseCode = "409", description = "ifUnused and it has bindings (`PRECONDITION_FAILED`)")})
    ResponseEntity<Void> delete(@PathVariable String name, @RequestParam(defaultValue = "false") boolean ifUnused) {
        broker.deleteExchange(name, ifUnused);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{name}/messages")
    @Operation(summary = "Publish a message",
            description = "`amq.default` names the default exchange (`\"\"`), which routes to the queue named by "
                    + "the routing key. Routes the message and answers once it is in every matching queue (a publisher "
                    + "confirm): `routed` whether any queue matched (through the alternate exchange too), `queues` how "
                    + "many accepted it, `returned: true` when `mandatory` and nothing matched (AMQP basic.return), "
                    + "`nacked: true` when a matching queue refused it (`x-overflow: reject-publish`).",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"routed\": true, \"queues\": 2}`"),
                    @ApiResponse(responseCode = "400", description = "bad payload encoding or properties"),
                    @ApiResponse(responseCode = "404", description = "no such exchange"),
                    @ApiResponse(responseCode = "409", description = "malformed expiration (`PRECONDITION_FAILED`)")})
    PublishResponse publish(@PathVariable String name, @RequestBody PublishRequest request) {
        BinaryEncoding encoding = BinaryEncoding.of(request.encoding());
        byte[] payload = encoding.decode(request.payload() == null ? "" : request.payload(), "payload");
        String exchange = resolve(name);
        PublishResult result = broker.publish(exchange, request.routingKey(), payload, request.headers(),
                MessageJson.properties(request.properties()), Boolean.TRUE.equals(request.mandatory()));
        metrics.published(exchange, result);
        return new PublishResponse(result.routed(), result.queues(), result.returned() ? Boolean.TRUE : null,
                result.nacked() ? Boolean.TRUE : null);
    }

    /** The default exchange's name is {@code ""}, which a path cannot hold; as in RabbitMQ's HTTP API it is {@code amq.default}. */
    private static String resolve(String name) {
        return DEFAULT_EXCHANGE_ALIAS.equals(name) ? "" : name;
    }

    private boolean exists(String name) {
        try {
            broker.exchange(name);
            return true;
        } catch (AmqpException e) {
            if (e.replyCode() != ReplyCode.NOT_FOUND) {
                throw e;
            }
            return false;
        }
    }

    private static ExchangeView view(ExchangeDefinition definition) {
        return new ExchangeView(definition.name(), definition.type().amqpName(), definition.durable(),
                definition.alternateExchange());
    }
}
