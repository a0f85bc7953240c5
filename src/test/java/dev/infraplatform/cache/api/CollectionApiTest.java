package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** /hashes, /lists, /sets, /zsets and /info against the running application. */
class CollectionApiTest extends RunningPlatformTest {

    private TypedApi api;

    @BeforeEach
    void api() {
        api = new TypedApi(http);
    }

    @Test
    void hashesSetGetIncrementAndDeleteFields() {
        assertThat(http.putJson("/api/v1/cache/hashes/col:h", "{\"fields\":{\"name\":\"Alice\",\"age\":\"41\"}}").body())
                .isEqualTo("{\"added\":2}");
        assertThat(JsonPath.<Map<String, Object>>read(http.get("/api/v1/cache/hashes/col:h").body(), "$.fields"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("name", "Alice", "age", "41"));
        assertThat(http.get("/api/v1/cache/hashes/col:h/fields/name").body()).isEqualTo("{\"value\":\"Alice\"}");
        assertThat(http.postJson("/api/v1/cache/hashes/col:h/fields/age/increment", "{\"by\":1}").body())
                .isEqualTo("{\"value\":42}");
        assertThat(http.putJson("/api/v1/cache/hashes/col:h/fields/city", "{\"value\":\"Oslo\"}").body()).isEqualTo("{\"created\":true}");
        assertThat(http.delete("/api/v1/cache/hashes/col:h/fields/city").body()).isEqualTo("{\"deleted\":true}");
        assertProblem(http.get("/api/v1/cache/hashes/col:h/fields/city"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/cache/hashes/col:none"), 404, "NOT_FOUND");
        assertProblem(http.postJson("/api/v1/cache/hashes/col:h/fields/name/increment", "{\"by\":1}"), 400, "ERR");
        assertProblem(http.putJson("/api/v1/cache/hashes/col:h", "{\"fields\":{}}"), 400, "INVALID_ARGUMENT");
        api.command("[\"SET\",\"col:str\",\"x\"]");
        assertProblem(http.get("/api/v1/cache/hashes/col:str"), 409, "WRONGTYPE");
        assertProblem(http.putJson("/api/v1/cache/hashes/col:str", "{\"fields\":{\"a\":\"b\"}}"), 409, "WRONGTYPE");
    }

    @Test
    void listsPushPopRangeAndTrim() {
        assertThat(http.postJson("/api/v1/cache/lists/col:l/push", "{\"values\":[\"a\",\"b\",\"c\"]}").body())
                .isEqualTo("{\"length\":3}");
        assertThat(http.postJson("/api/v1/cache/lists/col:l/push", "{\"values\":[\"z\"],\"end\":\"left\"}").body())
                .isEqualTo("{\"length\":4}");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/cache/lists/col:l").body(), "$.values"))
                .containsExactly("z", "a", "b", "c");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/cache/lists/col:l?start=1&stop=-2").body(), "$.values"))
                .containsExactly("a", "b");
        assertThat(http.postJson("/api/v1/cache/lists/col:l/pop", "{\"end\":\"right\",\"count\":2}").body())
                .isEqualTo("{\"values\":[\"c\",\"b\"]}");
        assertThat(http.postJson("/api/v1/cache/lists/col:l/trim", "{\"start\":0,\"stop\":0}").body()).isEqualTo("{\"length\":1}");
        assertThat(http.postJson("/api/v1/cache/lists/col:l/pop", "{}").body()).isEqualTo("{\"values\":[\"z\"]}");
        assertThat(http.postJson("/api/v1/cache/lists/col:l/pop", "{}").body()).isEqualTo("{\"values\":[]}");
        assertProblem(http.get("/api/v1/cache/lists/col:l"), 404, "NOT_FOUND");
        assertProblem(http.postJson("/api/v1/cache/lists/col:l/push", "{\"values\":[\"a\"],\"end\":\"middle\"}"),
                400, "INVALID_ARGUMENT");
        assertProblem(http.postJson("/api/v1/cache/lists/col:l/pop", "{\"count\":0}"), 400, "INVALID_ARGUMENT");
        api.command("[\"SET\",\"col:str2\",\"x\"]");
        assertProblem(http.postJson("/api/v1/cache/lists/col:str2/push", "{\"values\":[\"a\"]}"), 409, "WRONGTYPE");
    }

    @Test
    void aPopWithWaitMsIsServedByALaterPushAndOtherwiseAnswersAnEmptyList() throws Exception {
        assertThat(http.postJson("/api/v1/cache/lists/col:wait-empty/pop", "{\"waitMs\":50}").body())
                .isEqualTo("{\"values\":[]}");
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(
                () -> http.postJson("/api/v1/cache/lists/col:queue/pop", "{\"end\":\"left\",\"waitMs\":20000}"));
        // the pusher retries until the waiting pop has taken the value: no sleeping on a guess
        while (!waiting.isDone()) {
            http.postJson("/api/v1/cache/lists/col:queue/push", "{\"values\":[\"job\"]}");
            try {
                waiting.get(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillWaiting) {
                // push again
            }
        }
        assertThat(waiting.get().body()).isEqualTo("{\"values\":[\"job\"]}");
    }

    @Test
    void setsAddCheckRemoveAndCombine() {
        assertThat(http.postJson("/api/v1/cache/sets/col:s1/members", "{\"members\":[\"a\",\"b\",\"c\"]}").body())
                .isEqualTo("{\"added\":3}");
        http.postJson("/api/v1/cache/sets/col:s2/members", "{\"members\":[\"b\",\"c\",\"d\"]}");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/cache/sets/col:s1").body(), "$.members"))
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(http.get("/api/v1/cache/sets/col:s1/members/a").body()).isEqualTo("{\"isMember\":true}");
        assertThat(http.delete("/api/v1/cache/sets/col:s1/members/a").body()).isEqualTo("{\"removed\":true}");
        assertThat(http.get("/api/v1/cache/sets/col:s1/members/a").body()).isEqualTo("{\"isMember\":false}");
        assertThat(JsonPath.<List<String>>read(http.postJson("/api/v1/cache/sets/union",
                "{\"keys\":[\"col:s1\",\"col:s2\"]}").body(), "$.members")).containsExactlyInAnyOrder("b", "c", "d");
        assertThat(JsonPath.<List<String>>read(http.postJson("/api/v1/cache/sets/difference",
                "{\"keys\":[\"col:s2\",\"col:s1\"]}").body(), "$.members")).containsExactly("d");
        assertThat(http.postJson("/api/v1/cache/sets/intersection",
                "{\"keys\":[\"col:s1\",\"col:s2\"],\"storeAs\":\"col:both\"}").body()).isEqualTo("{\"stored\":2}");
        assertThat(api.command("[\"SCARD\",\"col:both\"]")).isEqualTo("{\"result\":2}");
        assertProblem(http.postJson("/api/v1/cache/sets/union", "{\"keys\":[]}"), 400, "INVALID_ARGUMENT");
        assertProblem(http.get("/api/v1/cache/sets/col:none"), 404, "NOT_FOUND");
        api.command("[\"SET\",\"col:str3\",\"x\"]");
        assertProblem(http.postJson("/api/v1/cache/sets/union", "{\"keys\":[\"col:s1\",\"col:str3\"]}"), 409, "WRONGTYPE");
    }

    @Test
    void sortedSetsAddRangeScoreRankAndIncrement() {
        assertThat(http.postJson("/api/v1/cache/zsets/col:z/members",
                "{\"members\":[{\"member\":\"alice\",\"score\":10},{\"member\":\"bob\",\"score\":20.5},"
                        + "{\"member\":\"carol\",\"score\":30}]}").body()).isEqualTo("{\"added\":3}");
        assertThat(http.postJson("/api/v1/cache/zsets/col:z/members",
                "{\"members\":[{\"member\":\"alice\",\"score\":5}],\"gt\":true,\"ch\":true}").body()).isEqualTo("{\"added\":0}");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/cache/zsets/col:z").body(), "$.members"))
                .containsExactly("alice", "bob", "carol");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/cache/zsets/col:z?order=desc&start=0&stop=1").body(),
                "$.members")).containsExactly("carol", "bob");
        String byScore = http.get("/api/v1/cache/zsets/col:z?byScore=true&min=(10&max=%2Binf&withScores=true").body();
        assertThat(byScore).isEqualTo("{\"members\":[{\"member\":\"bob\",\"score\":20.5},{\"member\":\"carol\",\"score\":30}]}");
        assertThat(JsonPath.<List<String>>read(http.get("/api/v1/cache/zsets/col:z?byScore=true&order=desc&count=1").body(),
                "$.members")).containsExactly("carol");
        assertThat(http.get("/api/v1/cache/zsets/col:z/members/bob").body()).isEqualTo("{\"score\":20.5}");
        assertThat(http.get("/api/v1/cache/zsets/col:z/members/bob/rank").body()).isEqualTo("{\"rank\":1}");
        assertThat(http.get("/api/v1/cache/zsets/col:z/members/alice/rank?order=desc").body()).isEqualTo("{\"rank\":2}");
        assertThat(http.postJson("/api/v1/cache/zsets/col:z/members/alice/increment", "{\"by\":2.5}").body())
                .isEqualTo("{\"score\":12.5}");
        assertProblem(http.get("/api/v1/cache/zsets/col:z/members/dave"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/cache/zsets/col:z/members/dave/rank"), 404, "NOT_FOUND");
        assertProblem(http.get("/api/v1/cache/zsets/col:none"), 404, "NOT_FOUND");
        assertProblem(http.postJson("/api/v1/cache/zsets/col:z/members",
                "{\"members\":[{\"member\":\"x\",\"score\":\"lots\"}]}"), 400, "ERR");
        assertProblem(http.postJson("/api/v1/cache/zsets/col:z/members",
                "{\"members\":[{\"member\":\"x\",\"score\":1}],\"nx\":true,\"gt\":true}"), 400, "ERR");
        assertProblem(http.get("/api/v1/cache/zsets/col:z?order=sideways"), 400, "INVALID_ARGUMENT");
        api.command("[\"SET\",\"col:str4\",\"x\"]");
        assertProblem(http.get("/api/v1/cache/zsets/col:str4"), 409, "WRONGTYPE");
    }

    @Test
    void infoIsJsonBySection() {
        HttpResponse<String> info = http.get("/api/v1/cache/info");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(info.body(), "$.server.redis_version")).isNotBlank();
        assertThat(JsonPath.<Object>read(info.body(), "$.stats.keyspace_hits")).isInstanceOf(Integer.class);
        HttpResponse<String> stats = http.get("/api/v1/cache/info?section=stats");
        assertThat(JsonPath.<Map<String, Object>>read(stats.body(), "$")).containsOnlyKeys("stats");
    }

    @Test
    void theTypedEndpointsAreInTheOpenApiDocument() {
        String docs = http.get("/v3/api-docs").body();
        for (String path : List.of("/api/v1/cache/keys", "/api/v1/cache/keys/{key}/ttl", "/api/v1/cache/strings/{key}/increment",
                "/api/v1/cache/hashes/{key}/fields/{field}", "/api/v1/cache/lists/{key}/pop", "/api/v1/cache/sets/{key}",
                "/api/v1/cache/zsets/{key}/members/{member}/rank", "/api/v1/cache/info", "/api/v1/cache/transaction",
                "/api/v1/cache/watch", "/api/v1/cache/channels/{channel}/messages", "/api/v1/cache/locks/{name}",
                "/api/v1/cache/rate-limits/{key}")) {
            assertThat(JsonPath.<Map<String, Object>>read(docs, "$.paths['" + path + "']")).as(path).isNotEmpty();
        }
        assertThat(JsonPath.<String>read(docs, "$.paths['/api/v1/cache/locks/{name}'].post.summary")).contains("SET");
    }
}
