package dev.infraplatform.logbroker.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/consumer-groups against the running application. */
class ConsumerGroupApiTest extends RunningPlatformTest {

    private static final String GROUPS = "/api/v1/consumer-groups/";

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String topic(int partitions) {
        String name = unique("cg-topic");
        HttpResponse<String> created = http.postJson("/api/v1/topics",
                "{\"name\": \"" + name + "\", \"partitions\": " + partitions + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private void produce(String topic, int partition, String... values) {
        StringBuilder records = new StringBuilder();
        for (String value : values) {
            records.append(records.isEmpty() ? "" : ",").append("{\"value\": \"").append(value)
                    .append("\", \"partition\": ").append(partition).append('}');
        }
        HttpResponse<String> response = http.postJson("/api/v1/topics/" + topic + "/records",
                "{\"records\": [" + records + "], \"acks\": \"all\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String join(String group, String topic, String reset) {
        HttpResponse<String> response = http.postJson(GROUPS + group + "/members",
                "{\"topics\": [\"" + topic + "\"], \"autoOffsetReset\": \"" + reset + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response.body();
    }

    private String poll(String group, String member, long waitMs) {
        HttpResponse<String> response = http.postJson(GROUPS + group + "/members/" + member + "/poll",
                "{\"maxRecords\": 100, \"waitMs\": " + waitMs + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> commit(String group, String member, int generation, String topic, int partition,
                                        long offset) {
        return http.postJson(GROUPS + group + "/offsets", "{\"memberId\": \"" + member + "\", \"generation\": "
                + generation + ", \"offsets\": [{\"topic\": \"" + topic + "\", \"partition\": " + partition
                + ", \"offset\": " + offset + "}]}");
    }

    @Test
    void aMemberJoinsPollsCommitsAndTheGroupShowsItsLag() {
        String topic = topic(2);
        String group = unique("billing");
        produce(topic, 0, "a", "b", "c");

        String joined = join(group, topic, "earliest");
        String member = JsonPath.read(joined, "$.memberId");
        int generation = JsonPath.read(joined, "$.generation");
        assertThat(JsonPath.<List<Integer>>read(joined, "$.assignments[*].partition")).containsExactly(0, 1);

        String polled = poll(group, member, 0);
        assertThat(JsonPath.<List<String>>read(polled, "$.records[*].value")).containsExactly("a", "b", "c");
        assertThat(JsonPath.<List<Integer>>read(polled, "$.records[*].offset")).containsExactly(0, 1, 2);
        assertThat(JsonPath.<List<String>>read(polled, "$.records[*].topic")).containsOnly(topic);
        assertThat(JsonPath.<Integer>read(polled, "$.generation")).isEqualTo(generation);

        HttpResponse<String> committed = commit(group, member, generation, topic, 0, 2);
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(committed.body(), "$.committed[0].offset")).isEqualTo(2);

        String described = http.get(GROUPS + group).body();
        assertThat(JsonPath.<String>read(described, "$.state")).isEqualTo("Stable");
        assertThat(JsonPath.<String>read(described, "$.members[0].memberId")).isEqualTo(member);
        assertThat(JsonPath.<List<Map<String, Object>>>read(described, "$.offsets[?(@.partition == 0)]"))
                .singleElement().satisfies(offset -> {
                    assertThat(offset).containsEntry("committed", 2).containsEntry("endOffset", 3)
                            .containsEntry("lag", 1);
                });
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/consumer-groups?limit=1000").body(), "$.items[*].group"))
                .contains(group);
        assertThat(http.get("/actuator/prometheus").body())
                .contains("infra_logbroker_consumer_lag{group=\"" + group + "\",partition=\"0\",topic=\"" + topic + "\"} 1.0")
                .contains("infra_logbroker_rebalances_total{group=\"" + group + "\"}")
                .contains("infra_logbroker_group_members{group=\"" + group + "\"} 1.0");
    }

    @Test
    void aWaitingPollIsWokenByAProduce() throws Exception {
        String topic = topic(3);
        String group = unique("tail");
        String member = JsonPath.read(join(group, topic, "latest"), "$.memberId");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            Future<String> waiting = pool.submit(() -> poll(group, member, 20_000));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!JsonPath.<Boolean>read(http.get(GROUPS + group).body(), "$.members[0].polling")) {
                assertThat(System.nanoTime()).as("the poll started").isLessThan(deadline);
                Thread.onSpinWait();
            }
            produce(topic, 2, "wake-up");

            String polled = waiting.get(15, TimeUnit.SECONDS);
            assertThat(JsonPath.<List<String>>read(polled, "$.records[*].value")).containsExactly("wake-up");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void staleGenerationsAndUnknownMembersAreFenced() {
        String topic = topic(2);
        String group = unique("fenced");
        produce(topic, 0, "a");
        produce(topic, 1, "b");
        String first = join(group, topic, "earliest");
        String a = JsonPath.read(first, "$.memberId");
        int staleGeneration = JsonPath.read(first, "$.generation");
        join(group, topic, "earliest");
        String heartbeat = http.postJson(GROUPS + group + "/members/" + a + "/heartbeat", "").body();
        int generation = JsonPath.read(heartbeat, "$.generation");
        int owned = JsonPath.read(heartbeat, "$.assignments[0].partition");
        assertThat(generation).isGreaterThan(staleGeneration);

        HttpResponse<String> stale = commit(group, a, staleGeneration, topic, owned, 1);
        assertProblem(stale, 409, "ILLEGAL_GENERATION");
        assertProblem(commit(group, a, generation, topic, 1 - owned, 1), 409, "ILLEGAL_GENERATION");
        assertProblem(commit(group, "nobody", generation, topic, owned, 1), 409, "UNKNOWN_MEMBER_ID");
        assertProblem(http.postJson(GROUPS + group + "/members/nobody/heartbeat", ""), 409, "UNKNOWN_MEMBER_ID");
        assertProblem(commit(group, a, generation, topic, owned, 5), 400, "OFFSET_OUT_OF_RANGE");
        assertThat(commit(group, a, generation, topic, owned, 1).statusCode()).isEqualTo(200);
    }

    @Test
    void offsetsAreResetOnlyWhileTheGroupIsEmpty() {
        String topic = topic(1);
        String group = unique("replay");
        produce(topic, 0, "a", "b", "c");
        String member = JsonPath.read(join(group, topic, "latest"), "$.memberId");

        String reset = "{\"topic\": \"" + topic + "\", \"to\": \"earliest\"}";
        assertProblem(http.postJson(GROUPS + group + "/offsets/reset", reset), 409, "NON_EMPTY_GROUP");
        assertProblem(http.delete(GROUPS + group), 409, "NON_EMPTY_GROUP");
        assertThat(http.delete(GROUPS + group + "/members/" + member).statusCode()).isEqualTo(204);

        HttpResponse<String> done = http.postJson(GROUPS + group + "/offsets/reset", reset);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(done.body(), "$.offsets[0].offset")).isZero();
        String described = http.get(GROUPS + group).body();
        assertThat(JsonPath.<String>read(described, "$.state")).isEqualTo("Empty");
        assertThat(JsonPath.<Integer>read(described, "$.offsets[0].lag")).isEqualTo(3);

        String replayer = JsonPath.read(join(group, topic, "latest"), "$.memberId");
        assertThat(JsonPath.<List<String>>read(poll(group, replayer, 0), "$.records[*].value"))
                .containsExactly("a", "b", "c");
    }

    @Test
    void everyGroupReceivesEveryRecord() {
        String topic = topic(2);
        String billing = unique("billing");
        String shipping = unique("shipping");
        String b = JsonPath.read(join(billing, topic, "earliest"), "$.memberId");
        String s = JsonPath.read(join(shipping, topic, "earliest"), "$.memberId");
        produce(topic, 0, "x");
        produce(topic, 1, "y");

        assertThat(JsonPath.<List<String>>read(poll(billing, b, 0), "$.records[*].value")).containsExactlyInAnyOrder("x", "y");
        assertThat(JsonPath.<List<String>>read(poll(shipping, s, 0), "$.records[*].value")).containsExactlyInAnyOrder("x", "y");
    }

    @Test
    void unknownGroupsBadJoinsAndDeletion() {
        String topic = topic(1);
        String group = unique("short-lived");
        assertProblem(http.get(GROUPS + unique("nobody")), 404, "NOT_FOUND");
        assertProblem(http.postJson(GROUPS + group + "/members", "{\"topics\": []}"), 400, "INVALID_ARGUMENT");
        HttpResponse<String> badTimeout = http.postJson(GROUPS + group + "/members",
                "{\"topics\": [\"" + topic + "\"], \"sessionTimeoutMs\": 5}");
        assertProblem(badTimeout, 400, "INVALID_ARGUMENT");
        assertThat(JsonPath.<String>read(badTimeout.body(), "$.kafkaError")).isEqualTo("INVALID_SESSION_TIMEOUT");

        produce(topic, 0, "a");
        HttpResponse<String> standalone = http.postJson(GROUPS + group + "/offsets", "{\"offsets\": [{\"topic\": \""
                + topic + "\", \"partition\": 0, \"offset\": 1}]}");
        assertThat(standalone.statusCode()).as(standalone.body()).isEqualTo(200);
        assertThat(http.delete(GROUPS + group).statusCode()).isEqualTo(204);
        assertProblem(http.get(GROUPS + group), 404, "NOT_FOUND");
    }

    @Test
    void everyConsumerGroupEndpointIsInTheOpenApiDocument() {
        String docs = http.get("/v3/api-docs").body();
        List<String[]> operations = List.of(
                new String[] {"/api/v1/consumer-groups", "get"},
                new String[] {"/api/v1/consumer-groups/{group}", "get"},
                new String[] {"/api/v1/consumer-groups/{group}", "delete"},
                new String[] {"/api/v1/consumer-groups/{group}/members", "post"},
                new String[] {"/api/v1/consumer-groups/{group}/members/{memberId}", "delete"},
                new String[] {"/api/v1/consumer-groups/{group}/members/{memberId}/heartbeat", "post"},
                new String[] {"/api/v1/consumer-groups/{group}/members/{memberId}/poll", "post"},
                new String[] {"/api/v1/consumer-groups/{group}/offsets", "post"},
                new String[] {"/api/v1/consumer-groups/{group}/offsets/reset", "post"});
        for (String[] operation : operations) {
            assertThat(JsonPath.<String>read(docs, "$.paths['" + operation[0] + "']." + operation[1] + ".summary"))
                    .as("%s %s", operation[1], operation[0]).isNotBlank();
        }
        assertThat(JsonPath.<Object>read(docs,
                "$.paths['/api/v1/consumer-groups/{group}/offsets'].post.responses['409']")).isNotNull();
    }
}
