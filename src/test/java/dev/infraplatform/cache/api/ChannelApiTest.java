package dev.infraplatform.cache.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static dev.infraplatform.ServerSentEvents.nextEvent;
import static org.assertj.core.api.Assertions.assertThat;

/** PUBLISH over POST and SUBSCRIBE as Server-Sent Events, read by a real HTTP client. */
class ChannelApiTest extends RunningPlatformTest {

    private final HttpClient client = HttpClient.newHttpClient();


    private long receivers(String channel, String message) {
        HttpResponse<String> response = http.postJson("/api/v1/cache/channels/" + channel + "/messages",
                "{\"message\": \"" + message + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonPath.<Integer>read(response.body(), "$.receivers");
    }

    @Test
    void subscribersReceivePublishedMessagesAsServerSentEvents() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/v1/cache/channels/sse.news/messages?pattern=sse.*"))
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        try (InputStream body = response.body();
             BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            assertThat(nextEvent(reader)).isEqualTo("subscribe {\"channels\":[\"sse.news\"],\"patterns\":[\"sse.*\"]}");
            assertThat(receivers("sse.news", "hello")).isEqualTo(2);
            assertThat(receivers("sse.other", "world")).isEqualTo(1);
            assertThat(nextEvent(reader)).isEqualTo("message {\"channel\":\"sse.news\",\"message\":\"hello\"}");
            assertThat(nextEvent(reader)).isEqualTo("message {\"channel\":\"sse.news\",\"pattern\":\"sse.*\",\"message\":\"hello\"}");
            assertThat(nextEvent(reader)).isEqualTo("message {\"channel\":\"sse.other\",\"pattern\":\"sse.*\",\"message\":\"world\"}");
        }
        // the client hung up: the next writes fail and the subscription goes away
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (receivers("sse.news", "anyone?") > 0) {
            assertThat(Instant.now()).as("subscription removed after the client left").isBefore(deadline);
        }
        assertThat(http.postJson("/api/v1/cache/commands", "[\"PUBSUB\",\"NUMSUB\",\"sse.news\"]").body())
                .isEqualTo("{\"result\":[\"sse.news\",0]}");
    }

    @Test
    void publishTakesBase64MessagesAndRefusesAMissingOne() {
        HttpResponse<String> binary = http.postJson("/api/v1/cache/channels/nobody.listens/messages",
                "{\"message\": \"/w==\", \"encoding\": \"base64\"}");
        assertThat(binary.body()).isEqualTo("{\"receivers\":0}");
        HttpResponse<String> response = http.postJson("/api/v1/cache/channels/c/messages", "{}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(response.body(), "$.code")).isEqualTo("INVALID_ARGUMENT");
        assertThat(http.get("/api/v1/cache/channels/messages").statusCode()).isEqualTo(400);
    }
}
