package dev.infraplatform.exchangebroker.api;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.Binding;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Bindings of queues to exchanges: bind, unbind, list. */
@RestController
@RequestMapping("/api/v1/bindings")
@Tag(name = "Exchange broker: bindings", description = "Which queues an exchange routes to")
class BindingController {

    private final ExchangeBroker broker;

    BindingController(ExchangeBroker broker) {
        this.broker = broker;
    }

    @Schema(example = "{\"exchange\": \"orders\", \"queue\": \"order-audit\", \"routingKey\": \"order.#\"}")
    record BindingJson(String exchange, String queue,
                       @Schema(description = "the binding key; a `*`/`#` pattern for topic exchanges") String routingKey,
                       @Schema(description = "for headers exchanges: `x-match` (all, any, all-with-x, any-with-x) "
                               + "and the header values to match") Map<String, Object> arguments) {
    }

    record BindingList(List<BindingJson> items) {
    }

    @PostMapping
    @Operation(summary = "Bind a queue to an exchange", description = "Binding twice is one binding.",
            responses = {@ApiResponse(responseCode = "201", description = "bound"),
                    @ApiResponse(responseCode = "400", description = "exchange or queue missing (`INVALID_ARGUMENT`)"),
                    @ApiResponse(responseCode = "403", description = "the default exchange (`ACCESS_REFUSED`)"),
                    @ApiResponse(responseCode = "404", description = "no such exchange or queue"),
                    @ApiResponse(responseCode = "409", description = "a bad `x-match` (`PRECONDITION_FAILED`)")})
    ResponseEntity<BindingJson> bind(@RequestBody BindingJson request) {
        Binding binding = binding(request.exchange(), request.queue(), request.routingKey(), request.arguments());
        broker.bind(binding);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(binding));
    }

    @DeleteMapping
    @Operation(summary = "Unbind",
            description = "The binding as a JSON body like the bind's, or as query parameters `exchange`, `queue`, "
                    + "`routingKey` (no arguments). Removing a binding that does not exist is a no-op, as in RabbitMQ.",
            responses = {@ApiResponse(responseCode = "204", description = "unbound"),
                    @ApiResponse(responseCode = "404", description = "no such exchange")})
    ResponseEntity<Void> unbind(@RequestBody(required = false) BindingJson body,
                                @RequestParam(required = false) String exchange,
                                @RequestParam(required = false) String queue,
                                @RequestParam(required = false) String routingKey) {
        Binding binding = body != null ? binding(body.exchange(), body.queue(), body.routingKey(), body.arguments())
                : binding(exchange, queue, routingKey, null);
        broker.unbind(binding);
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(summary = "List bindings", description = "From one exchange, or from every exchange without `exchange` "
            + "(the default exchange's implicit bindings are not listed).",
            responses = @ApiResponse(responseCode = "404", description = "no such exchange"))
    BindingList list(@Parameter(description = "the source exchange") @RequestParam(required = false) String exchange) {
        List<BindingJson> items = new ArrayList<>();
        if (exchange != null) {
            broker.bindings(exchange).forEach(binding -> items.add(view(binding)));
        } else {
            for (ExchangeDefinition definition : broker.exchanges()) {
                try {
                    broker.bindings(definition.name()).forEach(binding -> items.add(view(binding)));
                } catch (AmqpException e) {
                    // deleted since the listing
                }
            }
        }
        return new BindingList(items);
    }

    private static Binding binding(String exchange, String queue, String routingKey, Map<String, Object> arguments) {
        if (exchange == null || queue == null || queue.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "exchange and queue are required");
        }
        return new Binding(exchange, queue, routingKey, arguments);
    }

    private static BindingJson view(Binding binding) {
        return new BindingJson(binding.exchange(), binding.queue(), binding.routingKey(),
                MessageJson.table(binding.arguments()));
    }
}
