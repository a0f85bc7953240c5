package dev.infraplatform.logbroker.api;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.util.List;
import java.util.Map;

/** The JSON shapes of produce and fetch. */
final class RecordDtos {

    private RecordDtos() {
    }

    @Schema(example = """
            {"records": [{"key": "order-42", "value": "{\\"total\\": 99.5}", "headers": {"source": "checkout"}}],
             "acks": "all"}""")
    record ProduceRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<RecordIn> records,
            @Schema(description = "0, 1 or all (also -1); default 1", type = "string", example = "all") Object acks,
            @Schema(description = "idempotent producer id from POST /api/v1/producers") Long producerId,
            @Schema(description = "the producer's epoch") Short producerEpoch,
            @Schema(description = "sequence number of the first record, when all records go to one partition")
            Integer baseSequence,
            @Schema(description = "partition → sequence number of its first record, when records go to several")
            Map<Integer, Integer> baseSequences,
            @Schema(description = "utf8 (default) or base64: how keys, values and header values are given")
            String encoding) {
    }

    @JsonDeserialize(using = RecordReader.class)
    record RecordIn(
            @Schema(description = "the key; records with one key go to one partition (murmur2, as Kafka)") String key,
            @Schema(description = "the value; null is a tombstone") String value,
            @Schema(description = "headers as {\"name\": \"value\"} or [{\"key\": \"name\", \"value\": \"value\"}]")
            Object headers,
            @Schema(description = "an explicit partition") Integer partition,
            @Schema(description = "create time, epoch milliseconds; default now") Long timestamp) {
    }

    record ProduceResponse(List<OffsetOut> offsets) {
    }

    record OffsetOut(int partition, long offset) {
    }

    record FetchResponse(List<RecordOut> records, long highWatermark, long nextOffset, long logStartOffset) {
    }

    record RecordOut(long offset, String key, String value, List<HeaderOut> headers, long timestamp) {
    }

    record HeaderOut(String key, String value) {
    }

    record OffsetsResponse(String topic, int partition, String at, long offset, long startOffset, long endOffset) {
    }
}
