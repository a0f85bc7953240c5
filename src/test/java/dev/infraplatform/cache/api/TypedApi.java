package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.HttpTestClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** PUT / DELETE and problem checks for the typed cache endpoints' tests. */
final class TypedApi {

    private final HttpTestClient http;

    TypedApi(HttpTestClient http) {
        this.http = http;
    }

    HttpResponse<String> put(String path, String json) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).DELETE().build());
    }

    String command(String json) {
        return http.postJson("/api/v1/cache/commands", json).body();
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo(code);
    }
}
