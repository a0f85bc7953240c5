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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.api.CacheCalls.command;

/** Sorted sets: ZADD with its flags, ZRANGE by rank or score, ZSCORE, ZRANK / ZREVRANK, ZINCRBY. */
@RestController
@RequestMapping(path = "/api/v1/cache/zsets", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class SortedSetController {

    private final CacheCalls calls;

    SortedSetController(CacheEngine engine) {
        this.calls = new CacheCalls(engine);
    }

    /** One member and its score (a number, or "+inf" / "-inf"). */
    record ScoredMember(String member, Object score) {
    }

    /** Body of {@code POST /zsets/{key}/members}: members and ZADD's flags. */
    record AddRequest(List<ScoredMember> members, Boolean nx, Boolean xx, Boolean gt, Boolean lt, Boolean ch,
                      String encoding) {
    }

    /** Body of an increment. */
    record IncrementRequest(Object by) {
    }

    @PostMapping(path = "/{key}/members", consumes = "application/json")
    @Operation(summary = "Add or update members (ZADD [NX|XX] [GT|LT] [CH])",
            description = "`{\"added\": n}`: members added, or with `ch` added or changed. Flags combine as in Redis "
                    + "(NX with XX, GT or LT is an error).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"members\": [{\"member\": \"alice\", \"score\": 120}], \"gt\": true}"))))
    @ApiResponse(responseCode = "400", description = "no members, a score that is not a number, incompatible flags")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> add(@PathVariable String key, @RequestBody AddRequest request,
                            @Parameter(description = "`base64`: members are base64-encoded")
                            @RequestParam(required = false) String encoding) {
        if (request == null || request.members() == null || request.members().isEmpty()) {
            throw CacheCalls.invalid("members: at least one {member, score}");
        }
        ReplyEncoding values = CacheCalls.encoding(request.encoding(), encoding);
        List<Object> words = new ArrayList<>(List.of("ZADD", key));
        flag(words, request.nx(), "NX");
        flag(words, request.xx(), "XX");
        flag(words, request.gt(), "GT");
        flag(words, request.lt(), "LT");
        flag(words, request.ch(), "CH");
        for (ScoredMember scored : request.members()) {
            if (scored == null) {
                throw CacheCalls.invalid("members[]: {member, score}");
            }
            words.add(CacheCalls.numberText("members[].score", CacheCalls.required("members[].score", scored.score())));
            words.add(values.value(CacheCalls.required("members[].member", scored.member())));
        }
        return Map.of("added", CacheCalls.integer(calls.run(words.toArray())));
    }

    @GetMapping("/{key}")
    @Operation(summary = "A range of members (ZRANGE by rank, or by score with byScore=true)",
            description = "`{\"members\": [...]}`, or with `withScores` `{\"members\": [{\"member\", \"score\"}]}`. By rank: "
                    + "`start` / `stop` as in Redis (inclusive, negative from the end). By score: `min` / `max` "
                    + "(`(` for exclusive, `-inf` / `+inf`), then `offset` / `count` (LIMIT). `order=desc` reverses.")
    @ApiResponse(responseCode = "400", description = "a bad index or score bound (`ERR`), bad order")
    @ApiResponse(responseCode = "404", description = "no such key (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> range(@PathVariable String key,
                              @RequestParam(defaultValue = "0") String start,
                              @RequestParam(defaultValue = "-1") String stop,
                              @Parameter(description = "`asc` (default) or `desc`") @RequestParam(defaultValue = "asc") String order,
                              @RequestParam(defaultValue = "false") boolean withScores,
                              @RequestParam(defaultValue = "false") boolean byScore,
                              @RequestParam(defaultValue = "-inf") String min,
                              @RequestParam(defaultValue = "+inf") String max,
                              @RequestParam(required = false) Long offset,
                              @RequestParam(required = false) Long count,
                              @RequestParam(required = false) String encoding) {
        boolean desc = descending(order);
        List<Object> words = new ArrayList<>(List.of("ZRANGE", key));
        if (byScore) {
            words.add(desc ? max : min);
            words.add(desc ? min : max);
            words.add("BYSCORE");
        } else {
            words.add(start);
            words.add(stop);
        }
        if (desc) {
            words.add("REV");
        }
        if (byScore && (offset != null || count != null)) {
            words.add("LIMIT");
            words.add(offset == null ? 0 : offset);
            words.add(count == null ? -1 : count);
        }
        if (withScores) {
            words.add("WITHSCORES");
        }
        List<Reply> replies = calls.atomically(command("EXISTS", key), command(words.toArray()));
        if (CacheCalls.integer(replies.get(0)) == 0) {
            throw CacheCalls.notFound("sorted set '" + key + "'");
        }
        ReplyEncoding replyEncoding = ReplyEncoding.of(encoding);
        List<Reply> items = CacheCalls.items(replies.get(1));
        if (!withScores) {
            return Map.of("members", replyEncoding.toJson(replies.get(1)));
        }
        List<Object> members = new ArrayList<>();
        for (int i = 0; i < items.size(); i += 2) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("member", replyEncoding.text(CacheCalls.bulk(items.get(i))));
            member.put("score", CacheCalls.number(CacheCalls.bulk(items.get(i + 1))));
            members.add(member);
        }
        return Map.of("members", members);
    }

    @GetMapping("/{key}/members/{member}")
    @Operation(summary = "A member's score (ZSCORE)", description = "`{\"score\": n}`.")
    @ApiResponse(responseCode = "404", description = "no such key or member (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> score(@PathVariable String key, @PathVariable String member) {
        byte[] score = CacheCalls.bulk(calls.run("ZSCORE", key, member));
        if (score == null) {
            throw CacheCalls.notFound("member '" + member + "' of sorted set '" + key + "'");
        }
        return Map.of("score", CacheCalls.number(score));
    }

    @GetMapping("/{key}/members/{member}/rank")
    @Operation(summary = "A member's rank (ZRANK, or ZREVRANK with order=desc)", description = "`{\"rank\": n}`, 0-based.")
    @ApiResponse(responseCode = "404", description = "no such key or member (`NOT_FOUND`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> rank(@PathVariable String key, @PathVariable String member,
                             @RequestParam(defaultValue = "asc") String order) {
        Reply rank = calls.run(descending(order) ? "ZREVRANK" : "ZRANK", key, member);
        if (!(rank instanceof Reply.Int position)) {
            throw CacheCalls.notFound("member '" + member + "' of sorted set '" + key + "'");
        }
        return Map.of("rank", position.value());
    }

    @PostMapping(path = "/{key}/members/{member}/increment", consumes = "application/json")
    @Operation(summary = "Increment a member's score (ZINCRBY)", description = "`{\"score\": n}`, the new score; "
            + "a missing member starts at 0.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"by\": 2.5}"))))
    @ApiResponse(responseCode = "400", description = "`by` is not a number, or the score would be NaN (`ERR`)")
    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")
    Map<String, Object> increment(@PathVariable String key, @PathVariable String member,
                                  @RequestBody(required = false) IncrementRequest request) {
        Object by = request == null || request.by() == null ? 1 : request.by();
        byte[] score = CacheCalls.bulk(calls.run("ZINCRBY", key, CacheCalls.numberText("by", by), member));
        return Map.of("score", CacheCalls.number(score));
    }

    private static void flag(List<Object> words, Boolean set, String flag) {
        if (Boolean.TRUE.equals(set)) {
            words.add(flag);
        }
    }

    private static boolean descending(String order) {
        if (order.equalsIgnoreCase("asc")) {
            return false;
        }
        if (order.equalsIgnoreCase("desc")) {
            return true;
        }
        throw CacheCalls.invalid("order: asc or desc, not '" + order + "'");
    }
}
