package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.web.WebProperties;
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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Any supported Redis command, and pipelines of them, over REST. */
@RestController
@RequestMapping(path = "/api/v1/cache", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class CommandController {

    private static final Set<String> BLOCKING = Set.of("blpop", "brpop", "blmove");

    private final CacheEngine engine;
    private final WebProperties web;

    CommandController(CacheEngine engine, WebProperties web) {
        this.engine = engine;
        this.web = web;
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
        List<byte[]> args = capBlockingTimeout(replyEncoding.decode(command));
        return Collections.singletonMap("result", replyEncoding.orThrow(engine.execute(args)));
    }

    @PostMapping(path = "/pipeline", consumes = "application/json")
    @Operation(summary = "Run several Redis commands in order",
            description = "Each command runs atomically on its own (other clients' commands may run in between; use "
                    + "/transaction for all-or-nothing). The answer has one entry per command: `{\"result\": …}` or "
                    + "`{\"error\": {\"code\", \"detail\"}}`.")
    Map<String, Object> pipeline(@RequestBody List<List<String>> commands,
                                 @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        List<byte[]>[] decoded = commands.stream().map(replyEncoding::decode).map(this::capBlockingTimeout)
                .toArray(List[]::new);
        List<Object> results = new ArrayList<>(decoded.length);
        for (List<byte[]> command : decoded) {
            results.add(replyEncoding.asEntry(engine.execute(command)));
        }
        return Map.of("results", results);
    }

    /**
     * A blocking pop over HTTP waits at most {@code infra.web.max-wait}, like every long poll: a
     * timeout of 0 (forever) or above the cap becomes the cap, and the client gets the normal nil
     * reply when it passes.
     */
    private List<byte[]> capBlockingTimeout(List<byte[]> args) {
        String name = new String(args.getFirst(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (name.equals("xread") || name.equals("xreadgroup")) {
            return capStreamBlock(args);
        }
        if (!BLOCKING.contains(name) || args.size() < 3) {
            return args;
        }
        double cap = web.maxWait().toMillis() / 1000.0;
        String timeout = new String(args.getLast(), StandardCharsets.UTF_8);
        double requested;
        try {
            requested = Double.parseDouble(timeout);
        } catch (NumberFormatException notANumber) {
            return args; // the engine answers Redis' error
        }
        if (requested > 0 && requested <= cap || requested < 0 || Double.isNaN(requested)) {
            return args;
        }
        List<byte[]> capped = new ArrayList<>(args);
        capped.set(capped.size() - 1, Double.toString(cap).getBytes(StandardCharsets.US_ASCII));
        return capped;
    }

    /** XREAD / XREADGROUP: the milliseconds after BLOCK (before STREAMS), 0 = forever, capped likewise. */
    private List<byte[]> capStreamBlock(List<byte[]> args) {
        for (int i = 1; i + 1 < args.size(); i++) {
            String word = new String(args.get(i), StandardCharsets.UTF_8);
            if (word.equalsIgnoreCase("STREAMS")) {
                return args;
            }
            if (word.equalsIgnoreCase("BLOCK")) {
                long cap = web.maxWait().toMillis();
                long requested;
                try {
                    requested = Long.parseLong(new String(args.get(i + 1), StandardCharsets.UTF_8));
                } catch (NumberFormatException notANumber) {
                    return args; // the engine answers Redis' error
                }
                if (requested < 0 || requested > 0 && requested <= cap) {
                    return args;
                }
                List<byte[]> capped = new ArrayList<>(args);
                capped.set(i + 1, Long.toString(cap).getBytes(StandardCharsets.US_ASCII));
                return capped;
            }
        }
        return args;
    }
}
