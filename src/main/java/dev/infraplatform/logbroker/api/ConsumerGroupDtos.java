package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.api.RecordDtos.HeaderOut;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The JSON shapes of consumer groups. */
final class ConsumerGroupDtos {

    private ConsumerGroupDtos() {
    }

    @Schema(example = "{\"topics\": [\"orders\"], \"sessionTimeoutMs\": 45000, \"autoOffsetReset\": \"earliest\"}")
    record JoinRequest(
            @Schema(description = "the topics to consume; topics created later are assigned once they exist")
            List<String> topics,
            @Schema(description = "evicted when silent this long; default infra.logbroker.groups.session-timeout, "
                    + "within min-session-timeout and max-session-timeout") Integer sessionTimeoutMs,
            @Schema(description = "earliest or latest: where to start in a partition without a committed offset; "
                    + "default infra.logbroker.groups.auto-offset-reset") String autoOffsetReset) {
    }

    record PartitionRef(String topic, int partition) {
    }

    record MemberResponse(String memberId, int generation, List<PartitionRef> assignments, int sessionTimeoutMs) {
    }

    record HeartbeatResponse(String memberId, int generation, List<PartitionRef> assignments) {
    }

    @Schema(example = "{\"maxRecords\": 500, \"waitMs\": 5000}")
    record PollRequest(
            @Schema(description = "most records to return (default 500, capped by infra.logbroker.max-fetch-records)")
            Integer maxRecords,
            @Schema(description = "how long to wait for a record when none is ready (default 0, capped by "
                    + "infra.web.max-wait)") Long waitMs) {
    }

    record PolledRecord(String topic, int partition, long offset, String key, String value, List<HeaderOut> headers,
                        long timestamp) {
    }

    record PollResponse(int generation, List<PartitionRef> assignments, List<PolledRecord> records) {
    }

    record OffsetIn(String topic, Integer partition,
                    @Schema(description = "the next record to process: the last processed offset + 1") Long offset,
                    @Schema(description = "free text kept with the offset (at most 4096 characters)") String metadata) {
    }

    @Schema(example = "{\"memberId\": \"4nDk0zqxR2eJ5uB3hT3yVg\", \"generation\": 3, "
            + "\"offsets\": [{\"topic\": \"orders\", \"partition\": 0, \"offset\": 42}]}")
    record CommitRequest(
            @Schema(description = "the committing member; omit (with generation -1 or none) for a standalone "
                    + "consumer's commit, accepted only while the group has no members") String memberId,
            @Schema(description = "the member's current generation, from its last join, heartbeat or poll")
            Integer generation,
            List<OffsetIn> offsets) {
    }

    record CommittedOut(String topic, int partition, long offset, String metadata) {
    }

    record CommitResponse(List<CommittedOut> committed) {
    }

    @Schema(example = "{\"topic\": \"orders\", \"to\": \"earliest\"}")
    record ResetRequest(
            String topic,
            @Schema(description = "earliest, latest, offset or timestamp") String to,
            @Schema(description = "the offset (to=offset) or the time, epoch ms or ISO-8601 (to=timestamp)",
                    type = "string", example = "2024-05-01T00:00:00Z") Object value,
            @Schema(description = "the partitions to reset; default all") List<Integer> partitions) {
    }

    record ResetResponse(String group, String topic, List<CommittedOut> offsets) {
    }

    record MemberView(String memberId, int generation, List<String> topics, List<PartitionRef> assignments,
                      List<PartitionRef> targetAssignment, long lastHeartbeatMs, int sessionTimeoutMs,
                      String autoOffsetReset, boolean polling) {
    }

    record PartitionOffsetView(String topic, int partition, Long committed, String metadata, long endOffset, Long lag,
                               String memberId) {
    }

    record GroupView(String group, String state, int generation, List<MemberView> members,
                     List<PartitionOffsetView> offsets) {
    }

    record GroupSummary(String group, String state, int generation, int members) {
    }

    record GroupList(List<GroupSummary> items, String nextCursor) {
    }
}
