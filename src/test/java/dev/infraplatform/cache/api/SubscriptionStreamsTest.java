package dev.infraplatform.cache.api;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Open SSE subscriptions end when the platform stops, so they never hold up a graceful shutdown. */
class SubscriptionStreamsTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply subscribers(String channel) {
        return engine.execute(List.of("PUBSUB".getBytes(StandardCharsets.US_ASCII),
                "NUMSUB".getBytes(StandardCharsets.US_ASCII), channel.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void stoppingEndsEveryOpenSubscription() {
        SubscriptionStreams streams = new SubscriptionStreams(engine);
        streams.start();
        streams.open(List.of("news"), List.of(), ReplyEncoding.UTF8);
        streams.open(List.of("news"), List.of("n*"), ReplyEncoding.UTF8);
        assertThat(subscribers("news")).isEqualTo(Reply.array(List.of(Reply.bulk("news"), Reply.integer(2))));
        streams.stop();
        assertThat(streams.isRunning()).isFalse();
        assertThat(subscribers("news")).isEqualTo(Reply.array(List.of(Reply.bulk("news"), Reply.ZERO)));
        assertThat(engine.execute(List.of("PUBSUB".getBytes(StandardCharsets.US_ASCII),
                "NUMPAT".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(Reply.ZERO);
    }
}
