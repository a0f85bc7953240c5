package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.CommitRequest;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.CommitResponse;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.CommittedOut;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.GroupList;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.GroupSummary;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.GroupView;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.HeartbeatResponse;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.JoinRequest;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.MemberResponse;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.MemberView;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.OffsetIn;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.PartitionOffsetView;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.PartitionRef;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.PollRequest;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.PollResponse;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.ResetRequest;
import dev.infraplatform.logbroker.api.ConsumerGroupDtos.ResetResponse;
import dev.infraplatform.logbroker.config.LogBrokerProperties;
import dev.infraplatform.logbroker.group.AutoOffsetReset;
import dev.infraplatform.logbroker.group.CommittedOffset;
import dev.infraplatform.logbroker.group.GroupCoordinator;
import dev.infraplatform.logbroker.group.GroupDescription;
import dev.infraplatform.logbroker.group.GroupListing;
import dev.infraplatform.logbroker.group.MemberAssignment;
import dev.infraplatform.logbroker.group.OffsetCommit;
import dev.infraplatform.logbroker.group.ResetTarget;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import dev.infraplatform.web.WebProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Consumer groups with broker-side assignment (Kafka's consumer group protocol, KIP-848): join,
 * heartbeat, poll, commit, leave; offsets reset, describe with lag, list, delete.
 */
@RestController
@RequestMapping("/api/v1/consumer-groups")
@Tag(name = "Log broker: consumer groups", description = "Kafka-like consumer groups: the broker assigns partitions "
        + "to members, members poll and commit offsets")
class ConsumerGroupController {

    private static final int DEFAULT_MAX_RECORDS = 500;

    private final GroupCoordinator coordinator;
    private final LogBrokerProperties properties;
    private final WebProperties web;

    ConsumerGroupController(GroupCoordinator coordinator, LogBrokerProperties properties, WebProperties web) {
        this.coordinator = coordinator;
        this.properties = properties;
        this.web = web;
    }

    @PostMapping("/{group}/members")
    @Operation(summary = "Join a group",
            description = "Adds a member subscribed to `topics` (the group is created if needed) and answers its "
                    + "`memberId`, `generation` (its member epoch) and the partitions it owns now. The broker "
                    + "assigns partitions (uniform, sticky): each partition to exactly one member, members beyond "
                    + "the partition count stay idle. Other members learn of the new assignment from their next "
                    + "heartbeat or poll, and a partition moves once its previous owner has learnt it lost it, so "
                    + "the new member may get some partitions only then. Heartbeat or poll within "
                    + "`sessionTimeoutMs`, or the member is evicted and its partitions move.",
            responses = {@ApiResponse(responseCode = "201", description = "`{\"memberId\": \"4nDk0zqxR2eJ5uB3hT3yVg\", "
                    + "\"generation\": 1, \"assignments\": [{\"topic\": \"orders\", \"partition\": 0}], "
                    + "\"sessionTimeoutMs\": 45000}`"),
                    @ApiResponse(responseCode = "400", description = "no topics, a bad topic name or group id "
                            + "(`INVALID_ARGUMENT`), a session timeout out of range (`INVALID_ARGUMENT`, kafkaError "
                            + "`INVALID_SESSION_TIMEOUT`)"),
                    @ApiResponse(responseCode = "409", description = "the group is full (`GROUP_MAX_SIZE_REACHED`)")})
    ResponseEntity<MemberResponse> join(@PathVariable String group, @RequestBody JoinRequest request) {
        AutoOffsetReset reset = request.autoOffsetReset() == null ? null : AutoOffsetReset.parse(request.autoOffsetReset());
        MemberAssignment assignment = coordinator.join(group, request.topics(), request.sessionTimeoutMs(), reset);
        return ResponseEntity.created(UriComponentsBuilder.fromPath("/api/v1/consumer-groups/{group}/members/{member}")
                        .buildAndExpand(group, assignment.memberId()).encode().toUri())
                .body(new MemberResponse(assignment.memberId(), assignment.generation(), refs(assignment.assignments()),
                        assignment.sessionTimeoutMs()));
    }

    @PostMapping("/{group}/members/{memberId}/heartbeat")
    @Operation(summary = "Heartbeat",
            description = "Keeps the member alive and answers its current generation and partitions: partitions "
                    + "it lost are gone from the list (stop processing them; their uncommitted work will be "
                    + "redone by the next owner), new ones appear. Commit with the generation answered here.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"memberId\": \"…\", \"generation\": 2, "
                    + "\"assignments\": [{\"topic\": \"orders\", \"partition\": 1}]}`"),
                    @ApiResponse(responseCode = "409", description = "the member left or was evicted "
                            + "(`UNKNOWN_MEMBER_ID`): join again")})
    HeartbeatResponse heartbeat(@PathVariable String group, @PathVariable String memberId) {
        MemberAssignment assignment = coordinator.heartbeat(group, memberId);
        return new HeartbeatResponse(assignment.memberId(), assignment.generation(), refs(assignment.assignments()));
    }

    @PostMapping("/{group}/members/{memberId}/poll")
    @Operation(summary = "Poll records (long poll)",
            description = "Records of the member's partitions, from its position in each: where the group's "
                    + "committed offset is when the partition was given to it (or `autoOffsetReset` without one), "
                    + "then past every record polled, as a Kafka consumer's position. Also a heartbeat. When no "
                    + "partition has a record the call waits up to `waitMs` (capped by `infra.web.max-wait`) for one, "
                    + "or for a change of the assignment, and answers an empty list on timeout. A waiting poll keeps "
                    + "the member alive. Commit `offset + 1` of the last record processed.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"generation\": 2, \"assignments\": "
                    + "[{\"topic\": \"orders\", \"partition\": 0}], \"records\": [{\"topic\": \"orders\", "
                    + "\"partition\": 0, \"offset\": 41, \"key\": \"order-42\", \"value\": \"…\", \"headers\": [], "
                    + "\"timestamp\": 1700000000000}]}`",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = PollResponse.class))),
                    @ApiResponse(responseCode = "400", description = "maxRecords not positive (`INVALID_ARGUMENT`)"),
                    @ApiResponse(responseCode = "406", description = "a record is not UTF-8; poll with "
                            + "`?encoding=base64` (the position does not move)"),
                    @ApiResponse(responseCode = "409", description = "the member left or was evicted "
                            + "(`UNKNOWN_MEMBER_ID`)")})
    PollBody poll(@PathVariable String group, @PathVariable String memberId,
                      @RequestBody(required = false) PollRequest request,
                      @Parameter(description = "utf8 (default) or base64") @RequestParam(required = false) String encoding)
            throws InterruptedException {
        int maxRecords = request == null || request.maxRecords() == null ? DEFAULT_MAX_RECORDS : request.maxRecords();
        if (maxRecords < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "maxRecords must be positive");
        }
        long waitMs = request == null || request.waitMs() == null ? 0 : request.waitMs();
        BinaryEncoding format = BinaryEncoding.of(encoding);
        return coordinator.poll(group, memberId, Math.min(maxRecords, properties.maxFetchRecords()),
                (int) Math.min(Integer.MAX_VALUE, properties.maxFetchBytes().toBytes()), web.capWait(waitMs),
                result -> new PollBody(result, format));
    }

    @DeleteMapping("/{group}/members/{memberId}")
    @Operation(summary = "Leave the group",
            description = "The member's partitions move to the other members at once. Commit before leaving: "
                    + "uncommitted work is redone by the next owner.",
            responses = {@ApiResponse(responseCode = "204", description = "left"),
                    @ApiResponse(responseCode = "409", description = "no such member (`UNKNOWN_MEMBER_ID`)")})
    ResponseEntity<Void> leave(@PathVariable String group, @PathVariable String memberId) {
        coordinator.leave(group, memberId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{group}/offsets")
    @Operation(summary = "Commit offsets",
            description = "Stores, durably before answering, the offset of the next record to process for each "
                    + "partition. Fenced as in Kafka: only the partition's owner, at its current `generation`, may "
                    + "commit. An offset past the partition's log end is refused; one before the log start is "
                    + "accepted (the reset policy applies when the group resumes there). Without `memberId` "
                    + "(generation -1) the commit is a standalone consumer's, accepted only while the group has no "
                    + "members.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"committed\": [{\"topic\": \"orders\", "
                    + "\"partition\": 0, \"offset\": 42, \"metadata\": null}]}`"),
                    @ApiResponse(responseCode = "400", description = "negative or past-the-end offset "
                            + "(`OFFSET_OUT_OF_RANGE`), missing fields (`INVALID_ARGUMENT`), metadata too long "
                            + "(`OFFSET_METADATA_TOO_LARGE`)"),
                    @ApiResponse(responseCode = "404", description = "no such topic or partition (`NOT_FOUND`)"),
                    @ApiResponse(responseCode = "409", description = "stale generation, or a partition the member "
                            + "does not own (`ILLEGAL_GENERATION`); member left or evicted, or a standalone commit "
                            + "to a group with members (`UNKNOWN_MEMBER_ID`)"),
                    @ApiResponse(responseCode = "507", description = "the disk is full; nothing was committed")})
    CommitResponse commit(@PathVariable String group, @RequestBody CommitRequest request) {
        if (request.offsets() == null || request.offsets().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "offsets must not be empty");
        }
        List<OffsetCommit> commits = new ArrayList<>(request.offsets().size());
        for (int i = 0; i < request.offsets().size(); i++) {
            OffsetIn in = request.offsets().get(i);
            if (in == null || in.topic() == null || in.partition() == null || in.offset() == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                        "offsets[" + i + "] needs topic, partition and offset");
            }
            commits.add(new OffsetCommit(in.topic(), in.partition(), in.offset(), in.metadata()));
        }
        boolean standalone = request.memberId() == null || request.memberId().isEmpty();
        if (!standalone && request.generation() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "a member's commit needs its generation");
        }
        int generation = request.generation() == null ? -1 : request.generation();
        return new CommitResponse(out(coordinator.commit(group, request.memberId(), generation, commits)));
    }

    @PostMapping("/{group}/offsets/reset")
    @Operation(summary = "Reset offsets (rewind or skip)",
            description = "Moves the group's committed offsets of `topic` (all partitions, or `partitions`), as "
                    + "`kafka-consumer-groups --reset-offsets`: `to` earliest (log start), latest (log end), "
                    + "offset (`value`, clamped to the log) or timestamp (`value` in epoch ms or ISO-8601: the first "
                    + "record at or after it). Only while the group has no members; creates the group if needed.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"group\": \"billing\", \"topic\": "
                    + "\"orders\", \"offsets\": [{\"topic\": \"orders\", \"partition\": 0, \"offset\": 0}]}`"),
                    @ApiResponse(responseCode = "400", description = "bad `to` or `value` (`INVALID_ARGUMENT`)"),
                    @ApiResponse(responseCode = "404", description = "no such topic or partition (`NOT_FOUND`)"),
                    @ApiResponse(responseCode = "409", description = "the group has members (`NON_EMPTY_GROUP`)")})
    ResetResponse reset(@PathVariable String group, @RequestBody ResetRequest request) {
        if (request.topic() == null || request.topic().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "topic is required");
        }
        ResetTarget target = resetTarget(request);
        List<CommittedOffset> offsets = coordinator.resetOffsets(group, request.topic(), target, request.partitions());
        return new ResetResponse(group, request.topic(), out(offsets));
    }

    private static ResetTarget resetTarget(ResetRequest request) {
        String to = request.to() == null ? "" : request.to().toLowerCase(Locale.ROOT);
        return switch (to) {
            case "earliest" -> new ResetTarget.Earliest();
            case "latest" -> new ResetTarget.Latest();
            case "offset" -> new ResetTarget.ToOffset(number(request.value(), "offset"));
            case "timestamp" -> new ResetTarget.ToTimestamp(timestamp(request.value()));
            default -> throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "to must be earliest, latest, offset or timestamp, not '" + request.to() + "'");
        };
    }

    private static long number(Object value, String what) {
        if (value instanceof Number number && number.longValue() == number.doubleValue()) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                "value must be the " + what + " as a whole number, not " + value);
    }

    private static long timestamp(Object value) {
        if (value instanceof String text && !text.isBlank() && !text.trim().chars().allMatch(Character::isDigit)) {
            try {
                return Instant.parse(text.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                        "value must be epoch milliseconds or an ISO-8601 instant such as 2024-05-01T00:00:00Z, not '"
                                + text + "'");
            }
        }
        return number(value, "timestamp in epoch milliseconds");
    }

    @GetMapping("/{group}")
    @Operation(summary = "Describe a group",
            description = "State (`Empty`, `Reconciling` while partitions move, `Stable`), `generation` (the group "
                    + "epoch), members with their generation, subscription, partitions owned and targeted, and per "
                    + "partition the committed offset, the log end offset and the lag between them.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"group\": \"billing\", \"state\": "
                    + "\"Stable\", \"generation\": 3, \"members\": [{\"memberId\": \"…\", \"generation\": 3, "
                    + "\"topics\": [\"orders\"], \"assignments\": [{\"topic\": \"orders\", \"partition\": 0}], …}], "
                    + "\"offsets\": [{\"topic\": \"orders\", \"partition\": 0, \"committed\": 40, \"endOffset\": 42, "
                    + "\"lag\": 2, \"memberId\": \"…\"}]}`"),
                    @ApiResponse(responseCode = "404", description = "no members and no committed offsets "
                            + "(`NOT_FOUND`)")})
    GroupView describe(@PathVariable String group) {
        GroupDescription d = coordinator.describe(group);
        List<MemberView> members = d.members().stream().map(m -> new MemberView(m.memberId(), m.memberEpoch(),
                m.topics(), refs(m.assignments()), refs(m.targetAssignment()), m.lastHeartbeatMs(),
                m.sessionTimeoutMs(), m.autoOffsetReset(), m.polling())).toList();
        List<PartitionOffsetView> offsets = d.offsets().stream().map(o -> new PartitionOffsetView(o.topic(),
                o.partition(), o.committed(), o.metadata(), o.endOffset(), o.lag(), o.memberId())).toList();
        return new GroupView(d.group(), d.state().displayName(), d.groupEpoch(), members, offsets);
    }

    @GetMapping
    @Operation(summary = "List groups", description = "Groups with members or committed offsets, by id, "
            + "cursor-paginated: pass `nextCursor` as `cursor`.")
    GroupList list(@Parameter(description = "from the previous page's nextCursor") @RequestParam(required = false) String cursor,
                   @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "limit must be 1 to 1000");
        }
        List<GroupSummary> items = new ArrayList<>();
        String next = null;
        for (GroupListing listing : coordinator.listGroups()) {
            if (cursor != null && listing.group().compareTo(cursor) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = items.getLast().group();
                break;
            }
            items.add(new GroupSummary(listing.group(), listing.state().displayName(), listing.groupEpoch(),
                    listing.members()));
        }
        return new GroupList(items, next);
    }

    @DeleteMapping("/{group}")
    @Operation(summary = "Delete a group and its committed offsets", description = "Only a group without members "
            + "(Kafka's DeleteGroups).",
            responses = {@ApiResponse(responseCode = "204", description = "deleted"),
                    @ApiResponse(responseCode = "404", description = "no such group (`NOT_FOUND`)"),
                    @ApiResponse(responseCode = "409", description = "the group has members (`NON_EMPTY_GROUP`)")})
    ResponseEntity<Void> delete(@PathVariable String group) {
        coordinator.deleteGroup(group);
        return ResponseEntity.noContent().build();
    }

    private static List<PartitionRef> refs(List<TopicPartition> partitions) {
        return partitions.stream().map(p -> new PartitionRef(p.topic(), p.partition())).toList();
    }

    private static List<CommittedOut> out(List<CommittedOffset> offsets) {
        return offsets.stream().map(o -> new CommittedOut(o.topic(), o.partition(), o.offset(), o.metadata())).toList();
    }
}
