package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** /keys and /strings against the running application. */
class KeyAndStringApiTest extends RunningPlatformTest {

    private TypedApi api;

    @BeforeEach
    void api() {
        api = new TypedApi(http);
    }

    @Test
    void aKeyWithASlashTravelsEncodedInThePath() {
        assertThat(http.putJson("/api/v1/cache/strings/ks%2Fuser%2F42", "{\"value\":\"ann\"}").body())
                .isEqualTo("{\"set\":true}");
        assertThat(http.get("/api/v1/cache/strings/ks%2Fuser%2F42").body()).isEqualTo("{\"value\":\"ann\"}");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"GET\",\"ks/user/42\"]").body()).contains("ann");
    }

    @Test
    void stringsAreSetWithOptionsReadAndIncremented() {
        assertThat(http.putJson("/api/v1/cache/strings/ks:s", "{\"value\":\"v1\",\"ttlMs\":60000}").body()).isEqualTo("{\"set\":true}");
        assertThat(http.putJson("/api/v1/cache/strings/ks:s", "{\"value\":\"v2\",\"ifAbsent\":true}").body()).isEqualTo("{\"set\":false}");
        assertThat(http.putJson("/api/v1/cache/strings/ks:none", "{\"value\":\"v\",\"ifPresent\":true}").body()).isEqualTo("{\"set\":false}");
        assertThat(http.get("/api/v1/cache/strings/ks:s").body()).isEqualTo("{\"value\":\"v1\"}");
        assertProblem(http.get("/api/v1/cache/strings/ks:none"), 404, "NOT_FOUND");

        assertThat(http.postJson("/api/v1/cache/strings/ks:n/increment", "{\"by\":5}").body()).isEqualTo("{\"value\":5}");
        assertThat(http.postJson("/api/v1/cache/strings/ks:n/increment", "{}").body()).isEqualTo("{\"value\":6}");
        assertThat(http.postJson("/api/v1/cache/strings/ks:n/increment", "{\"by\":0.5}").body()).isEqualTo("{\"value\":6.5}");
        assertProblem(http.postJson("/api/v1/cache/strings/ks:s/increment", "{\"by\":1}"), 400, "ERR");

        // base64 values both ways: 0xFF is not UTF-8
        http.putJson("/api/v1/cache/strings/ks:bin?encoding=base64", "{\"value\":\"/w==\"}");
        assertThat(http.get("/api/v1/cache/strings/ks:bin?encoding=base64").body()).isEqualTo("{\"value\":\"/w==\"}");
        assertProblem(http.get("/api/v1/cache/strings/ks:bin"), 406, "NOT_ACCEPTABLE");
    }

    @Test
    void badStringRequestsAndWrongTypesAreProblems() {
        api.command("[\"RPUSH\",\"ks:list\",\"x\"]");
        assertProblem(http.get("/api/v1/cache/strings/ks:list"), 409, "WRONGTYPE");
        assertProblem(http.putJson("/api/v1/cache/strings/ks:x", "{}"), 400, "INVALID_ARGUMENT");
        assertProblem(http.putJson("/api/v1/cache/strings/ks:x", "{\"value\":\"v\",\"ifAbsent\":true,\"ifPresent\":true}"),
                400, "INVALID_ARGUMENT");
        assertProblem(http.putJson("/api/v1/cache/strings/ks:x", "{\"value\":\"v\",\"ttlMs\":0}"), 400, "INVALID_ARGUMENT");
        assertProblem(http.putJson("/api/v1/cache/strings/ks:x", "not json"), 400, "MALFORMED_REQUEST");
        assertProblem(http.postJson("/api/v1/cache/strings/ks:x/increment", "{\"by\":\"ten\"}"), 400, "ERR");
        assertThat(api.command("[\"EXISTS\",\"ks:x\"]")).isEqualTo("{\"result\":0}");
    }

    @Test
    void keysDescribeTheirTypeAndTtlAndCanBeExpiredPersistedAndDeleted() {
        api.command("[\"SADD\",\"ks:set\",\"a\"]");
        HttpResponse<String> described = http.get("/api/v1/cache/keys/ks:set");
        assertThat(described.body()).isEqualTo("{\"key\":\"ks:set\",\"type\":\"set\",\"ttlMs\":null}");
        assertThat(http.putJson("/api/v1/cache/keys/ks:set/ttl", "{\"ttlMs\":60000}").statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(http.get("/api/v1/cache/keys/ks:set").body(), "$.ttlMs")).isBetween(1, 60000);
        assertThat(http.delete("/api/v1/cache/keys/ks:set/ttl").body()).isEqualTo("{\"key\":\"ks:set\",\"persisted\":true}");
        assertThat(api.command("[\"TTL\",\"ks:set\"]")).isEqualTo("{\"result\":-1}");
        assertThat(http.delete("/api/v1/cache/keys/ks:set").body()).isEqualTo("{\"deleted\":true}");
        assertThat(http.delete("/api/v1/cache/keys/ks:set").body()).isEqualTo("{\"deleted\":false}");

        assertProblem(http.get("/api/v1/cache/keys/ks:set"), 404, "NOT_FOUND");
        assertProblem(http.putJson("/api/v1/cache/keys/ks:set/ttl", "{\"ttlMs\":1000}"), 404, "NOT_FOUND");
        assertProblem(http.delete("/api/v1/cache/keys/ks:set/ttl"), 404, "NOT_FOUND");
        assertProblem(http.putJson("/api/v1/cache/keys/ks:set/ttl", "{\"ttlMs\":-5}"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void scanningPagesThroughEveryMatchingKeyWithACursor() {
        for (int i = 0; i < 25; i++) {
            api.command("[\"SET\",\"scan:item:" + i + "\",\"x\"]");
        }
        api.command("[\"SET\",\"scan:other\",\"x\"]");
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int pages = 0;
        do {
            HttpResponse<String> page = http.get("/api/v1/cache/keys?match=scan:item:*&count=10&cursor=" + cursor);
            assertThat(page.statusCode()).isEqualTo(200);
            seen.addAll(JsonPath.read(page.body(), "$.items"));
            cursor = JsonPath.read(page.body(), "$.nextCursor");
            pages++;
        } while (cursor != null && pages < 10_000);
        assertThat(seen).doesNotContain("scan:other").hasSize(25).doesNotHaveDuplicates();
        assertProblem(http.get("/api/v1/cache/keys?cursor=banana"), 400, "ERR");
        assertProblem(http.get("/api/v1/cache/keys?count=0"), 400, "INVALID_ARGUMENT");
    }
}
