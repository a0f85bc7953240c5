package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.api.CacheCalls.command;
import static dev.infraplatform.cache.api.CacheCalls.integer;

/** Keys of any type: SCAN, TYPE and PTTL, DEL, PEXPIRE and PERSIST. Keys in paths are UTF-8 text. */
@RestController
@RequestMapping(path = "/api/v1/cache/keys", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class KeyController {

    private static final int MAX_COUNT = 10_000;

    private final CacheCalls calls;

    KeyController(CacheEngine engine) {
        this.calls = new CacheCalls(engine);
    }

    /** Body of {@code PUT /keys/{key}/ttl}. */
    record TtlRequest(Long ttlMs) {
    }

    @GetMapping
    @Operation(summary = "List keys (SCAN)",
            description = "`{\"items\": [keys], \"nextCursor\": \"…\"}`; pass `nextCursor` as `cursor` for the next page, "
                    + "until it is null. As SCAN: a key present the whole time is returned at least once; a page may "
                    + "hold fewer (even zero) keys than `count` while the cursor is not null.")
    @ApiResponse(responseCode = "400", description = "bad cursor or count (`INVALID_ARGUMENT` / `ERR`)")
    Map<String, Object> scan(@Parameter(description = "glob pattern, e.g. `user:*`") @RequestParam(required = false) String match,
                             @Parameter(description = "`0` (or absent) to start; then the previous `nextCursor`")
                             @RequestParam(required = false) String cursor,
                             @Parameter(description = "how much work per page (SCAN COUNT), default 100; `limit` is a synonym")
                             @RequestParam(required = false) Integer count,
                             @RequestParam(required = false) Integer limit,
                             @Parameter(description = "only keys of this type (string, list, hash, set, zset, stream)")
                             @RequestParam(required = false) String type,
                             @Parameter(description = "`base64`: keys are returned base64-encoded")
                             @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        int pageSize = count != null ? count : limit != null ? limit : 100;
        if (pageSize < 1 || pageSize > MAX_COUNT) {
            throw CacheCalls.invalid("count: between 1 and " + MAX_COUNT);
        }
        List<Object> words = new ArrayList<>(List.of("SCAN", cursor == null || cursor.isBlank() ? "0" : cursor,
                "COUNT", pageSize));
        if (match != null) {
            words.add("MATCH");
            words.add(match);
        }
        if (type != null) {
            words.add("TYPE");
            words.add(type);
        }
        List<Reply> page = CacheCalls.items(calls.run(words.toArray()));
        String next = new String(CacheCalls.bulk(page.get(0)), java.nio.charset.StandardCharsets.US_ASCII);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("items", replyEncoding.toJson(page.get(1)));
        answer.put("nextCursor", next.equals("0") ? null : next);
        return answer;
    }

    @GetMapping("/{key}")
    @Operation(summary = "A key's type and TTL (TYPE, PTTL)",
            description = "`{\"key\", \"type\", \"ttlMs\"}`, `ttlMs` null when the key does not expire.")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    Map<String, Object> describe(@PathVariable String key) {
        List<Reply> replies = calls.atomically(command("TYPE", key), command("PTTL", key));
        String type = ((Reply.SimpleString) replies.get(0)).value();
        if (type.equals("none")) {
            throw CacheCalls.notFound("key '" + key + "'");
        }
        long ttl = integer(replies.get(1));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("key", key);
        answer.put("type", type);
        answer.put("ttlMs", ttl < 0 ? null : ttl);
        return answer;
    }

    @DeleteMapping("/{key}")
    @Operation(summary = "Delete a key of any type (DEL)", description = "`{\"deleted\": true|false}`: false if there was no such key.")
    Map<String, Object> delete(@PathVariable String key) {
        return Map.of("deleted", integer(calls.run("DEL", key)) == 1);
    }

    @PutMapping(path = "/{key}/ttl", consumes = "application/json")
    @Operation(summary = "Set a key's TTL (PEXPIRE)", description = "`{\"ttlMs\"}` as set.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"ttlMs\": 60000}"))))
    @ApiResponse(responseCode = "400", description = "ttlMs missing or below 1 (`INVALID_ARGUMENT`; DELETE the key instead)")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    Map<String, Object> expire(@PathVariable String key, @RequestBody TtlRequest request) {
        Long ttl = CacheCalls.required("ttlMs", request == null ? null : request.ttlMs());
        if (ttl < 1) {
            throw CacheCalls.invalid("ttlMs: at least 1 (to delete the key, DELETE it)");
        }
        if (integer(calls.run("PEXPIRE", key, ttl)) == 0) {
            throw CacheCalls.notFound("key '" + key + "'");
        }
        return CacheCalls.fields("key", key, "ttlMs", ttl);
    }

    @DeleteMapping("/{key}/ttl")
    @Operation(summary = "Remove a key's TTL (PERSIST)",
            description = "`{\"persisted\": true|false}`: false if the key had no TTL.")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    Map<String, Object> persist(@PathVariable String key) {
        List<Reply> replies = calls.atomically(command("EXISTS", key), command("PERSIST", key));
        if (integer(replies.get(0)) == 0) {
            throw CacheCalls.notFound("key '" + key + "'");
        }
        return CacheCalls.fields("key", key, "persisted", integer(replies.get(1)) == 1);
    }
}
