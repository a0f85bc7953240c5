package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/cache/streams against the running application. */
class StreamApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/cache/streams/";

    private String add(String key, String body) {
        HttpResponse<String> response = http.postJson(BASE + key + "/entries", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JsonPath.read(response.body(), "$.id");
    }

    @Test
    void entriesAreAddedAndReadByRangeOrAfterAnId() {
        assertThat(add("api:st:orders", "{\"fields\": {\"item\": \"book\", \"qty\": \"1\"}, \"id\": \"1-1\"}")).isEqualTo("1-1");
        assertThat(add("api:st:orders", "{\"fields\": {\"item\": \"pen\"}, \"id\": \"2-*\"}")).isEqualTo("2-0");
        String generated = add("api:st:orders", "{\"fields\": {\"item\": \"cup\"}}");
        assertThat(generated).matches("\\d+-\\d+");

        String range = http.get(BASE + "api:st:orders/entries?count=2").body();
        assertThat(JsonPath.<List<String>>read(range, "$.entries[*].id")).containsExactly("1-1", "2-0");
        assertThat(JsonPath.<Map<String, String>>read(range, "$.entries[0].fields")).containsEntry("item", "book").containsEntry("qty", "1");
        String exclusive = http.get(BASE + "api:st:orders/entries?start=(1-1&end=2").body();
        assertThat(JsonPath.<List<String>>read(exclusive, "$.entries[*].id")).containsExactly("2-0");
        String after = http.get(BASE + "api:st:orders/entries?after=2-0").body();
        assertThat(JsonPath.<List<String>>read(after, "$.entries[*].id")).containsExactly(generated);

        add("api:st:orders", "{\"fields\": {\"item\": \"hat\"}, \"maxLen\": 2}");
        assertThat(JsonPath.<List<String>>read(http.get(BASE + "api:st:orders/entries").body(), "$.entries[*].fields.item"))
                .containsExactly("cup", "hat");
    }

    @Test
    void aWaitingReadIsServedByTheNextEntryOrAnswersEmptyOnTimeout() throws Exception {
        assertThat(http.get(BASE + "api:st:quiet/entries?after=$&waitMs=50").body()).isEqualTo("{\"entries\":[]}");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpResponse<String>> waiting = pool.submit(() -> http.get(BASE + "api:st:live/entries?after=0-0&waitMs=20000"));
            add("api:st:live", "{\"fields\": {\"event\": \"started\"}, \"id\": \"5-0\"}");
            HttpResponse<String> response = waiting.get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<List<String>>read(response.body(), "$.entries[*].id")).containsExactly("5-0");
        }
    }

    @Test
    void consumerGroupsReadAcknowledgeListPendingAndClaim() throws Exception {
        HttpResponse<String> created = http.postJson(BASE + "api:st:jobs/groups", "{\"group\": \"workers\", \"startId\": \"0\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(http.postJson(BASE + "api:st:jobs/groups", "{\"group\": \"workers\"}").statusCode()).isEqualTo(409);
        add("api:st:jobs", "{\"fields\": {\"job\": \"a\"}, \"id\": \"1-0\"}");
        add("api:st:jobs", "{\"fields\": {\"job\": \"b\"}, \"id\": \"2-0\"}");

        String read = http.postJson(BASE + "api:st:jobs/groups/workers/read", "{\"consumer\": \"w1\", \"count\": 1}").body();
        assertThat(JsonPath.<List<String>>read(read, "$.entries[*].fields.job")).containsExactly("a");
        String pending = http.get(BASE + "api:st:jobs/groups/workers/pending").body();
        assertThat(JsonPath.<List<String>>read(pending, "$.pending[*].consumer")).containsExactly("w1");
        assertThat(JsonPath.<Integer>read(pending, "$.pending[0].deliveries")).isEqualTo(1);

        String claimed = http.postJson(BASE + "api:st:jobs/groups/workers/claim", "{\"consumer\": \"w2\", \"minIdleMs\": 0}").body();
        assertThat(JsonPath.<String>read(claimed, "$.nextStart")).isEqualTo("0-0");
        assertThat(JsonPath.<List<String>>read(claimed, "$.entries[*].id")).containsExactly("1-0");
        assertThat(JsonPath.<List<String>>read(claimed, "$.deleted")).isEmpty();

        String acked = http.postJson(BASE + "api:st:jobs/groups/workers/ack", "{\"ids\": [\"1-0\", \"9-0\"]}").body();
        assertThat(acked).isEqualTo("{\"acked\":1}");

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String rest = http.postJson(BASE + "api:st:jobs/groups/workers/read", "{\"consumer\": \"w1\"}").body();
            assertThat(JsonPath.<List<String>>read(rest, "$.entries[*].id")).containsExactly("2-0");
            Future<HttpResponse<String>> waiting = pool.submit(() -> http.postJson(BASE + "api:st:jobs/groups/workers/read",
                    "{\"consumer\": \"w3\", \"waitMs\": 20000}"));
            add("api:st:jobs", "{\"fields\": {\"job\": \"c\"}, \"id\": \"3-0\"}");
            assertThat(JsonPath.<List<String>>read(waiting.get().body(), "$.entries[*].fields.job")).containsExactly("c");
        }
    }

    @Test
    void mistakesAreProblemsWithTheRedisCode() {
        HttpResponse<String> noGroup = http.postJson(BASE + "api:st:none/groups/missing/read", "{\"consumer\": \"c\"}");
        assertThat(noGroup.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(noGroup.body(), "$.code")).isEqualTo("NOGROUP");
        assertThat(http.get(BASE + "api:st:none/groups/missing/pending").statusCode()).isEqualTo(404);

        add("api:st:mistakes", "{\"fields\": {\"f\": \"v\"}, \"id\": \"5-0\"}");
        HttpResponse<String> smaller = http.postJson(BASE + "api:st:mistakes/entries", "{\"fields\": {\"f\": \"v\"}, \"id\": \"4-0\"}");
        assertThat(smaller.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(smaller.body(), "$.code")).isEqualTo("ERR");
        assertThat(JsonPath.<String>read(smaller.body(), "$.detail"))
                .isEqualTo("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        HttpResponse<String> noFields = http.postJson(BASE + "api:st:mistakes/entries", "{\"fields\": {}}");
        assertThat(JsonPath.<String>read(noFields.body(), "$.code")).isEqualTo("INVALID_ARGUMENT");
        HttpResponse<String> badId = http.get(BASE + "api:st:mistakes/entries?start=nope");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(http.get(BASE + "api:st:mistakes/entries?count=0").statusCode()).isEqualTo(400);

        http.postJson("/api/v1/cache/commands", "[\"SET\",\"api:st:string\",\"x\"]");
        HttpResponse<String> wrongType = http.postJson(BASE + "api:st:string/entries", "{\"fields\": {\"f\": \"v\"}}");
        assertThat(wrongType.statusCode()).isEqualTo(409);
        assertThat(JsonPath.<String>read(wrongType.body(), "$.code")).isEqualTo("WRONGTYPE");
        assertThat(JsonPath.<List<String>>read(http.get(BASE + "api:st:mistakes/entries").body(), "$.entries[*].id"))
                .containsExactly("5-0");
    }

    @Test
    void theStreamEndpointsAreInTheOpenApiDocument() {
        String docs = http.get("/v3/api-docs").body();
        assertThat(JsonPath.<String>read(docs, "$.paths['/api/v1/cache/streams/{key}/entries'].post.summary"))
                .isEqualTo("Append an entry (XADD)");
        assertThat(JsonPath.<Object>read(docs, "$.paths['/api/v1/cache/streams/{key}/groups/{group}/read'].post.responses['404']"))
                .isNotNull();
    }
}
