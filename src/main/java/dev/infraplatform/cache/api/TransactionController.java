package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.WatchToken;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MULTI/EXEC and WATCH over stateless REST: {@code POST /watch} returns an opaque token of the
 * keys' versions, {@code POST /transaction} runs the commands atomically, aborted (as EXEC with a
 * touched WATCH answers nil) if a watched key changed in between.
 */
@RestController
@RequestMapping(path = "/api/v1/cache", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class TransactionController {

    private final CacheEngine engine;

    TransactionController(CacheEngine engine) {
        this.engine = engine;
    }

    /** Body of {@code POST /watch}. */
    record WatchRequest(List<String> keys) {
    }

    @PostMapping(path = "/watch", consumes = "application/json")
    @Operation(summary = "WATCH keys for a later transaction",
            description = "Answers `{\"token\": \"…\"}`, an opaque token holding the keys' current versions. Pass it as "
                    + "`watch` to /transaction: if any of the keys was written, deleted or expired since, the "
                    + "transaction does not run and answers `{\"aborted\": true}`. Nothing is held on the server.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"keys\": [\"balance:alice\", \"balance:bob\"]}"))))
    @ApiResponse(responseCode = "400", description = "no keys, or a key is not a string (`INVALID_ARGUMENT`)")
    Map<String, Object> watch(@RequestBody WatchRequest request,
                              @Parameter(description = "`base64`: keys are base64-encoded")
                              @RequestParam(required = false) String encoding) {
        if (request == null || request.keys() == null || request.keys().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "keys: at least one key to watch");
        }
        List<String> withName = new ArrayList<>(request.keys().size() + 1);
        withName.add("WATCH");
        withName.addAll(request.keys());
        List<byte[]> keys = ReplyEncoding.of(encoding).decode(withName);
        return Map.of("token", engine.watch(keys.subList(1, keys.size())).encode());
    }

    @PostMapping(path = "/transaction", consumes = "application/json")
    @Operation(summary = "Run commands atomically (MULTI/EXEC)",
            description = "The body is either an array of commands or `{\"watch\": \"<token from /watch>\", \"commands\": "
                    + "[…]}`. All commands run in order with no other command in between, and are written to the AOF "
                    + "as one MULTI/EXEC block. The answer is `{\"aborted\": false, \"results\": […]}` with one "
                    + "`{\"result\": …}` or `{\"error\": {\"code\", \"detail\"}}` per command (an error does not stop "
                    + "the others, as in Redis), or `{\"aborted\": true, \"results\": null}` (200, as EXEC answers "
                    + "nil) when a watched key changed. An unknown command or a wrong number of arguments discards "
                    + "the whole transaction: 400 with code `EXECABORT`.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "transfer", value = "[[\"DECRBY\",\"balance:alice\",\"10\"],"
                            + "[\"INCRBY\",\"balance:bob\",\"10\"]]"),
                    @ExampleObject(name = "with watch", value = "{\"watch\": \"AAAB…\", \"commands\": "
                            + "[[\"SET\",\"balance:alice\",\"90\"]]}")})))
    @ApiResponse(responseCode = "400", description = "malformed body or token (`INVALID_ARGUMENT`), or `EXECABORT`")
    Map<String, Object> transaction(@RequestBody Object body,
                                    @Parameter(description = "`base64`: arguments are sent and bulk replies returned base64-encoded")
                                    @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        Object commands = body;
        WatchToken watch = null;
        if (body instanceof Map<?, ?> request) {
            commands = request.get("commands");
            watch = token(request.get("watch"));
        }
        Reply reply = engine.exec(decode(commands, replyEncoding), watch);
        if (reply instanceof Reply.Error error) {
            throw ReplyEncoding.asException(error);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        List<Reply> items = ((Reply.Array) reply).items();
        answer.put("aborted", items == null);
        answer.put("results", items == null ? null : items.stream().map(replyEncoding::asEntry).toList());
        return answer;
    }

    private static List<List<byte[]>> decode(Object commands, ReplyEncoding encoding) {
        if (!(commands instanceof List<?> list)) {
            throw invalid("commands: an array of commands, each an array of strings, such as [[\"INCR\", \"k\"]]");
        }
        List<List<byte[]>> decoded = new ArrayList<>(list.size());
        for (Object command : list) {
            if (!(command instanceof List<?> words) || !words.stream().allMatch(w -> w instanceof String)) {
                throw invalid("commands: each command is an array of strings, such as [\"INCR\", \"k\"]");
            }
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) words;
            decoded.add(encoding.decode(strings));
        }
        return decoded;
    }

    private static WatchToken token(Object watch) {
        if (watch == null) {
            return null;
        }
        Object text = watch instanceof Map<?, ?> map ? map.get("token") : watch;
        if (!(text instanceof String token)) {
            throw invalid("watch: the token from POST /api/v1/cache/watch, or {\"token\": …}");
        }
        try {
            return WatchToken.decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid("watch: not a token from POST /api/v1/cache/watch");
        }
    }

    private static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, detail);
    }
}
