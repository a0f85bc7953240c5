package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.logbroker.api.RecordDtos.FetchResponse;
import dev.infraplatform.logbroker.api.RecordDtos.OffsetOut;
import dev.infraplatform.logbroker.api.RecordDtos.OffsetsResponse;
import dev.infraplatform.logbroker.api.RecordDtos.ProduceRequest;
import dev.infraplatform.logbroker.api.RecordDtos.ProduceResponse;
import dev.infraplatform.logbroker.api.RecordDtos.RecordIn;
import dev.infraplatform.logbroker.config.LogBrokerProperties;
import dev.infraplatform.logbroker.engine.Acks;
import dev.infraplatform.logbroker.engine.FetchResult;
import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.OffsetSpec;
import dev.infraplatform.logbroker.engine.ProduceRecord;
import dev.infraplatform.logbroker.engine.ProduceResult;
import dev.infraplatform.logbroker.engine.ProducerBatch;
import dev.infraplatform.logbroker.engine.RecordHeader;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import dev.infraplatform.web.WebProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
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

/** Produce, fetch and list offsets: Kafka's Produce, Fetch and ListOffsets over REST. */
@RestController
@RequestMapping("/api/v1/topics/{topic}")
@Tag(name = "Log broker: records", description = "Kafka-like produce, fetch (long poll) and offsets")
class RecordController {

    private final LogBroker broker;
    private final LogBrokerProperties properties;
    private final WebProperties web;

    RecordController(LogBroker broker, LogBrokerProperties properties, WebProperties web) {
        this.broker = broker;
        this.properties = properties;
        this.web = web;
    }

    @PostMapping("/records")
    @Operation(summary = "Produce records",
            description = "Appends the records and answers their partition and offset in request order. A record "
                    + "goes to its `partition` if given, else to `toPositive(murmur2(key)) % partitions` (Kafka's "
                    + "default partitioner), else all unkeyed records of a request go to one partition, rotating "
                    + "per request. `acks`: 0 answers at once (offsets -1), 1 once the records are in the log, all "
                    + "once they are durable under the topic's flush policy (on one node 1 and all wait alike). "
                    + "With `producerId`, `producerEpoch` and `baseSequence` (or `baseSequences` per partition) the "
                    + "produce is idempotent: a retried batch answers its original offsets and is not appended again.",
            responses = {@ApiResponse(responseCode = "200",
                    description = "`{\"offsets\": [{\"partition\": 0, \"offset\": 41}]}`"),
                    @ApiResponse(responseCode = "400", description = "bad records, partition or acks (`INVALID_ARGUMENT`)"),
                    @ApiResponse(responseCode = "404", description = "no such topic (`NOT_FOUND`)"),
                    @ApiResponse(responseCode = "409", description = "sequence gap (`OUT_OF_ORDER_SEQUENCE`), fenced "
                            + "epoch (`INVALID_PRODUCER_EPOCH`) or unknown producer (`UNKNOWN_PRODUCER_ID`)"),
                    @ApiResponse(responseCode = "413", description = "a batch larger than a partition accepts"),
                    @ApiResponse(responseCode = "507", description = "the disk is full; nothing was appended")})
    ProduceResponse produce(@PathVariable String topic, @RequestBody ProduceRequest request) {
        if (request.records() == null || request.records().isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "records must be a non-empty array of {key?, value, headers?, partition?, timestamp?}");
        }
        BinaryEncoding encoding = BinaryEncoding.of(request.encoding());
        List<ProduceRecord> records = new ArrayList<>(request.records().size());
        for (int i = 0; i < request.records().size(); i++) {
            records.add(toRecord(request.records().get(i), i, encoding));
        }
        Acks acks;
        try {
            acks = Acks.parse(request.acks() == null ? null : String.valueOf(request.acks()));
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, e.getMessage());
        }
        ProducerBatch producer = producerBatch(request);
        ProduceResult result = broker.produce(topic, records, producer == null ? acks : acksForIdempotence(request, acks),
                producer);
        List<OffsetOut> offsets = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            offsets.add(new OffsetOut(result.partitions()[i], result.offsets()[i]));
        }
        return new ProduceResponse(offsets);
    }

    /** Idempotent producers write with acks=all, as Kafka requires; an unset acks means all for them. */
    private static Acks acksForIdempotence(ProduceRequest request, Acks acks) {
        return request.acks() == null ? Acks.ALL : acks;
    }

    private static ProducerBatch producerBatch(ProduceRequest request) {
        if (request.producerId() == null) {
            if (request.producerEpoch() != null || request.baseSequence() != null || request.baseSequences() != null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                        "producerEpoch and baseSequence(s) need a producerId (POST /api/v1/producers)");
            }
            return null;
        }
        if (request.producerEpoch() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "an idempotent produce needs producerEpoch with producerId");
        }
        if (request.baseSequence() != null && request.baseSequences() != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "give either baseSequence or baseSequences, not both");
        }
        return new ProducerBatch(request.producerId(), request.producerEpoch(), request.baseSequence(),
                request.baseSequences());
    }

    private static ProduceRecord toRecord(RecordIn in, int index, BinaryEncoding encoding) {
        String field = "records[" + index + "]";
        if (in == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, field + " is null");
        }
        return new ProduceRecord(in.partition(), encoding.decode(in.key(), field + ".key"),
                encoding.decode(in.value(), field + ".value"), headers(in.headers(), field, encoding), in.timestamp());
    }

    private static List<RecordHeader> headers(Object headers, String field, BinaryEncoding encoding) {
        if (headers == null) {
            return List.of();
        }
        List<RecordHeader> result = new ArrayList<>();
        if (headers instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                result.add(header(entry.getKey(), entry.getValue(), field, encoding));
            }
        } else if (headers instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> pair) || !pair.containsKey("key")) {
                    throw invalidHeaders(field);
                }
                result.add(header(pair.get("key"), pair.get("value"), field, encoding));
            }
        } else {
            throw invalidHeaders(field);
        }
        return result;
    }

    private static RecordHeader header(Object key, Object value, String field, BinaryEncoding encoding) {
        if (!(key instanceof String name) || (value != null && !(value instanceof String))) {
            throw invalidHeaders(field);
        }
        return new RecordHeader(name, encoding.decode((String) value, field + ".headers." + name));
    }

    private static ApiException invalidHeaders(String field) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, field
                + ".headers must be {\"name\": \"value\", …} or [{\"key\": \"name\", \"value\": \"value\"}, …]");
    }

    @GetMapping("/partitions/{partition}/records")
    @Operation(summary = "Fetch records from an offset (long poll)",
            description = "Records of one partition from `offset` on, at most `maxRecords`. When `offset` is the "
                    + "end of the log the call waits up to `waitMs` (capped by `infra.web.max-wait`) for the "
                    + "first record and answers an empty list on timeout. Continue at `nextOffset`.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"records\": [{\"offset\": 0, \"key\": "
                    + "\"order-42\", \"value\": \"…\", \"headers\": [], \"timestamp\": 1700000000000}], "
                    + "\"highWatermark\": 1, \"nextOffset\": 1, \"logStartOffset\": 0}`",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = FetchResponse.class))),
                    @ApiResponse(responseCode = "400", description = "offset outside [log start, end] "
                            + "(`OFFSET_OUT_OF_RANGE`, with `startOffset` and `endOffset`)"),
                    @ApiResponse(responseCode = "404", description = "no such topic or partition (`NOT_FOUND`)"),
                    @ApiResponse(responseCode = "406", description = "a value is not UTF-8; use `?encoding=base64`")})
    FetchBody fetch(@PathVariable String topic, @PathVariable int partition,
                        @Parameter(description = "first offset to read") @RequestParam(defaultValue = "0") long offset,
                        @Parameter(description = "most records to return (capped by infra.logbroker.max-fetch-records)")
                        @RequestParam(defaultValue = "500") int maxRecords,
                        @Parameter(description = "how long to wait for a first record at the log end")
                        @RequestParam(defaultValue = "0") long waitMs,
                        @Parameter(description = "utf8 (default) or base64") @RequestParam(required = false) String encoding)
            throws InterruptedException {
        if (maxRecords < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, "maxRecords must be positive");
        }
        BinaryEncoding format = BinaryEncoding.of(encoding);
        FetchResult result = broker.fetch(topic, partition, offset, Math.min(maxRecords, properties.maxFetchRecords()),
                (int) Math.min(Integer.MAX_VALUE, properties.maxFetchBytes().toBytes()), web.capWait(waitMs));
        return new FetchBody(result, format);
    }

    @GetMapping("/partitions/{partition}/offsets")
    @Operation(summary = "List offsets (earliest, latest or by timestamp)",
            description = "`at=earliest`: the log start offset; `at=latest`: the log end offset (the next record's); "
                    + "`at=<epoch ms>`: the first offset whose record timestamp is at or after it, or the end offset "
                    + "when there is none.",
            responses = {@ApiResponse(responseCode = "200", description = "`{\"topic\": \"orders\", \"partition\": 0, "
                    + "\"at\": \"latest\", \"offset\": 42, \"startOffset\": 0, \"endOffset\": 42}`"),
                    @ApiResponse(responseCode = "400", description = "`at` is not earliest, latest or a timestamp"),
                    @ApiResponse(responseCode = "404", description = "no such topic or partition")})
    OffsetsResponse offsets(@PathVariable String topic, @PathVariable int partition,
                            @Parameter(description = "earliest, latest or a timestamp in epoch milliseconds")
                            @RequestParam(defaultValue = "latest") String at) {
        OffsetSpec spec = parseSpec(at);
        long offset = broker.listOffset(topic, partition, spec);
        var log = broker.partition(topic, partition);
        return new OffsetsResponse(topic, partition, at, offset, log.startOffset(), log.endOffset());
    }

    static OffsetSpec parseSpec(String at) {
        return switch (at) {
            case "earliest" -> new OffsetSpec.Earliest();
            case "latest" -> new OffsetSpec.Latest();
            default -> {
                try {
                    yield new OffsetSpec.ForTimestamp(Long.parseLong(at));
                } catch (NumberFormatException e) {
                    throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                            "at must be earliest, latest or a timestamp in epoch milliseconds, not '" + at + "'");
                }
            }
        };
    }
}
