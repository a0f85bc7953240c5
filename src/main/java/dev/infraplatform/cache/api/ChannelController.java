package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Pub/sub over REST: PUBLISH as a POST, SUBSCRIBE / PSUBSCRIBE as a Server-Sent Events stream
 * that lasts until the client goes away (noticed at the latest by the engine's idle probe, a
 * comment line every few seconds) or falls too far behind (then a {@code closed} event ends it).
 */
@RestController
@RequestMapping(path = "/api/v1/cache/channels")
@Tag(name = "Cache", description = "Redis-compatible commands")
class ChannelController {

    private final CacheEngine engine;
    private final SubscriptionStreams streams;

    ChannelController(CacheEngine engine, SubscriptionStreams streams) {
        this.engine = engine;
        this.streams = streams;
    }

    /** Body of a publish. */
    record PublishRequest(String message, String encoding) {
    }

    @PostMapping(path = "/{channel}/messages", consumes = "application/json", produces = "application/json")
    @Operation(summary = "PUBLISH a message",
            description = "Answers `{\"receivers\": n}`: the subscribers it was handed to, channel and pattern "
                    + "subscribers together, as Redis counts them. Messages are not stored: nobody listening, nobody gets it.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"message\": \"hello\"}"))))
    @ApiResponse(responseCode = "400", description = "no message (`INVALID_ARGUMENT`)")
    Map<String, Object> publish(@PathVariable String channel, @RequestBody PublishRequest request) {
        if (request == null || request.message() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "message: required");
        }
        byte[] message = ReplyEncoding.of(request.encoding()).value(request.message());
        Reply reply = engine.execute(List.of("PUBLISH".getBytes(StandardCharsets.US_ASCII),
                channel.getBytes(StandardCharsets.UTF_8), message));
        return Map.of("receivers", ReplyEncoding.UTF8.orThrow(reply));
    }

    @GetMapping(path = "/{channel}/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "SUBSCRIBE to a channel (and PSUBSCRIBE to patterns) as Server-Sent Events",
            description = "First a `subscribe` event `{\"channels\": […], \"patterns\": […]}` once the subscription is "
                    + "in place, then a `message` event `{\"channel\", \"pattern\"?, \"message\"}` per message, in publish "
                    + "order. The subscription ends when the client disconnects. A client that falls too far behind "
                    + "(Redis' pubsub output buffer limit, 8 MB) gets a `closed` event `{\"reason\"}` and the stream ends.")
    SseEmitter subscribe(@PathVariable String channel,
                         @Parameter(description = "glob patterns to subscribe to as well, e.g. `news.*`")
                         @RequestParam(required = false) List<String> pattern,
                         @Parameter(description = "`base64`: messages are sent base64-encoded")
                         @RequestParam(required = false) String encoding) {
        return streams.open(List.of(channel), pattern == null ? List.of() : pattern, ReplyEncoding.of(encoding));
    }

    @GetMapping(path = "/messages", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "PSUBSCRIBE to patterns only, as Server-Sent Events",
            description = "As `GET /channels/{channel}/messages` without a channel: `?pattern=news.*` (repeatable).")
    @ApiResponse(responseCode = "400", description = "no pattern (`INVALID_ARGUMENT`)")
    SseEmitter psubscribe(@RequestParam(required = false) List<String> pattern,
                          @RequestParam(required = false) String encoding) {
        if (pattern == null || pattern.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "pattern: at least one");
        }
        return streams.open(List.of(), pattern, ReplyEncoding.of(encoding));
    }
}
