package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/cache/watch and /transaction against the running application. */
class TransactionApiTest extends RunningPlatformTest {

    @Test
    void aTransactionAnswersEachReplyAndKeepsGoingAfterAnError() {
        http.postJson("/api/v1/cache/commands", "[\"SET\",\"tx:text\",\"abc\"]");
        HttpResponse<String> response = http.postJson("/api/v1/cache/transaction",
                "[[\"SET\",\"tx:a\",\"1\"],[\"INCR\",\"tx:text\"],[\"INCR\",\"tx:a\"]]");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(response.body(), "$.aborted")).isFalse();
        assertThat(JsonPath.<Object>read(response.body(), "$.results[0].result")).isEqualTo("OK");
        assertThat(JsonPath.<String>read(response.body(), "$.results[1].error.code")).isEqualTo("ERR");
        assertThat(JsonPath.<Object>read(response.body(), "$.results[2].result")).isEqualTo(2);
    }

    @Test
    void anUnknownCommandDiscardsEverything() {
        HttpResponse<String> response = http.postJson("/api/v1/cache/transaction",
                "{\"commands\": [[\"SET\",\"tx:never\",\"1\"],[\"NOSUCH\"]]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo("EXECABORT");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"EXISTS\",\"tx:never\"]").body())
                .isEqualTo("{\"result\":0}");
    }

    @Test
    void aWatchedKeyChangedInBetweenAbortsTheTransaction() {
        http.postJson("/api/v1/cache/commands", "[\"SET\",\"tx:balance\",\"100\"]");
        String token = JsonPath.read(http.postJson("/api/v1/cache/watch", "{\"keys\": [\"tx:balance\"]}").body(), "$.token");
        HttpResponse<String> untouched = http.postJson("/api/v1/cache/transaction",
                "{\"watch\": \"" + token + "\", \"commands\": [[\"DECRBY\",\"tx:balance\",\"10\"]]}");
        assertThat(JsonPath.<List<Object>>read(untouched.body(), "$.results[*].result")).containsExactly(90);

        String second = JsonPath.read(http.postJson("/api/v1/cache/watch", "{\"keys\": [\"tx:balance\"]}").body(), "$.token");
        http.postJson("/api/v1/cache/commands", "[\"SET\",\"tx:balance\",\"5\"]");
        HttpResponse<String> aborted = http.postJson("/api/v1/cache/transaction",
                "{\"watch\": {\"token\": \"" + second + "\"}, \"commands\": [[\"DECRBY\",\"tx:balance\",\"10\"]]}");
        assertThat(aborted.statusCode()).isEqualTo(200);
        assertThat(aborted.body()).contains("\"aborted\":true").contains("\"results\":null");
        assertThat(http.postJson("/api/v1/cache/commands", "[\"GET\",\"tx:balance\"]").body()).isEqualTo("{\"result\":\"5\"}");
    }

    @Test
    void malformedBodiesAndTokensAreBadRequests() {
        assertThat(http.postJson("/api/v1/cache/transaction", "{\"commands\": 3}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/api/v1/cache/transaction", "[[1, 2]]").statusCode()).isEqualTo(400);
        HttpResponse<String> badToken = http.postJson("/api/v1/cache/transaction",
                "{\"watch\": \"not-a-token!\", \"commands\": []}");
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(badToken.body(), "$.code")).isEqualTo("INVALID_ARGUMENT");
        assertThat(http.postJson("/api/v1/cache/watch", "{\"keys\": []}").statusCode()).isEqualTo(400);
    }
}
