package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import dev.infraplatform.web.WebProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redis streams over REST: each call is one engine command (XADD, XREAD / XRANGE, XGROUP CREATE,
 * XREADGROUP, XACK, XPENDING, XAUTOCLAIM) built from the request and its reply turned into JSON.
 * Redis errors become problem+json with the Redis prefix as {@code code} (a missing group is
 * {@code NOGROUP}, 404). Reads that wait ({@code waitMs}) are XREAD / XREADGROUP BLOCK capped
 * by {@code infra.web.max-wait}; on timeout they answer an empty list.
 */
@RestController
@RequestMapping(path = "/api/v1/cache/streams/{key}", produces = "application/json")
@Tag(name = "Cache", description = "Redis-compatible commands")
class StreamController {

    private final CacheEngine engine;
    private final WebProperties web;

    StreamController(CacheEngine engine, WebProperties web) {
        this.engine = engine;
        this.web = web;
    }

    /** XADD body. */
    record NewEntry(Map<String, String> fields, String id, Long maxLen) {
    }

    /** XGROUP CREATE body. */
    record NewGroup(String group, String startId) {
    }

    /** XREADGROUP body. */
    record GroupRead(String consumer, Long count, Long waitMs) {
    }

    /** XACK body. */
    record Acknowledgement(List<String> ids) {
    }

    /** XAUTOCLAIM body. */
    record Claim(String consumer, Long minIdleMs, String start, Long count) {
    }

    @PostMapping(path = "/entries", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Append an entry (XADD)",
            description = "Adds `fields` under `id` (default `*`: generated from the clock) and, with `maxLen`, trims "
                    + "the stream to that many entries (exact). Answers the entry's ID.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "generated ID", value = "{\"fields\": {\"type\": \"login\", \"user\": \"42\"}}"),
                    @ExampleObject(name = "capped stream", value = "{\"fields\": {\"t\": \"21.5\"}, \"maxLen\": 1000}")})),
            responses = {@ApiResponse(responseCode = "201", description = "`{\"id\": \"1700000000000-0\"}`"),
                    @ApiResponse(responseCode = "400", description = "no fields, bad ID or an ID not above the last one (`ERR`)"),
                    @ApiResponse(responseCode = "409", description = "the key holds another type (`WRONGTYPE`)")})
    Map<String, Object> add(@PathVariable String key, @RequestBody NewEntry entry) {
        if (entry.fields() == null || entry.fields().isEmpty()) {
            throw invalid("fields must hold at least one field");
        }
        List<String> command = new ArrayList<>(List.of("XADD", key));
        if (entry.maxLen() != null) {
            command.addAll(List.of("MAXLEN", "=", Long.toString(requireNonNegative(entry.maxLen(), "maxLen"))));
        }
        command.add(entry.id() == null || entry.id().isBlank() ? "*" : entry.id());
        entry.fields().forEach((field, value) -> {
            if (field == null || value == null) {
                throw invalid("field names and values must be strings, not null");
            }
            command.add(field);
            command.add(value);
        });
        return Map.of("id", run(command));
    }

    @GetMapping("/entries")
    @Operation(summary = "Read entries (XREAD, XRANGE)",
            description = "With `after`: the entries after that ID (`$` = only new ones), waiting up to `waitMs` for "
                    + "some to arrive (XREAD BLOCK; capped by infra.web.max-wait; empty list on timeout). Otherwise "
                    + "the range `start`..`end` (default `-`..`+`; `(` before an ID excludes it). At most `count`.",
            responses = {@ApiResponse(responseCode = "200",
                    description = "`{\"entries\": [{\"id\": \"1-0\", \"fields\": {\"f\": \"v\"}}]}`"),
                    @ApiResponse(responseCode = "400", description = "bad ID or count (`ERR`)")})
    Map<String, Object> read(@PathVariable String key,
                             @Parameter(description = "read entries after this ID (XREAD); `$` for new ones only")
                             @RequestParam(required = false) String after,
                             @Parameter(description = "first ID of the range (XRANGE), default `-`")
                             @RequestParam(required = false) String start,
                             @Parameter(description = "last ID of the range (XRANGE), default `+`")
                             @RequestParam(required = false) String end,
                             @Parameter(description = "at most this many entries") @RequestParam(required = false) Long count,
                             @Parameter(description = "with `after`: wait this long for entries (ms)")
                             @RequestParam(required = false) Long waitMs) {
        if (after == null) {
            if (waitMs != null) {
                throw invalid("waitMs needs after: only a read after an ID can wait for new entries");
            }
            List<String> command = new ArrayList<>(List.of("XRANGE", key, start == null ? "-" : start, end == null ? "+" : end));
            if (count != null) {
                command.addAll(List.of("COUNT", Long.toString(requirePositive(count, "count"))));
            }
            return Map.of("entries", entries(run(command)));
        }
        if (start != null || end != null) {
            throw invalid("after (XREAD) and start/end (XRANGE) don't go together");
        }
        List<String> command = new ArrayList<>(List.of("XREAD"));
        if (count != null) {
            command.addAll(List.of("COUNT", Long.toString(requirePositive(count, "count"))));
        }
        addBlock(command, waitMs);
        command.addAll(List.of("STREAMS", key, after));
        return Map.of("entries", streamEntries(run(command)));
    }

    @PostMapping(path = "/groups", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a consumer group (XGROUP CREATE … MKSTREAM)",
            description = "The group delivers entries after `startId` (default `$`: only entries added from now on; "
                    + "`0` for the whole stream). The stream is created empty if missing.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "from the beginning", value = "{\"group\": \"billing\", \"startId\": \"0\"}"))),
            responses = {@ApiResponse(responseCode = "201", description = "`{\"group\": \"billing\", \"startId\": \"0\"}`"),
                    @ApiResponse(responseCode = "409", description = "the group exists (`BUSYGROUP`) or wrong type")})
    Map<String, Object> createGroup(@PathVariable String key, @RequestBody NewGroup group) {
        requireName(group.group(), "group");
        String startId = group.startId() == null || group.startId().isBlank() ? "$" : group.startId();
        run(List.of("XGROUP", "CREATE", key, group.group(), startId, "MKSTREAM"));
        return Map.of("group", group.group(), "startId", startId);
    }

    @PostMapping(path = "/groups/{group}/read", consumes = "application/json")
    @Operation(summary = "Read new entries as a consumer of the group (XREADGROUP … >)",
            description = "Delivers entries no consumer of the group has had yet, at most `count`, and makes them "
                    + "pending for `consumer` until acknowledged. With `waitMs` waits for new entries (capped by "
                    + "infra.web.max-wait; empty list on timeout); of several waiting consumers the one waiting "
                    + "longest is served first.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(name = "long poll", value = "{\"consumer\": \"worker-1\", \"count\": 10, \"waitMs\": 5000}"))),
            responses = {@ApiResponse(responseCode = "200", description = "`{\"entries\": [{\"id\", \"fields\"}]}`"),
                    @ApiResponse(responseCode = "404", description = "no such stream or group (`NOGROUP`)")})
    Map<String, Object> readGroup(@PathVariable String key, @PathVariable String group, @RequestBody GroupRead read) {
        requireName(read.consumer(), "consumer");
        List<String> command = new ArrayList<>(List.of("XREADGROUP", "GROUP", group, read.consumer()));
        if (read.count() != null) {
            command.addAll(List.of("COUNT", Long.toString(requirePositive(read.count(), "count"))));
        }
        addBlock(command, read.waitMs());
        command.addAll(List.of("STREAMS", key, ">"));
        return Map.of("entries", streamEntries(run(command)));
    }

    @PostMapping(path = "/groups/{group}/ack", consumes = "application/json")
    @Operation(summary = "Acknowledge entries (XACK)",
            description = "Removes the IDs from the group's pending entries; answers how many were pending.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"ids\": [\"1700000000000-0\"]}"))),
            responses = {@ApiResponse(responseCode = "200", description = "`{\"acked\": 1}`"),
                    @ApiResponse(responseCode = "400", description = "no IDs or a bad ID (`ERR`)")})
    Map<String, Object> ack(@PathVariable String key, @PathVariable String group, @RequestBody Acknowledgement ack) {
        if (ack.ids() == null || ack.ids().isEmpty() || ack.ids().contains(null)) {
            throw invalid("ids must list at least one entry ID");
        }
        List<String> command = new ArrayList<>(List.of("XACK", key, group));
        command.addAll(ack.ids());
        return Map.of("acked", run(command));
    }

    @GetMapping("/groups/{group}/pending")
    @Operation(summary = "Pending entries of the group (XPENDING)",
            description = "Entries delivered and not yet acknowledged, oldest first: who has each, for how long, "
                    + "how many times it was delivered. Optionally of one `consumer`, idle at least `minIdleMs`.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"pending\": [{\"id\", \"consumer\", "
                    + "\"idleMs\", \"deliveries\"}]}`"),
                    @ApiResponse(responseCode = "404", description = "no such stream or group (`NOGROUP`)")})
    Map<String, Object> pending(@PathVariable String key, @PathVariable String group,
                                @Parameter(description = "only this consumer's") @RequestParam(required = false) String consumer,
                                @Parameter(description = "only entries idle this long (ms)") @RequestParam(required = false) Long minIdleMs,
                                @Parameter(description = "first ID, default `-`") @RequestParam(required = false) String start,
                                @Parameter(description = "last ID, default `+`") @RequestParam(required = false) String end,
                                @Parameter(description = "at most this many, default 100") @RequestParam(defaultValue = "100") long count) {
        List<String> command = new ArrayList<>(List.of("XPENDING", key, group));
        if (minIdleMs != null) {
            command.addAll(List.of("IDLE", Long.toString(requireNonNegative(minIdleMs, "minIdleMs"))));
        }
        command.addAll(List.of(start == null ? "-" : start, end == null ? "+" : end,
                Long.toString(requirePositive(count, "count"))));
        if (consumer != null) {
            command.add(consumer);
        }
        List<Map<String, Object>> pending = new ArrayList<>();
        for (Object item : list(run(command))) {
            List<?> fields = (List<?>) item;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", fields.get(0));
            entry.put("consumer", fields.get(1));
            entry.put("idleMs", fields.get(2));
            entry.put("deliveries", fields.get(3));
            pending.add(entry);
        }
        return Map.of("pending", pending);
    }

    @PostMapping(path = "/groups/{group}/claim", consumes = "application/json")
    @Operation(summary = "Take over entries idle too long (XAUTOCLAIM)",
            description = "Gives `consumer` the group's pending entries idle at least `minIdleMs`, scanning from `start` "
                    + "(default `0-0`) for at most `count` (default 100). `nextStart` continues the scan (`0-0` when "
                    + "done); `deleted` lists pending IDs whose entries no longer exist (dropped from the PEL).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                    @ExampleObject(value = "{\"consumer\": \"worker-2\", \"minIdleMs\": 60000, \"count\": 10}"))),
            responses = {@ApiResponse(responseCode = "200", description = "`{\"nextStart\", \"entries\", \"deleted\"}`"),
                    @ApiResponse(responseCode = "404", description = "no such stream or group (`NOGROUP`)")})
    Map<String, Object> claim(@PathVariable String key, @PathVariable String group, @RequestBody Claim claim) {
        requireName(claim.consumer(), "consumer");
        long minIdle = claim.minIdleMs() == null ? 0 : requireNonNegative(claim.minIdleMs(), "minIdleMs");
        List<String> command = new ArrayList<>(List.of("XAUTOCLAIM", key, group, claim.consumer(), Long.toString(minIdle),
                claim.start() == null || claim.start().isBlank() ? "0-0" : claim.start()));
        if (claim.count() != null) {
            command.addAll(List.of("COUNT", Long.toString(requirePositive(claim.count(), "count"))));
        }
        List<?> reply = list(run(command));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("nextStart", reply.get(0));
        answer.put("entries", entries(reply.get(1)));
        answer.put("deleted", reply.get(2));
        return answer;
    }

    /** BLOCK for a positive {@code waitMs}, capped; nothing (no wait) otherwise. */
    private void addBlock(List<String> command, Long waitMs) {
        if (waitMs == null) {
            return;
        }
        long capped = web.capWait(requireNonNegative(waitMs, "waitMs")).toMillis();
        if (capped > 0) {
            command.addAll(List.of("BLOCK", Long.toString(capped)));
        }
    }

    /** Runs the command; a Redis error becomes its problem (NOGROUP: 404). */
    private Object run(List<String> command) {
        List<byte[]> args = command.stream().map(arg -> arg.getBytes(StandardCharsets.UTF_8)).toList();
        Reply reply = engine.execute(args);
        if (reply instanceof Reply.Error error && error.prefix().equals("NOGROUP")) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOGROUP", error.message());
        }
        if (reply instanceof Reply.Error error && error.prefix().equals("BUSYGROUP")) {
            throw new ApiException(HttpStatus.CONFLICT, "BUSYGROUP", error.message());
        }
        return ReplyEncoding.UTF8.orThrow(reply);
    }

    /** The entries of an XREAD / XREADGROUP reply for one key (nil: none). */
    private static List<Map<String, Object>> streamEntries(Object reply) {
        if (reply == null) {
            return List.of();
        }
        List<?> perKey = (List<?>) ((List<?>) reply).getFirst();
        return entries(perKey.get(1));
    }

    /** {@code [[id, [f, v, …]], …]} as {@code [{"id", "fields": {f: v}}]}. */
    private static List<Map<String, Object>> entries(Object reply) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object item : list(reply)) {
            List<?> entry = (List<?>) item;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", entry.get(0));
            Map<String, Object> fields = null;
            if (entry.get(1) != null) {
                fields = new LinkedHashMap<>();
                List<?> pairs = (List<?>) entry.get(1);
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    fields.put((String) pairs.get(i), pairs.get(i + 1));
                }
            }
            json.put("fields", fields);
            entries.add(json);
        }
        return entries;
    }

    private static List<?> list(Object reply) {
        return reply == null ? List.of() : (List<?>) reply;
    }

    private static void requireName(String value, String name) {
        if (value == null || value.isBlank()) {
            throw invalid(name + " must not be blank");
        }
    }

    private static long requireNonNegative(long value, String name) {
        if (value < 0) {
            throw invalid(name + " must be >= 0");
        }
        return value;
    }

    private static long requirePositive(long value, String name) {
        if (value < 1) {
            throw invalid(name + " must be >= 1");
        }
        return value;
    }

    private static ApiException invalid(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, message);
    }
}
