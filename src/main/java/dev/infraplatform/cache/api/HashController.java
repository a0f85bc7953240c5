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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hashes: HSET, HGETALL, HGET, HDEL, HINCRBY / HINCRBYFLOAT. Field names in paths are UTF-8
 * text; with base64, field names and values in bodies and answers are base64.
 */
@RestController
@RequestMapping(path = "/api/v1/cache/hashes", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class HashController {

    private final CacheCalls calls;

    HashController(CacheEngine engine) {
        this.calls = new CacheCalls(engine);
    }

    /** Body of {@code PUT /hashes/{key}}. */
    record FieldsRequest(Map<String, String> fields, String encoding) {
    }

    /** Body of {@code PUT …/fields/{field}}. */
    record FieldRequest(String value, String encoding) {
    }

    /** Body of an increment. */
    record IncrementRequest(Object by) {
    }

    @PutMapping(path = "/{key}", consumes = "application/json")
    @Operation(summary = "Set fields of a hash (HSET)", description = "`{\"added\": n}`: fields that were new.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"fields\": {\"name\": \"Alice\", \"age\": \"42\"}}"))))
    @ApiResponse(responseCode = "400", description = "no fields, or a null value (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> setFields(@PathVariable String key, @RequestBody FieldsRequest request,
                                  @Parameter(description = "`base64`: field names and values are base64-encoded")
                                  @RequestParam(required = false) String encoding) {
        if (request == null || request.fields() == null || request.fields().isEmpty()) {
            throw CacheCalls.invalid("fields: at least one field");
        }
        ReplyEncoding values = CacheCalls.encoding(request.encoding(), encoding);
        List<Object> words = new ArrayList<>(List.of("HSET", key));
        request.fields().forEach((field, value) -> {
            words.add(values.value(field));
            words.add(values.value(CacheCalls.required("fields." + field, value)));
        });
        return Map.of("added", CacheCalls.integer(calls.run(words.toArray())));
    }

    @GetMapping("/{key}")
    @Operation(summary = "All fields of a hash (HGETALL)", description = "`{\"fields\": {…}}`.")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> getAll(@PathVariable String key, @RequestParam(required = false) String encoding) {
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        List<Reply> flat = CacheCalls.items(calls.run("HGETALL", key));
        if (flat.isEmpty()) {
            throw CacheCalls.notFound("hash '" + key + "'");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            fields.put(replyEncoding.text(CacheCalls.bulk(flat.get(i))), replyEncoding.text(CacheCalls.bulk(flat.get(i + 1))));
        }
        return Map.of("fields", fields);
    }

    @GetMapping("/{key}/fields/{field}")
    @Operation(summary = "One field of a hash (HGET)", description = "`{\"value\": \"…\"}`.")
    @ApiResponse(responseCode = "404", description = "no such key or field (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> get(@PathVariable String key, @PathVariable String field,
                            @RequestParam(required = false) String encoding) {
        byte[] value = CacheCalls.bulk(calls.run("HGET", key, field));
        if (value == null) {
            throw CacheCalls.notFound("field '" + field + "' of hash '" + key + "'");
        }
        return Map.of("value", ReplyEncoding.of(encoding).text(value));
    }

    @PutMapping(path = "/{key}/fields/{field}", consumes = "application/json")
    @Operation(summary = "Set one field of a hash (HSET)", description = "`{\"created\": true|false}`: whether the field is new.")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> set(@PathVariable String key, @PathVariable String field, @RequestBody FieldRequest request,
                            @RequestParam(required = false) String encoding) {
        CacheCalls.required("value", request == null ? null : request.value());
        ReplyEncoding values = CacheCalls.encoding(request.encoding(), encoding);
        return Map.of("created", CacheCalls.integer(calls.run("HSET", key, field, values.value(request.value()))) == 1);
    }

    @DeleteMapping("/{key}/fields/{field}")
    @Operation(summary = "Delete one field of a hash (HDEL)", description = "`{\"deleted\": true|false}`.")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> delete(@PathVariable String key, @PathVariable String field) {
        return Map.of("deleted", CacheCalls.integer(calls.run("HDEL", key, field)) == 1);
    }

    @PostMapping(path = "/{key}/fields/{field}/increment", consumes = "application/json")
    @Operation(summary = "Increment a field (HINCRBY, or HINCRBYFLOAT for a fractional `by`)",
            description = "`{\"value\": n}`, the new value; a missing field counts from 0.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"by\": 1}"))))
    @ApiResponse(responseCode = "400", description = "the field is not a number, or would overflow (`ERR`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> increment(@PathVariable String key, @PathVariable String field,
                                  @RequestBody(required = false) IncrementRequest request) {
        Object by = request == null || request.by() == null ? 1 : request.by();
        String amount = CacheCalls.numberText("by", by);
        if (CacheCalls.isIntegral(by)) {
            return Map.of("value", CacheCalls.integer(calls.run("HINCRBY", key, field, amount)));
        }
        return Map.of("value", CacheCalls.number(CacheCalls.bulk(calls.run("HINCRBYFLOAT", key, field, amount))));
    }
}
