package dev.infraplatform.logbroker.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/topics and /api/v1/producers against the running application. */
class TopicAndRecordApiTest extends RunningPlatformTest {

    private HttpResponse<String> createTopic(String body) {
        return http.postJson("/api/v1/topics", body);
    }

    private HttpResponse<String> produce(String topic, String body) {
        return http.postJson("/api/v1/topics/" + topic + "/records", body);
    }

    @Test
    void topicsAreCreatedDescribedListedGrownAndDeleted() {
        HttpResponse<String> created = createTopic("{\"name\": \"api.orders\", \"partitions\": 3, \"retentionMs\": 3600000}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JsonPath.<Integer>read(created.body(), "$.config.partitions")).isEqualTo(3);
        assertThat(JsonPath.<Integer>read(created.body(), "$.config.retentionMs")).isEqualTo(3600000);
        assertThat(JsonPath.<List<Integer>>read(created.body(), "$.partitions[*].endOffset")).containsExactly(0, 0, 0);
        assertProblem(createTopic("{\"name\": \"api.orders\", \"partitions\": 1}"), 409, "ALREADY_EXISTS");
        assertProblem(createTopic("{\"name\": \"bad name\"}"), 400, "INVALID_ARGUMENT");
        assertProblem(createTopic("{\"name\": \"api.compacted\", \"cleanupPolicy\": \"compact\"}"), 400, "INVALID_ARGUMENT");
        assertProblem(createTopic("{\"name\": \"api.flush\", \"flush\": \"sometimes\"}"), 400, "INVALID_ARGUMENT");

        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/topics?limit=1000").body(), "$.items[*].name"))
                .contains("api.orders");
        assertProblem(http.patchJson("/api/v1/topics/api.orders", "{\"partitions\": 2}"), 409, "INVALID_PARTITIONS");
        HttpResponse<String> grown = http.patchJson("/api/v1/topics/api.orders", "{\"partitions\": 5}");
        assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
        assertThat(JsonPath.<List<Integer>>read(grown.body(), "$.partitions[*].partition")).containsExactly(0, 1, 2, 3, 4);

        assertThat(http.delete("/api/v1/topics/api.orders").statusCode()).isEqualTo(204);
        assertProblem(http.get("/api/v1/topics/api.orders"), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/topics/api.orders"), 404, "NOT_FOUND");
    }

    @Test
    void producedRecordsAreFetchedWithKeysHeadersAndTimestamps() {
        createTopic("{\"name\": \"api.events\", \"partitions\": 4}");
        HttpResponse<String> produced = produce("api.events", """
                {"acks": "all", "records": [
                  {"key": "user-1", "value": "signed up", "headers": {"source": "web"}, "timestamp": 1600000000000},
                  {"key": "user-1", "value": "logged in", "timestamp": 1700000000000},
                  {"partition": 3, "value": "explicit", "headers": [{"key": "h", "value": "1"}, {"key": "h", "value": null}]}
                ]}""");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        int keyed = Utils.toPositive(Utils.murmur2("user-1".getBytes(StandardCharsets.UTF_8))) % 4;
        assertThat(JsonPath.<List<Integer>>read(produced.body(), "$.offsets[*].partition")).containsExactly(keyed, keyed, 3);
        assertThat(JsonPath.<List<Integer>>read(produced.body(), "$.offsets[*].offset")).containsExactly(0, 1, 0);

        String fetched = http.get("/api/v1/topics/api.events/partitions/" + keyed + "/records?offset=0").body();
        assertThat(JsonPath.<List<String>>read(fetched, "$.records[*].value")).containsExactly("signed up", "logged in");
        assertThat(JsonPath.<List<String>>read(fetched, "$.records[*].key")).containsExactly("user-1", "user-1");
        assertThat(JsonPath.<String>read(fetched, "$.records[0].headers[0].value")).isEqualTo("web");
        assertThat(JsonPath.<Long>read(fetched, "$.records[1].timestamp")).isEqualTo(1700000000000L);
        assertThat(JsonPath.<Integer>read(fetched, "$.highWatermark")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(fetched, "$.nextOffset")).isEqualTo(2);
        String explicit = http.get("/api/v1/topics/api.events/partitions/3/records?offset=0").body();
        assertThat(JsonPath.<List<Object>>read(explicit, "$.records[0].headers[*].value")).containsExactly("1", null);

        String second = http.get("/api/v1/topics/api.events/partitions/" + keyed + "/records?offset=1&maxRecords=1").body();
        assertThat(JsonPath.<List<Integer>>read(second, "$.records[*].offset")).containsExactly(1);
        assertThat(JsonPath.<Integer>read(http.get("/api/v1/topics/api.events/partitions/" + keyed
                + "/offsets?at=1700000000000").body(), "$.offset")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(http.get("/api/v1/topics/api.events/partitions/" + keyed
                + "/offsets?at=earliest").body(), "$.offset")).isEqualTo(0);
        assertThat(JsonPath.<Integer>read(http.get("/api/v1/topics/api.events/partitions/" + keyed
                + "/offsets").body(), "$.offset")).isEqualTo(2);
    }

    @Test
    void badInputIsRefusedAndAppendsNothing() {
        createTopic("{\"name\": \"api.strict\", \"partitions\": 2}");
        assertProblem(produce("api.strict", "{\"records\": []}"), 400, "INVALID_ARGUMENT");
        assertProblem(produce("api.strict", "{\"records\": [{\"value\": \"a\"}, {\"partition\": 9, \"value\": \"b\"}]}"),
                400, "INVALID_ARGUMENT");
        assertProblem(produce("api.strict", "{\"acks\": \"2\", \"records\": [{\"value\": \"a\"}]}"), 400, "INVALID_ARGUMENT");
        assertProblem(produce("api.strict", "{\"encoding\": \"base64\", \"records\": [{\"value\": \"%%%\"}]}"), 400,
                "INVALID_ARGUMENT");
        assertProblem(produce("api.strict", "{\"records\": [{\"value\": \"a\", \"headers\": 5}]}"), 400, "INVALID_ARGUMENT");
        assertProblem(produce("api.strict", "{\"records\": [{\"value\": 5}]}"), 400, "MALFORMED_REQUEST");
        assertProblem(produce("api.strict", "{\"records\": [{\"value\": \"a\", \"partition\": \"one\"}]}"), 400,
                "MALFORMED_REQUEST");
        assertProblem(produce("api.strict", "{\"records\": [null]}"), 400, "INVALID_ARGUMENT");
        assertProblem(produce("api.missing", "{\"records\": [{\"value\": \"a\"}]}"), 404, "NOT_FOUND");
        String topic = http.get("/api/v1/topics/api.strict").body();
        assertThat(JsonPath.<List<Integer>>read(topic, "$.partitions[*].endOffset")).containsExactly(0, 0);

        assertProblem(http.get("/api/v1/topics/api.strict/partitions/0/records?offset=5"), 400, "OFFSET_OUT_OF_RANGE");
        assertProblem(http.get("/api/v1/topics/api.strict/partitions/7/records?offset=0"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/topics/api.strict/partitions/0/offsets?at=yesterday"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void binaryValuesTravelAsBase64AndAreNotMangledAsText() {
        createTopic("{\"name\": \"api.binary\", \"partitions\": 1}");
        HttpResponse<String> produced = produce("api.binary",
                "{\"encoding\": \"base64\", \"records\": [{\"key\": \"AP8=\", \"value\": \"gICA\"}]}");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        assertProblem(http.get("/api/v1/topics/api.binary/partitions/0/records?offset=0"), 406, "NOT_ACCEPTABLE");
        String fetched = http.get("/api/v1/topics/api.binary/partitions/0/records?offset=0&encoding=base64").body();
        assertThat(JsonPath.<String>read(fetched, "$.records[0].key")).isEqualTo("AP8=");
        assertThat(JsonPath.<String>read(fetched, "$.records[0].value")).isEqualTo("gICA");
    }

    @Test
    void valuesNeedingJsonEscapesComeBackExactly() {
        createTopic("{\"name\": \"api.text\", \"partitions\": 1}");
        String tricky = "say \"hi\" \\ tab\t newline\n control\u0001 é 漢字 😀";
        produce("api.text", "{\"records\": [{\"key\": \"k\\\"\", \"value\": "
                + tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(tricky) + "}]}");
        String fetched = http.get("/api/v1/topics/api.text/partitions/0/records?offset=0").body();
        assertThat(JsonPath.<String>read(fetched, "$.records[0].value")).isEqualTo(tricky);
        assertThat(JsonPath.<String>read(fetched, "$.records[0].key")).isEqualTo("k\"");
    }

    @Test
    void acksZeroAnswersWithoutOffsetsAndTheRecordsStillArrive() throws Exception {
        createTopic("{\"name\": \"api.fire\", \"partitions\": 1}");
        HttpResponse<String> produced = produce("api.fire", "{\"acks\": 0, \"records\": [{\"value\": \"a\"}]}");
        assertThat(JsonPath.<List<Integer>>read(produced.body(), "$.offsets[*].offset")).containsExactly(-1);
        String fetched = http.get("/api/v1/topics/api.fire/partitions/0/records?offset=0&waitMs=10000").body();
        assertThat(JsonPath.<List<String>>read(fetched, "$.records[*].value")).containsExactly("a");
    }

    @Test
    void aLongPollFetchIsAnsweredByTheNextProduceOrEmptyOnTimeout() throws Exception {
        createTopic("{\"name\": \"api.tail\", \"partitions\": 1}");
        String quiet = http.get("/api/v1/topics/api.tail/partitions/0/records?offset=0&waitMs=50").body();
        assertThat(JsonPath.<List<Object>>read(quiet, "$.records")).isEmpty();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> waiting = pool.submit(
                    () -> http.get("/api/v1/topics/api.tail/partitions/0/records?offset=0&waitMs=20000"));
            produce("api.tail", "{\"records\": [{\"value\": \"tick\"}]}");
            assertThat(JsonPath.<List<String>>read(waiting.get().body(), "$.records[*].value")).containsExactly("tick");
        }
    }

    @Test
    void idempotentProducersAreDeduplicatedAndFenced() {
        createTopic("{\"name\": \"api.idem\", \"partitions\": 2}");
        HttpResponse<String> init = http.postJson("/api/v1/producers", "");
        assertThat(init.statusCode()).as(init.body()).isEqualTo(201);
        long id = JsonPath.<Number>read(init.body(), "$.producerId").longValue();
        String batch = "{\"producerId\": " + id + ", \"producerEpoch\": 0, \"baseSequence\": 0, "
                + "\"records\": [{\"partition\": 1, \"value\": \"once\"}]}";
        String first = produce("api.idem", batch).body();
        assertThat(produce("api.idem", batch).body()).isEqualTo(first);
        assertProblem(produce("api.idem", batch.replace("\"baseSequence\": 0", "\"baseSequence\": 7")), 409,
                "OUT_OF_ORDER_SEQUENCE");
        HttpResponse<String> bumped = http.postJson("/api/v1/producers",
                "{\"producerId\": " + id + ", \"producerEpoch\": 0}");
        assertThat(JsonPath.<Integer>read(bumped.body(), "$.producerEpoch")).isEqualTo(1);
        assertProblem(produce("api.idem", batch.replace("\"baseSequence\": 0", "\"baseSequence\": 1")), 409,
                "INVALID_PRODUCER_EPOCH");
        assertProblem(produce("api.idem", "{\"producerId\": 99999999, \"producerEpoch\": 0, \"baseSequence\": 0, "
                + "\"records\": [{\"partition\": 1, \"value\": \"x\"}]}"), 409, "UNKNOWN_PRODUCER_ID");
        assertThat(JsonPath.<List<Integer>>read(http.get("/api/v1/topics/api.idem").body(), "$.partitions[*].endOffset"))
                .containsExactly(0, 1);
    }

    @Test
    void theLogBrokerHasItsHealthComponentMetricsAndApiGroup() {
        createTopic("{\"name\": \"api.metered\", \"partitions\": 1}");
        produce("api.metered", "{\"records\": [{\"value\": \"m\"}]}");
        String health = http.get("/actuator/health").body();
        assertThat(JsonPath.<String>read(health, "$.components.logbroker.status")).isEqualTo("UP");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("infra_logbroker_records_in_total{topic=\"api.metered\"} 1.0")
                .contains("infra_logbroker_partition_end_offset{partition=\"0\",topic=\"api.metered\"} 1.0")
                .contains("infra_logbroker_produce_latency_seconds_bucket");
        assertThat(http.get("/v3/api-docs/logbroker").body()).contains("/api/v1/topics/{topic}/records");
    }
}
