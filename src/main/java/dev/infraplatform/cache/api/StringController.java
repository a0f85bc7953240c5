package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

/** Strings: SET with its options, GET, INCRBY / INCRBYFLOAT. */
@RestController
@RequestMapping(path = "/api/v1/cache/strings", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class StringController {

    private final CacheCalls calls;

    StringController(CacheEngine engine) {
        this.calls = new CacheCalls(engine);
    }

    /** Body of {@code PUT /strings/{key}}. */
    record SetRequest(String value, Long ttlMs, Boolean ifAbsent, Boolean ifPresent, String encoding) {
    }

    /** Body of an increment: an integer (INCRBY) or a float (INCRBYFLOAT); 1 if absent. */
    record IncrementRequest(Object by) {
    }

    @PutMapping(path = "/{key}", consumes = "application/json")
    @Operation(summary = "Set a string (SET [PX] [NX|XX])",
            description = "`{\"set\": true}`, or `{\"set\": false}` when `ifAbsent` / `ifPresent` kept it from being set. "
                    + "Without `ttlMs` any previous TTL is removed, as SET does.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"value\": \"alice\", \"ttlMs\": 60000, \"ifAbsent\": true}"))))
    @ApiResponse(responseCode = "400", description = "no value, ttlMs below 1, or both ifAbsent and ifPresent")
    Map<String, Object> set(@PathVariable String key, @RequestBody SetRequest request,
                            @Parameter(description = "`base64`: the value is base64-encoded")
                            @RequestParam(required = false) String encoding) {
        CacheCalls.required("value", request == null ? null : request.value());
        ReplyEncoding values = CacheCalls.encoding(request.encoding(), encoding);
        List<Object> words = new ArrayList<>(List.of("SET", key, values.value(request.value())));
        if (request.ttlMs() != null) {
            if (request.ttlMs() < 1) {
                throw CacheCalls.invalid("ttlMs: at least 1");
            }
            words.add("PX");
            words.add(request.ttlMs());
        }
        boolean nx = Boolean.TRUE.equals(request.ifAbsent());
        boolean xx = Boolean.TRUE.equals(request.ifPresent());
        if (nx && xx) {
            throw CacheCalls.invalid("ifAbsent and ifPresent: at most one of them");
        }
        if (nx || xx) {
            words.add(nx ? "NX" : "XX");
        }
        return Map.of("set", calls.run(words.toArray()) instanceof Reply.SimpleString);
    }

    @GetMapping("/{key}")
    @Operation(summary = "Get a string (GET)", description = "`{\"value\": \"…\"}`.")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> get(@PathVariable String key,
                            @Parameter(description = "`base64`: the value is returned base64-encoded")
                            @RequestParam(required = false) String encoding) {
        byte[] value = CacheCalls.bulk(calls.run("GET", key));
        if (value == null) {
            throw CacheCalls.notFound("key '" + key + "'");
        }
        return Map.of("value", ReplyEncoding.of(encoding).text(value));
    }

    @PostMapping(path = "/{key}/increment", consumes = "application/json")
    @Operation(summary = "Increment a number (INCRBY, or INCRBYFLOAT for a fractional `by`)",
            description = "`{\"value\": n}`, the new value. A missing key counts from 0.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "integer", value = "{\"by\": 5}"),
                    @ExampleObject(name = "float", value = "{\"by\": 0.25}")})))
    @ApiResponse(responseCode = "400", description = "the value is not a number, or would overflow (`ERR`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> increment(@PathVariable String key, @RequestBody(required = false) IncrementRequest request) {
        Object by = request == null || request.by() == null ? 1 : request.by();
        String amount = CacheCalls.numberText("by", by);
        if (CacheCalls.isIntegral(by)) {
            return Map.of("value", CacheCalls.integer(calls.run("INCRBY", key, amount)));
        }
        return Map.of("value", CacheCalls.number(CacheCalls.bulk(calls.run("INCRBYFLOAT", key, amount))));
    }
}
