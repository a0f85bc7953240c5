package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Any supported Redis command, and pipelines of them, over REST. */
@RestController
@RequestMapping(path = "/api/v1/cache", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class CommandController {

    private final CacheEngine engine;

    CommandController(CacheEngine engine) {
        this.engine = engine;
    }

    @PostMapping(path = "/commands", consumes = "application/json")
    @Operation(summary = "Run one Redis command",
            description = "The body is the command as a Redis client sends it. The reply is the RESP2 reply as JSON "
                    + "under `result`: strings as strings, integers as numbers, nil as null, arrays as arrays. A Redis "
                    + "error reply is a problem+json whose `code` is the error prefix (`ERR`, `WRONGTYPE`, …) and whose "
                    + "`detail` is Redis' message: 409 for WRONGTYPE, 400 otherwise.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "SET with TTL", value = "[\"SET\", \"session:42\", \"alice\", \"EX\", \"60\"]"),
                    @ExampleObject(name = "INCR", value = "[\"INCR\", \"visits\"]")})))
    Map<String, Object> command(@RequestBody List<String> command,
                                @Parameter(description = "`base64`: arguments are sent and bulk replies returned base64-encoded")
                                @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        return Collections.singletonMap("result", replyEncoding.orThrow(engine.execute(replyEncoding.decode(command))));
    }

    @PostMapping(path = "/pipeline", consumes = "application/json")
    @Operation(summary = "Run several Redis commands in order",
            description = "Each command runs atomically on its own (other clients' commands may run in between; use "
                    + "/transaction for all-or-nothing). The answer has one entry per command: `{\"result\": …}` or "
                    + "`{\"error\": {\"code\", \"detail\"}}`.")
    Map<String, Object> pipeline(@RequestBody List<List<String>> commands,
                                 @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        List<byte[]>[] decoded = commands.stream().map(replyEncoding::decode).toArray(List[]::new);
        List<Object> results = new ArrayList<>(decoded.length);
        for (List<byte[]> command : decoded) {
            results.add(replyEncoding.asEntry(engine.execute(command)));
        }
        return Map.of("results", results);
    }
}
