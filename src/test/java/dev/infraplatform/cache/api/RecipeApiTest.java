package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** /locks and /rate-limits against the running application. */
class RecipeApiTest extends RunningPlatformTest {

    @Test
    void aLockIsAcquiredOnceAndReleasedOnlyByItsOwner() {
        HttpResponse<String> acquired = http.postJson("/api/v1/cache/locks/api-job", "{\"owner\":\"alice\",\"ttlMs\":60000}");
        assertThat(acquired.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(acquired.body(), "$.acquired")).isTrue();

        HttpResponse<String> held = http.postJson("/api/v1/cache/locks/api-job", "{\"owner\":\"bob\",\"ttlMs\":60000}");
        assertThat(held.statusCode()).isEqualTo(409);
        assertThat(JsonPath.<String>read(held.body(), "$.code")).isEqualTo("LOCK_HELD");
        assertThat(JsonPath.<Integer>read(held.body(), "$.retryAfterMs")).isPositive();

        assertThat(JsonPath.<String>read(http.delete("/api/v1/cache/locks/api-job?owner=bob").body(), "$.code"))
                .isEqualTo("NOT_LOCK_OWNER");
        assertThat(http.putJson("/api/v1/cache/locks/api-job", "{\"owner\":\"bob\",\"ttlMs\":1000}").statusCode()).isEqualTo(409);
        HttpResponse<String> renewed = http.putJson("/api/v1/cache/locks/api-job", "{\"owner\":\"alice\",\"ttlMs\":120000}");
        assertThat(JsonPath.<Boolean>read(renewed.body(), "$.renewed")).isTrue();
        assertThat(http.postJson("/api/v1/cache/commands", "[\"GET\",\"lock:api-job\"]").body())
                .isEqualTo("{\"result\":\"alice\"}");

        assertThat(http.delete("/api/v1/cache/locks/api-job?owner=alice").statusCode()).isEqualTo(204);
        HttpResponse<String> gone = http.delete("/api/v1/cache/locks/api-job?owner=alice");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(gone.body(), "$.code")).isEqualTo("LOCK_NOT_HELD");
    }

    @Test
    void badLockRequestsAreRefused() {
        assertThat(http.postJson("/api/v1/cache/locks/x", "{\"ttlMs\":1000}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/api/v1/cache/locks/x", "{\"owner\":\"a\",\"ttlMs\":0}").statusCode()).isEqualTo(400);
        assertThat(http.delete("/api/v1/cache/locks/x").statusCode()).isEqualTo(400);
    }

    @Test
    void aRateLimitAllowsUpToTheLimitThenTellsWhenToRetry() {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> allowed = http.postJson("/api/v1/cache/rate-limits/api-user",
                    "{\"limit\":3,\"windowMs\":60000,\"algorithm\":\"sliding\"}");
            assertThat(JsonPath.<Boolean>read(allowed.body(), "$.allowed")).isTrue();
            assertThat(JsonPath.<Integer>read(allowed.body(), "$.remaining")).isEqualTo(2 - i);
        }
        HttpResponse<String> denied = http.postJson("/api/v1/cache/rate-limits/api-user",
                "{\"limit\":3,\"windowMs\":60000,\"algorithm\":\"sliding\"}");
        assertThat(denied.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(denied.body(), "$.allowed")).isFalse();
        assertThat(JsonPath.<Integer>read(denied.body(), "$.retryAfterMs")).isPositive();

        HttpResponse<String> fixed = http.postJson("/api/v1/cache/rate-limits/api-fixed", "{\"limit\":1,\"windowMs\":60000}");
        assertThat(JsonPath.<Boolean>read(fixed.body(), "$.allowed")).isTrue();
        assertThat(http.postJson("/api/v1/cache/commands", "[\"GET\",\"ratelimit:api-fixed\"]").body())
                .isEqualTo("{\"result\":\"1\"}");
    }

    @Test
    void badRateLimitRequestsAreRefused() {
        http.postJson("/api/v1/cache/commands", "[\"RPUSH\",\"ratelimit:api-list\",\"x\"]");
        HttpResponse<String> wrongType = http.postJson("/api/v1/cache/rate-limits/api-list", "{\"limit\":1,\"windowMs\":1000}");
        assertThat(wrongType.statusCode()).isEqualTo(409);
        assertThat(JsonPath.<String>read(wrongType.body(), "$.code")).isEqualTo("WRONGTYPE");
        assertThat(http.postJson("/api/v1/cache/rate-limits/k", "{\"limit\":0,\"windowMs\":1000}").statusCode()).isEqualTo(400);
        assertThat(http.postJson("/api/v1/cache/rate-limits/k", "{\"limit\":1,\"windowMs\":1000,\"algorithm\":\"leaky\"}")
                .statusCode()).isEqualTo(400);
    }
}
