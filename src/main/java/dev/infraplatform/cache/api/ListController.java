package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.WebProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.infraplatform.cache.api.CacheCalls.command;

/** Lists: LPUSH / RPUSH, LPOP / RPOP and their blocking forms, LRANGE, LTRIM. */
@RestController
@RequestMapping(path = "/api/v1/cache/lists", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class ListController {

    private final CacheCalls calls;
    private final WebProperties web;

    ListController(CacheEngine engine, WebProperties web) {
        this.calls = new CacheCalls(engine);
        this.web = web;
    }

    /** Body of a push. */
    record PushRequest(List<String> values, String end, String encoding) {
    }

    /** Body of a pop. */
    record PopRequest(String end, Long count, Long waitMs) {
    }

    /** Body of a trim. */
    record TrimRequest(Long start, Long stop) {
    }

    @PostMapping(path = "/{key}/push", consumes = "application/json")
    @Operation(summary = "Push values (LPUSH / RPUSH)",
            description = "`{\"length\": n}`, the list's length after the push. `end` is `right` (default) or `left`; "
                    + "values are pushed one after the other, so pushing [a, b] left gives b, a, ….",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"values\": [\"job-1\", \"job-2\"], \"end\": \"right\"}"))))
    @ApiResponse(responseCode = "400", description = "no values or a bad `end` (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> push(@PathVariable String key, @RequestBody PushRequest request,
                             @Parameter(description = "`base64`: values are base64-encoded")
                             @RequestParam(required = false) String encoding) {
        if (request == null || request.values() == null || request.values().isEmpty()) {
            throw CacheCalls.invalid("values: at least one value");
        }
        ReplyEncoding values = CacheCalls.encoding(request.encoding(), encoding);
        List<Object> words = new ArrayList<>(List.of(left(request.end()) ? "LPUSH" : "RPUSH", key));
        for (String value : request.values()) {
            words.add(values.value(CacheCalls.required("values[]", value)));
        }
        return Map.of("length", CacheCalls.integer(calls.run(words.toArray())));
    }

    @PostMapping(path = "/{key}/pop", consumes = "application/json")
    @Operation(summary = "Pop values (LPOP / RPOP; with waitMs BLPOP / BRPOP)",
            description = "`{\"values\": [...]}`, empty when there was nothing to pop. With `waitMs` (capped at "
                    + "`infra.web.max-wait`) the call waits for the first value if the list is empty, then takes up to "
                    + "`count - 1` more that are there at that moment.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"end\": \"left\", \"count\": 1, \"waitMs\": 5000}"))))
    @ApiResponse(responseCode = "400", description = "bad `end`, count below 1 (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> pop(@PathVariable String key, @RequestBody(required = false) PopRequest request,
                            @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        PopRequest pop = request == null ? new PopRequest(null, null, null) : request;
        boolean left = left(pop.end());
        long count = pop.count() == null ? 1 : pop.count();
        if (count < 1) {
            throw CacheCalls.invalid("count: at least 1");
        }
        List<Object> values = new ArrayList<>();
        Duration wait = web.capWait(pop.waitMs() == null ? 0 : pop.waitMs());
        if (!wait.isZero()) {
            Reply popped = calls.run(left ? "BLPOP" : "BRPOP", key, String.format(Locale.ROOT, "%.3f", wait.toMillis() / 1000.0));
            List<Reply> pair = CacheCalls.items(popped);
            if (pair.isEmpty()) {
                return Map.of("values", values);
            }
            values.add(replyEncoding.text(CacheCalls.bulk(pair.get(1))));
            count--;
            if (count == 0) {
                return Map.of("values", values);
            }
        }
        Reply rest = calls.run(left ? "LPOP" : "RPOP", key, count);
        for (Reply value : CacheCalls.items(rest)) {
            values.add(replyEncoding.text(CacheCalls.bulk(value)));
        }
        return Map.of("values", values);
    }

    @GetMapping("/{key}")
    @Operation(summary = "A range of a list (LRANGE)",
            description = "`{\"values\": [...], \"length\": n}`; indexes as in Redis, negative from the end, `stop` inclusive.")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> range(@PathVariable String key,
                              @RequestParam(defaultValue = "0") long start,
                              @RequestParam(defaultValue = "-1") long stop,
                              @RequestParam(required = false) String encoding) {
        List<Reply> replies = calls.atomically(command("LLEN", key), command("LRANGE", key, start, stop));
        long length = CacheCalls.integer(replies.get(0));
        if (length == 0) {
            throw CacheCalls.notFound("list '" + key + "'");
        }
        return CacheCalls.fields("values", ReplyEncoding.of(encoding).toJson(replies.get(1)), "length", length);
    }

    @PostMapping(path = "/{key}/trim", consumes = "application/json")
    @Operation(summary = "Keep only a range of a list (LTRIM)", description = "`{\"length\": n}` after the trim.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"start\": 0, \"stop\": 99}"))))
    @ApiResponse(responseCode = "400", description = "start or stop missing (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> trim(@PathVariable String key, @RequestBody TrimRequest request) {
        long start = CacheCalls.required("start", request == null ? null : request.start());
        long stop = CacheCalls.required("stop", request.stop());
        List<Reply> replies = calls.atomically(command("LTRIM", key, start, stop), command("LLEN", key));
        return Map.of("length", CacheCalls.integer(replies.get(1)));
    }

    private static boolean left(String end) {
        if (end == null || end.equalsIgnoreCase("right")) {
            return false;
        }
        if (end.equalsIgnoreCase("left")) {
            return true;
        }
        throw CacheCalls.invalid("end: left or right, not '" + end + "'");
    }
}
