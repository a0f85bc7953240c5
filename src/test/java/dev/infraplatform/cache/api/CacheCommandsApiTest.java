package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/cache/commands and /pipeline against the running application. */
class CacheCommandsApiTest extends RunningPlatformTest {

    @Test
    void repliesAreRespTwoAsJson() {
        assertThat(http.postJson("/api/v1/cache/commands", "[\"SET\",\"api:k\",\"v\",\"EX\",\"60\"]").body())
                .isEqualTo("{\"result\":\"OK\"}");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"GET\",\"api:k\"]").body())
                .isEqualTo("{\"result\":\"v\"}");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"TTL\",\"api:k\"]").body())
                .isEqualTo("{\"result\":60}");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"GET\",\"api:missing\"]").body())
                .isEqualTo("{\"result\":null}");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"MGET\",\"api:k\",\"api:missing\"]").body())
                .isEqualTo("{\"result\":[\"v\",null]}");
    }

    @Test
    void redisErrorsBecomeProblemsWithTheRedisPrefixAsCode() {
        http.postJson("/api/v1/cache/commands", "[\"SET\",\"api:s\",\"text\"]");
        HttpResponse<String> notInteger = http.postJson("/api/v1/cache/commands", "[\"INCR\",\"api:s\"]");
        assertThat(notInteger.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(notInteger.body(), "$.code")).isEqualTo("ERR");
        assertThat(JsonPath.<String>read(notInteger.body(), "$.detail"))
                .isEqualTo("ERR value is not an integer or out of range");
        HttpResponse<String> wrongArity = http.postJson("/api/v1/cache/commands", "[\"GET\"]");
        assertThat(wrongArity.statusCode()).isEqualTo(400);
        HttpResponse<String> empty = http.postJson("/api/v1/cache/commands", "[]");
        assertThat(JsonPath.<String>read(empty.body(), "$.code")).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void commandsAreCountedAndTheCacheHasAHealthComponent() {
        http.postJson("/api/v1/cache/commands", "[\"GET\",\"api:metrics-miss\"]");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("infra_cache_commands_seconds_count{command=\"get\",outcome=\"ok\"}")
                .contains("infra_cache_keyspace_lookups_total{result=\"miss\"}")
                .contains("infra_cache_keys ");
        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(JsonPath.<String>read(health.body(), "$.components.cache.status")).isEqualTo("UP");
    }

    @Test
    void aBlockingPopOverHttpWaitsAtMostTheLongPollCap() {
        // the test application runs with the default cap of 30 s; a short timeout is kept as asked
        HttpResponse<String> response = http.postJson("/api/v1/cache/commands", "[\"BLPOP\",\"api:empty\",\"0.05\"]");
        assertThat(response.body()).isEqualTo("{\"result\":null}");
    }

    @Test
    void pipelinesAnswerEachCommandInOrder() {
        HttpResponse<String> response = http.postJson("/api/v1/cache/pipeline",
                "[[\"SET\",\"api:p\",\"1\"],[\"INCR\",\"api:p\"],[\"INCR\",\"api:p\",\"extra\"],[\"GET\",\"api:p\"]]");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<Object>>read(response.body(), "$.results[*].result")).containsExactly("OK", 2, "2");
        assertThat(JsonPath.<String>read(response.body(), "$.results[2].error.code")).isEqualTo("ERR");
    }

    @Test
    void binaryValuesTravelAsBase64AndAreNeverMangled() {
        // "/w==" is the single byte 0xFF, which is not UTF-8
        http.postJson("/api/v1/cache/commands?encoding=base64", "[\"SET\",\"YXBpOmJpbg==\",\"/w==\"]");
        HttpResponse<String> asText = http.postJson("/api/v1/cache/commands", "[\"GET\",\"api:bin\"]");
        assertThat(asText.statusCode()).isEqualTo(406);
        assertThat(http.postJson("/api/v1/cache/commands?encoding=base64", "[\"GET\",\"YXBpOmJpbg==\"]").body())
                .isEqualTo("{\"result\":\"/w==\"}");
    }
}
