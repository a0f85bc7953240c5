package dev.infraplatform.web;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.HttpTestClient;
import dev.infraplatform.storage.InsufficientStorageException;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static dev.infraplatform.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of failure reaches the client as problem+json with a stable code and no internals. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ProblemResponsesTest.ProbeController.class)
class ProblemResponsesTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        dev.infraplatform.DataDirectoryProperties.register(registry, dataDir);
        registry.add("infra.web.max-request-size", () -> "1KB");
    }

    @LocalServerPort
    int port;

    HttpTestClient http;

    @BeforeEach
    void client() {
        http = new HttpTestClient(port);
    }

    @Test
    void unknownApiPathsAre404() {
        assertProblem(http.get("/api/v1/no-such-module/thing"), 404, "NOT_FOUND");
        assertProblem(http.get("/not-even-api"), 404, "NOT_FOUND");
    }

    @Test
    void aWrongMethodIs405() {
        assertProblem(http.send(HttpRequest.newBuilder(http.uri("/api/v1/storage"))
                .DELETE().build()), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aWrongMediaTypeIs415() {
        assertProblem(http.post("/test/things", "text/plain", "name=x"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void malformedJsonIs400WithTheParsersReason() {
        HttpResponse<String> response = http.postJson("/test/things", "{\"name\": ");
        assertProblem(response, 400, "MALFORMED_REQUEST");
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains("not valid JSON");
    }

    @Test
    void validationErrorsAre400AndNameEachField() {
        HttpResponse<String> response = http.postJson("/test/things", "{\"name\": \" \", \"size\": 5000}");
        assertProblem(response, 400, "INVALID_ARGUMENT");
        assertThat(JsonPath.<java.util.List<String>>read(response.body(), "$.errors[*].field"))
                .containsExactlyInAnyOrder("name", "size");
    }

    @Test
    void anInvalidQueryParameterIs400() {
        assertProblem(http.get("/test/count?n=lots"), 400, "INVALID_ARGUMENT");
    }

    @Test
    void aBodyAboveTheLimitIs413WhenItsLengthIsDeclared() {
        String big = "{\"name\": \"" + "x".repeat(2000) + "\"}";
        assertProblem(http.postJson("/test/things", big), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aChunkedBodyAboveTheLimitIs413() {
        byte[] big = ("{\"name\": \"" + "x".repeat(2000) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(http.uri("/test/things"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        assertProblem(http.send(request), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aBodyWithinTheLimitIsAccepted() {
        HttpResponse<String> response = http.postJson("/test/things", "{\"name\": \"ok\", \"size\": 3}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.name")).isEqualTo("ok");
    }

    @Test
    void aFullDiskIs507() {
        assertProblem(http.get("/test/full-disk"), 507, "INSUFFICIENT_STORAGE");
    }

    @Test
    void aReadOutsideALogIs400WithTheLogsRange() {
        HttpResponse<String> response = http.get("/test/offset");
        assertProblem(response, 400, "OFFSET_OUT_OF_RANGE");
        assertThat(JsonPath.<Integer>read(response.body(), "$.startOffset")).isEqualTo(5);
        assertThat(JsonPath.<Integer>read(response.body(), "$.endOffset")).isEqualTo(9);
    }

    @Test
    void apiExceptionsKeepTheirStatusCodeAndExtraMembers() {
        HttpResponse<String> response = http.get("/test/conflict");
        assertProblem(response, 409, "WRONGTYPE");
        assertThat(JsonPath.<String>read(response.body(), "$.key")).isEqualTo("k");
    }

    @Test
    void unexpectedFailuresAre500AndRevealNothing() {
        HttpResponse<String> response = http.get("/test/bug");
        assertProblem(response, 500, "INTERNAL_ERROR");
        assertThat(response.body()).doesNotContain("secret internal state");
    }

    record Thing(@NotBlank String name, @Max(100) int size) {
    }

    @RestController
    static class ProbeController {

        @PostMapping(path = "/test/things", consumes = "application/json")
        Thing create(@Valid @RequestBody Thing thing) {
            return thing;
        }

        @GetMapping("/test/count")
        Map<String, Integer> count(@RequestParam int n) {
            return Map.of("n", n);
        }

        @GetMapping("/test/full-disk")
        String fullDisk() {
            throw new InsufficientStorageException("append failed: no space left on device",
                    new IOException("No space left on device"));
        }

        @GetMapping("/test/offset")
        String offset() {
            throw new OffsetOutOfRangeException(42, 5, 9);
        }

        @GetMapping("/test/conflict")
        String conflict() {
            throw new ApiException(HttpStatus.CONFLICT, "WRONGTYPE",
                    "Operation against a key holding the wrong kind of value", Map.of("key", "k"));
        }

        @GetMapping("/test/bug")
        String bug() {
            throw new UncheckedIOException(new IOException("secret internal state"));
        }
    }
}
