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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sets: SADD, SMEMBERS, SISMEMBER, SREM, and SINTER / SUNION / SDIFF with or without STORE. */
@RestController
@RequestMapping(path = "/api/v1/cache/sets", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class SetController {

    private final CacheCalls calls;

    SetController(CacheEngine engine) {
        this.calls = new CacheCalls(engine);
    }

    /** Body of {@code POST /sets/{key}/members}. */
    record MembersRequest(List<String> members, String encoding) {
    }

    /** Body of a set operation. */
    record SetOperationRequest(List<String> keys, String storeAs) {
    }

    @PostMapping(path = "/{key}/members", consumes = "application/json")
    @Operation(summary = "Add members (SADD)", description = "`{\"added\": n}`: members that were new.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"members\": [\"red\", \"green\"]}"))))
    @ApiResponse(responseCode = "400", description = "no members (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> add(@PathVariable String key, @RequestBody MembersRequest request,
                            @Parameter(description = "`base64`: members are base64-encoded")
                            @RequestParam(required = false) String encoding) {
        if (request == null || request.members() == null || request.members().isEmpty()) {
            throw CacheCalls.invalid("members: at least one member");
        }
        ReplyEncoding values = CacheCalls.encoding(request.encoding(), encoding);
        List<Object> words = new ArrayList<>(List.of("SADD", key));
        for (String member : request.members()) {
            words.add(values.value(CacheCalls.required("members[]", member)));
        }
        return Map.of("added", CacheCalls.integer(calls.run(words.toArray())));
    }

    @GetMapping("/{key}")
    @Operation(summary = "All members (SMEMBERS)", description = "`{\"members\": [...]}`, in no particular order.")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> members(@PathVariable String key, @RequestParam(required = false) String encoding) {
        Reply members = calls.run("SMEMBERS", key);
        if (CacheCalls.items(members).isEmpty()) {
            throw CacheCalls.notFound("set '" + key + "'");
        }
        return Map.of("members", ReplyEncoding.of(encoding).toJson(members));
    }

    @GetMapping("/{key}/members/{member}")
    @Operation(summary = "Whether a member is in the set (SISMEMBER)", description = "`{\"isMember\": true|false}`.")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> isMember(@PathVariable String key, @PathVariable String member) {
        return Map.of("isMember", CacheCalls.integer(calls.run("SISMEMBER", key, member)) == 1);
    }

    @DeleteMapping("/{key}/members/{member}")
    @Operation(summary = "Remove a member (SREM)", description = "`{\"removed\": true|false}`.")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> remove(@PathVariable String key, @PathVariable String member) {
        return Map.of("removed", CacheCalls.integer(calls.run("SREM", key, member)) == 1);
    }

    @PostMapping(path = "/{operation:intersection|union|difference}", consumes = "application/json")
    @Operation(summary = "Intersection, union or difference of sets (SINTER / SUNION / SDIFF [STORE])",
            description = "`{\"members\": [...]}`; with `storeAs` the result is stored there instead (replacing it, "
                    + "deleted if empty) and the answer is `{\"stored\": n}`. A missing key is an empty set.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"keys\": [\"tags:a\", \"tags:b\"], \"storeAs\": \"tags:both\"}"))))
    @ApiResponse(responseCode = "400", description = "no keys (`INVALID_ARGUMENT`)")
    @ApiResponse(responseCode = "409", description = "a key holds another type (`WRONGTYPE`)")
    Map<String, Object> combine(@PathVariable String operation, @RequestBody SetOperationRequest request,
                                @RequestParam(required = false) String encoding) {
        if (request == null || request.keys() == null || request.keys().isEmpty()
                || request.keys().stream().anyMatch(java.util.Objects::isNull)) {
            throw CacheCalls.invalid("keys: at least one key");
        }
        String command = switch (operation) {
            case "intersection" -> "SINTER";
            case "union" -> "SUNION";
            default -> "SDIFF";
        };
        List<Object> words = new ArrayList<>();
        words.add(request.storeAs() == null ? command : command + "STORE");
        if (request.storeAs() != null) {
            words.add(request.storeAs());
        }
        words.addAll(request.keys());
        Reply reply = calls.run(words.toArray());
        if (request.storeAs() != null) {
            return Map.of("stored", CacheCalls.integer(reply));
        }
        return Map.of("members", ReplyEncoding.of(encoding).toJson(reply));
    }
}
