package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.MessageListener;
import dev.infraplatform.cache.PubSubMessage;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PubSubTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private static List<byte[]> bytes(String... values) {
        return java.util.Arrays.stream(values).map(v -> v.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Collects messages; closed reason completes {@link #closed}. */
    private static final class Inbox implements MessageListener {
        final BlockingQueue<PubSubMessage> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onMessage(PubSubMessage message) {
            messages.add(message);
        }

        @Override
        public void onClosed(String reason) {
            closed.complete(reason);
        }

        String next() throws InterruptedException {
            PubSubMessage message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("a message within 10 s").isNotNull();
            return new String(message.channel(), StandardCharsets.UTF_8)
                    + (message.pattern() == null ? "" : " via " + new String(message.pattern(), StandardCharsets.UTF_8))
                    + ": " + new String(message.message(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void publishReachesChannelAndPatternSubscribersAndCountsThem() throws Exception {
        Inbox direct = new Inbox();
        Inbox byPattern = new Inbox();
        Subscription one = engine.subscribe(bytes("news.tech"), List.of(), direct);
        Subscription two = engine.subscribe(List.of(), bytes("news.*"), byPattern);
        assertThat(run("PUBLISH", "news.tech", "hello")).isEqualTo(Reply.integer(2));
        assertThat(run("PUBLISH", "news.art", "paint")).isEqualTo(Reply.integer(1));
        assertThat(run("PUBLISH", "weather", "rain")).isEqualTo(Reply.ZERO);
        assertThat(direct.next()).isEqualTo("news.tech: hello");
        assertThat(byPattern.next()).isEqualTo("news.tech via news.*: hello");
        assertThat(byPattern.next()).isEqualTo("news.art via news.*: paint");

        assertThat(EngineCommands.texts(run("PUBSUB", "CHANNELS"))).containsExactly("news.tech");
        assertThat(EngineCommands.texts(run("PUBSUB", "CHANNELS", "sport*"))).isEmpty();
        assertThat(run("PUBSUB", "NUMSUB", "news.tech", "other")).isEqualTo(Reply.array(List.of(
                Reply.bulk("news.tech"), Reply.integer(1), Reply.bulk("other"), Reply.ZERO)));
        assertThat(run("PUBSUB", "NUMPAT")).isEqualTo(Reply.integer(1));
        assertThat(run("PUBSUB", "NOPE")).isEqualTo(Reply.error("ERR unknown subcommand 'NOPE'. Try PUBSUB HELP."));

        one.close();
        two.close();
        assertThat(direct.closed.get(10, TimeUnit.SECONDS)).isEqualTo("unsubscribed");
        assertThat(run("PUBLISH", "news.tech", "gone")).isEqualTo(Reply.ZERO);
        assertThat(run("PUBSUB", "NUMPAT")).isEqualTo(Reply.ZERO);
    }

    @Test
    void aSubscriberThatFallsBehindIsDisconnectedWithoutBlockingThePublisher() throws Exception {
        engine.keyspace().channels.bufferLimit(10_000);
        CountDownLatch stuck = new CountDownLatch(1);
        CompletableFuture<String> closed = new CompletableFuture<>();
        engine.subscribe(bytes("firehose"), List.of(), new MessageListener() {
            @Override
            public void onMessage(PubSubMessage message) throws InterruptedException {
                stuck.await();
            }

            @Override
            public void onClosed(String reason) {
                closed.complete(reason);
            }
        });
        String payload = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            run("PUBLISH", "firehose", payload); // never waits for the stuck listener
        }
        assertThat(run("PUBSUB", "NUMSUB", "firehose")).isEqualTo(Reply.array(List.of(Reply.bulk("firehose"), Reply.ZERO)));
        stuck.countDown();
        assertThat(closed.get(10, TimeUnit.SECONDS)).contains("client-output-buffer-limit");
    }

    @Test
    void publishIsNotWrittenToTheAof() {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        run("PUBLISH", "c", "m");
        assertThat(log.lines()).isEmpty();
    }
}
