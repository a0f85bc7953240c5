package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.config.LogBrokerProperties;
import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Partition;
import dev.infraplatform.logbroker.engine.Topic;
import dev.infraplatform.logbroker.engine.TopicConfig;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Topics: create, list, describe, add partitions or change settings, delete. */
@RestController
@RequestMapping("/api/v1/topics")
@Tag(name = "Log broker: topics", description = "Kafka-like topics of partitioned, durable logs")
class TopicController {

    private final LogBroker broker;
    private final LogBrokerProperties properties;

    TopicController(LogBroker broker, LogBrokerProperties properties) {
        this.broker = broker;
        this.properties = properties;
    }

    @Schema(example = "{\"name\": \"orders\", \"partitions\": 3, \"retentionMs\": 604800000}")
    record CreateTopicRequest(@NotBlank @Schema(description = "letters, digits, '.', '_' and '-'; at most 249")
                              String name,
                              @Schema(description = "default infra.logbroker.default-partitions") Integer partitions,
                              @Schema(description = "retention.ms; -1 keeps all") Long retentionMs,
                              @Schema(description = "retention.bytes per partition; -1 no limit") Long retentionBytes,
                              @Schema(description = "segment.bytes") Integer segmentBytes,
                              @Schema(description = "cleanup.policy: delete") String cleanupPolicy,
                              @Schema(description = "always, interval or none") String flush) {
    }

    @Schema(example = "{\"partitions\": 6}")
    record AlterTopicRequest(Integer partitions, Long retentionMs, Long retentionBytes, Integer segmentBytes,
                             String cleanupPolicy, String flush) {
    }

    record ConfigView(int partitions, long retentionMs, long retentionBytes, int segmentBytes, String cleanupPolicy,
                      String flush) {
    }

    record PartitionView(int partition, long startOffset, long endOffset, long sizeBytes, int segments) {
    }

    record TopicView(String name, String topicId, ConfigView config, List<PartitionView> partitions,
                     Instant createdAt) {
    }

    record TopicList(List<TopicView> items, String nextCursor) {
    }

    @PostMapping
    @Operation(summary = "Create a topic",
            responses = {@ApiResponse(responseCode = "201", description = "the topic, as GET /topics/{name} shows it"),
                    @ApiResponse(responseCode = "400", description = "bad name, partitions or setting (`INVALID_ARGUMENT`)"),
                    @ApiResponse(responseCode = "409", description = "a topic of that name exists (`ALREADY_EXISTS`)")})
    ResponseEntity<TopicView> create(@RequestBody CreateTopicRequest request) {
        if (request.name() == null || request.name().isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "name is required");
        }
        TopicConfig config = new TopicConfig(
                orDefault(request.partitions(), properties.defaultPartitions()),
                orDefault(request.retentionMs(), properties.defaultRetention().isNegative() ? -1
                        : properties.defaultRetention().toMillis()),
                orDefault(request.retentionBytes(), properties.defaultRetentionBytes()),
                orDefault(request.segmentBytes(), (int) Math.min(Integer.MAX_VALUE, properties.defaultSegmentBytes().toBytes())),
                orDefault(request.cleanupPolicy(), TopicConfig.CLEANUP_DELETE),
                request.flush() == null ? properties.defaultFlush() : flush(request.flush()));
        Topic topic = broker.createTopic(request.name(), config);
        return ResponseEntity.status(HttpStatus.CREATED).body(view(topic));
    }

    @GetMapping
    @Operation(summary = "List topics", description = "By name, cursor-paginated: pass `nextCursor` as `cursor`.")
    TopicList list(@Parameter(description = "from the previous page's nextCursor") @RequestParam(required = false) String cursor,
                   @Parameter(description = "page size, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "limit must be 1 to 1000");
        }
        List<TopicView> items = new ArrayList<>();
        String next = null;
        for (Topic topic : broker.topics()) {
            if (cursor != null && topic.name().compareTo(cursor) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = items.getLast().name();
                break;
            }
            items.add(view(topic));
        }
        return new TopicList(items, next);
    }

    @GetMapping("/{name}")
    @Operation(summary = "Describe a topic", description = "Settings and, per partition, log start and end offsets, "
            + "bytes and segment files.",
            responses = {@ApiResponse(responseCode = "404", description = "no such topic")})
    TopicView describe(@PathVariable String name) {
        return view(broker.topic(name));
    }

    @PatchMapping("/{name}")
    @Operation(summary = "Add partitions or change settings",
            description = "Partitions can only be added: keyed records may then map to other partitions, as in Kafka. "
                    + "A change of retention, segment size or flush policy reopens the partition logs.",
            responses = {@ApiResponse(responseCode = "400", description = "bad setting"),
                    @ApiResponse(responseCode = "404", description = "no such topic"),
                    @ApiResponse(responseCode = "409", description = "fewer partitions than now (`INVALID_PARTITIONS`)")})
    TopicView alter(@PathVariable String name, @RequestBody AlterTopicRequest request) {
        TopicConfig old = broker.topic(name).config();
        TopicConfig config = new TopicConfig(orDefault(request.partitions(), old.partitions()),
                orDefault(request.retentionMs(), old.retentionMs()), orDefault(request.retentionBytes(), old.retentionBytes()),
                orDefault(request.segmentBytes(), old.segmentBytes()), orDefault(request.cleanupPolicy(), old.cleanupPolicy()),
                request.flush() == null ? old.flush() : flush(request.flush()));
        return view(broker.alterTopic(name, config));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Delete a topic and its data",
            responses = {@ApiResponse(responseCode = "204", description = "deleted"),
                    @ApiResponse(responseCode = "404", description = "no such topic")})
    ResponseEntity<Void> delete(@PathVariable String name) {
        broker.deleteTopic(name);
        return ResponseEntity.noContent().build();
    }

    private static Durability flush(String value) {
        try {
            return Durability.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "flush must be always, interval or none, not '" + value + "'");
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    static TopicView view(Topic topic) {
        TopicConfig c = topic.config();
        List<PartitionView> partitions = new ArrayList<>();
        for (Partition partition : topic.partitions()) {
            AppendLogStats stats = partition.stats();
            partitions.add(new PartitionView(partition.index(), stats.startOffset(), stats.endOffset(),
                    stats.sizeBytes(), stats.segments()));
        }
        return new TopicView(topic.name(), topic.definition().topicId(),
                new ConfigView(c.partitions(), c.retentionMs(), c.retentionBytes(), c.segmentBytes(), c.cleanupPolicy(),
                        c.flush().name().toLowerCase(Locale.ROOT)),
                partitions, topic.definition().createdAt());
    }
}
