package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.infraplatform.cache.engine.EngineCommands.array;
import static org.assertj.core.api.Assertions.assertThat;

/** XREAD / XREADGROUP BLOCK: served by XADD, oldest first, on any of their streams; nil on timeout. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamBlockingTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private static Reply served(String key, String id, String... fields) {
        Reply entry = Reply.array(List.of(Reply.bulk(id), array(fields)));
        return Reply.array(List.of(Reply.array(List.of(Reply.bulk(key), Reply.array(List.of(entry))))));
    }

    @Test
    void aClientBlockedOnSeveralStreamsIsWokenByAnXaddToAnyOfThem() throws Exception {
        run("XADD", "a", "1-0", "f", "old");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> reader = pool.submit(() -> run("XREAD", "BLOCK", "0", "STREAMS", "a", "b", "$", "$"));
            awaitBlocked("b", 1);
            run("XADD", "b", "5-0", "f", "new");
            assertThat(reader.get()).isEqualTo(served("b", "5-0", "f", "new"));
        }
        assertNoneBlocked("a");
        assertNoneBlocked("b");
    }

    @Test
    void aTimeoutAnswersNilAndLeavesNoTrace() {
        assertThat(run("XREAD", "BLOCK", "20", "STREAMS", "s", "$")).isEqualTo(Reply.NIL_ARRAY);
        run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        assertThat(run("XREADGROUP", "GROUP", "g", "c", "BLOCK", "20", "STREAMS", "s", ">")).isEqualTo(Reply.NIL_ARRAY);
        assertNoneBlocked("s");
    }

    @Test
    void everyPlainReaderGetsTheNewEntryButOnlyTheLongestWaitingGroupReader() throws Exception {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> first = pool.submit(() -> run("XREADGROUP", "GROUP", "g", "first", "BLOCK", "0", "STREAMS", "s", ">"));
            awaitBlocked("s", 1);
            Future<Reply> second = pool.submit(() -> run("XREADGROUP", "GROUP", "g", "second", "BLOCK", "0", "STREAMS", "s", ">"));
            awaitBlocked("s", 2);
            Future<Reply> watcher = pool.submit(() -> run("XREAD", "BLOCK", "0", "STREAMS", "s", "$"));
            awaitBlocked("s", 3);
            run("XADD", "s", "1-0", "f", "one");
            assertThat(first.get()).isEqualTo(served("s", "1-0", "f", "one"));
            assertThat(watcher.get()).isEqualTo(served("s", "1-0", "f", "one"));
            assertThat(second.isDone()).isFalse();
            run("XADD", "s", "2-0", "f", "two");
            assertThat(second.get()).isEqualTo(served("s", "2-0", "f", "two"));
        }
        assertThat(run("XPENDING", "s", "g")).isEqualTo(Reply.array(List.of(Reply.integer(2), Reply.bulk("1-0"),
                Reply.bulk("2-0"), Reply.array(List.of(array("first", "1"), array("second", "1"))))));
        // the AOF sees each served group read as its effect, right after the XADD that served it
        List<String> lines = log.lines();
        int add = lines.indexOf("XADD s 1-0 f one");
        assertThat(lines.get(add + 1)).isEqualTo("XGROUP CREATECONSUMER s g first");
        assertThat(lines.get(add + 2)).startsWith("XCLAIM s g first 0 1-0 TIME ");
        assertThat(lines.get(add + 3)).isEqualTo("XGROUP SETID s g 1-0 ENTRIESREAD 1");
        assertThat(lines).noneMatch(line -> line.startsWith("XREADGROUP"));
    }

    @Test
    void aPushDoesNotWakeAStreamReaderNorAnXaddAListPopper() throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> reader = pool.submit(() -> run("XREAD", "BLOCK", "0", "STREAMS", "k", "$"));
            awaitBlocked("k", 1);
            Future<Reply> popper = pool.submit(() -> run("BLPOP", "p", "0"));
            awaitPopperBlocked("p");
            assertThat(run("RPUSH", "k", "x")).isEqualTo(Reply.ONE); // k is a list now: the reader keeps waiting
            run("XADD", "p", "1-0", "f", "v"); // p is a stream now: the popper keeps waiting
            assertThat(reader.isDone()).isFalse();
            assertThat(popper.isDone()).isFalse();
            run("DEL", "k", "p");
            run("XADD", "k", "1-0", "f", "v");
            assertThat(reader.get()).isEqualTo(served("k", "1-0", "f", "v"));
            run("RPUSH", "p", "y");
            assertThat(popper.get()).isEqualTo(array("p", "y"));
        }
    }

    private void awaitPopperBlocked(String key) throws InterruptedException {
        BlockedClients.awaitPoppers(engine, key, 1);
    }

    @Test
    void aGroupReaderWhoseGroupWasDestroyedGetsNogroupAtTheNextEntry() throws Exception {
        run("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> reader = pool.submit(() -> run("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">"));
            awaitBlocked("s", 1);
            run("XGROUP", "DESTROY", "s", "g");
            run("XADD", "s", "1-0", "f", "v");
            assertThat(reader.get()).isEqualTo(
                    Reply.error("NOGROUP the consumer group this client was blocked on no longer exists"));
        }
        assertNoneBlocked("s");
    }

    @Test
    void concurrentProducersAndBlockedGroupConsumersLoseAndDuplicateNothing() throws Exception {
        int producers = 4;
        int perProducer = 1_500;
        int consumers = 6;
        run("XGROUP", "CREATE", "events", "workers", "$", "MKSTREAM");
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicBoolean producing = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> consumerFutures = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                String name = "consumer-" + c;
                consumerFutures.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        Reply reply = run("XREADGROUP", "GROUP", "workers", name, "COUNT", "7", "BLOCK", "300",
                                "STREAMS", "events", ">");
                        if (reply.equals(Reply.NIL_ARRAY)) {
                            if (!producing.get()) {
                                return null;
                            }
                            continue;
                        }
                        Reply stream = ((Reply.Array) reply).items().getFirst();
                        for (Reply entry : ((Reply.Array) ((Reply.Array) stream).items().get(1)).items()) {
                            Reply fields = ((Reply.Array) entry).items().get(1);
                            String value = new String(((Reply.Bulk) ((Reply.Array) fields).items().get(1)).value(),
                                    StandardCharsets.UTF_8);
                            if (!received.add(value)) {
                                duplicates.incrementAndGet();
                            }
                            String id = new String(((Reply.Bulk) ((Reply.Array) entry).items().getFirst()).value(),
                                    StandardCharsets.UTF_8);
                            run("XACK", "events", "workers", id);
                        }
                    }
                }));
            }
            List<Future<?>> producerFutures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                producerFutures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        run("XADD", "events", "*", "v", producer + ":" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : producerFutures) {
                future.get();
            }
            producing.set(false);
            for (Future<?> future : consumerFutures) {
                future.get();
            }
        }
        assertThat(duplicates.get()).isZero();
        assertThat(received).hasSize(producers * perProducer);
        assertThat(run("XPENDING", "events", "workers")).isEqualTo(
                Reply.array(List.of(Reply.ZERO, Reply.NIL, Reply.NIL, Reply.NIL_ARRAY)));
        assertNoneBlocked("events");
    }

    private void awaitBlocked(String key, int count) throws InterruptedException {
        BlockedClients.awaitReaders(engine, key, count);
    }

    private void assertNoneBlocked(String key) {
        assertThat(blockedOn(key)).isZero();
    }

    private int blockedOn(String key) {
        Key k = Key.of(key);
        Keyspace.Shard shard = engine.keyspace().shardFor(k);
        shard.lock.lock();
        try {
            var queue = shard.readersBlockedOn(k);
            return queue == null ? 0 : queue.size();
        } finally {
            shard.lock.unlock();
        }
    }
}
