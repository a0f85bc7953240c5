package dev.infraplatform;

import com.jayway.jsonpath.JsonPath;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error answer of the platform must be: RFC 9457 problem+json with a stable code, no internals. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    public static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo(code);
        assertThat(JsonPath.<String>read(response.body(), "$.title")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.type")).startsWith("urn:infra-platform:problem:");
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "java.", "trace");
    }
}
