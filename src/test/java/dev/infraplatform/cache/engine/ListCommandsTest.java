package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.infraplatform.cache.engine.EngineCommands.array;
import static org.assertj.core.api.Assertions.assertThat;

class ListCommandsTest {

    private final LocalCacheEngine engine = new LocalCacheEngine();

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    @Test
    void pushPopRangeAndTheEmptyListDisappears() {
        assertThat(run("RPUSH", "l", "a", "b", "c")).isEqualTo(Reply.integer(3));
        assertThat(run("LPUSH", "l", "z")).isEqualTo(Reply.integer(4));
        assertThat(run("LRANGE", "l", "0", "-1")).isEqualTo(array("z", "a", "b", "c"));
        assertThat(run("LRANGE", "l", "-2", "100")).isEqualTo(array("b", "c"));
        assertThat(run("LINDEX", "l", "-1")).isEqualTo(Reply.bulk("c"));
        assertThat(run("LPOP", "l", "2")).isEqualTo(array("z", "a"));
        assertThat(run("RPOP", "l")).isEqualTo(Reply.bulk("c"));
        assertThat(run("TYPE", "l")).isEqualTo(new Reply.SimpleString("list"));
        assertThat(run("RPOP", "l")).isEqualTo(Reply.bulk("b"));
        assertThat(run("EXISTS", "l")).isEqualTo(Reply.ZERO);
        assertThat(run("LPOP", "l", "2")).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("LPUSHX", "l", "x")).isEqualTo(Reply.ZERO);
        run("SET", "s", "v");
        assertThat(run("LPUSH", "s", "x")).isEqualTo(RedisErrors.WRONG_TYPE);
    }

    @Test
    void editingCommands() {
        run("RPUSH", "l", "a", "b", "a", "c", "a");
        assertThat(run("LREM", "l", "-2", "a")).isEqualTo(Reply.integer(2));
        assertThat(run("LRANGE", "l", "0", "-1")).isEqualTo(array("a", "b", "c"));
        assertThat(run("LINSERT", "l", "BEFORE", "c", "x")).isEqualTo(Reply.integer(4));
        assertThat(run("LINSERT", "l", "AFTER", "nope", "x")).isEqualTo(Reply.integer(-1));
        assertThat(run("LSET", "l", "0", "A")).isEqualTo(Reply.OK);
        assertThat(run("LSET", "l", "9", "A")).isEqualTo(Reply.error("ERR index out of range"));
        assertThat(run("LTRIM", "l", "1", "2")).isEqualTo(Reply.OK);
        assertThat(run("LRANGE", "l", "0", "-1")).isEqualTo(array("b", "x"));
        assertThat(run("LMOVE", "l", "other", "RIGHT", "LEFT")).isEqualTo(Reply.bulk("x"));
        assertThat(run("LRANGE", "other", "0", "-1")).isEqualTo(array("x"));
    }

    @Test
    void blpopReturnsAtOnceWhenDataIsThereAndTimesOutWithNil() {
        run("RPUSH", "q", "job");
        assertThat(run("BLPOP", "empty", "q", "1")).isEqualTo(array("q", "job"));
        assertThat(run("BLPOP", "q", "0.05")).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("BLPOP", "q", "-1")).isEqualTo(Reply.error("ERR timeout is negative"));
    }

    @Test
    void aPushServesTheLongestWaitingClientFirst() throws Exception {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> first = pool.submit(() -> run("BLPOP", "jobs", "10"));
            awaitBlocked("jobs", 1);
            Future<Reply> second = pool.submit(() -> run("BRPOP", "jobs", "10"));
            awaitBlocked("jobs", 2);
            run("RPUSH", "jobs", "one");
            assertThat(first.get()).isEqualTo(array("jobs", "one"));
            assertThat(second.isDone()).isFalse();
            run("RPUSH", "jobs", "two");
            assertThat(second.get()).isEqualTo(array("jobs", "two"));
            assertThat(run("EXISTS", "jobs")).isEqualTo(Reply.ZERO);
        }
        // the AOF sees each served client's pop right after the push that served it
        assertThat(log.lines()).containsExactly("RPUSH jobs one", "LPOP jobs", "RPUSH jobs two", "RPOP jobs")
                .doesNotContain("BLPOP jobs 10");
    }

    @Test
    void blmoveMovesAtOnceWhenTheSourceHasElementsAndIsLoggedAsLmove() {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        run("RPUSH", "src", "a", "b");
        assertThat(run("BLMOVE", "src", "dst", "LEFT", "RIGHT", "1")).isEqualTo(Reply.bulk("a"));
        assertThat(run("LRANGE", "dst", "0", "-1")).isEqualTo(array("a"));
        // a timeout answers the nil array in RESP2, as Redis' BLPOP does (and as redis-server 7 does for BLMOVE)
        assertThat(run("BLMOVE", "empty", "dst", "LEFT", "RIGHT", "0.05")).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("BLMOVE", "src", "dst", "UP", "RIGHT", "1")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("BLMOVE", "src", "dst", "LEFT", "RIGHT", "-1")).isEqualTo(Reply.error("ERR timeout is negative"));
        run("SET", "str", "x");
        assertThat(run("BLMOVE", "src", "str", "LEFT", "RIGHT", "1")).isEqualTo(RedisErrors.WRONG_TYPE);
        assertThat(run("LRANGE", "src", "0", "-1")).isEqualTo(array("b"));
        assertThat(log.lines()).containsExactly("RPUSH src a b", "LMOVE src dst LEFT RIGHT", "SET str x");
    }

    @Test
    void aBlockedBlmoveIsServedInItsTurnAndServesThoseQueuedBehindIt() throws Exception {
        RecordingCommandLog log = new RecordingCommandLog();
        engine.attachLog(log);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> move = pool.submit(() -> run("BLMOVE", "jobs", "taken", "LEFT", "LEFT", "10"));
            awaitBlocked("jobs", 1);
            Future<Reply> pop = pool.submit(() -> run("BRPOP", "jobs", "10"));
            awaitBlocked("jobs", 2);
            run("RPUSH", "jobs", "one", "two");
            assertThat(move.get()).isEqualTo(Reply.bulk("one"));
            assertThat(pop.get()).isEqualTo(array("jobs", "two"));
        }
        assertThat(run("LRANGE", "taken", "0", "-1")).isEqualTo(array("one"));
        assertThat(run("EXISTS", "jobs")).isEqualTo(Reply.ZERO);
        assertThat(log.lines()).containsExactly("RPUSH jobs one two", "LMOVE jobs taken LEFT LEFT", "RPOP jobs");
    }

    @Test
    void aBlmoveInsideATransactionAnswersNilAtOnce() {
        Reply replies = engine.exec(List.of(
                List.of(bytes("BLMOVE"), bytes("none"), bytes("dst"), bytes("LEFT"), bytes("LEFT"), bytes("0"))), null);
        assertThat(replies).isEqualTo(Reply.array(List.of(Reply.NIL)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void awaitBlocked(String key, int count) throws InterruptedException {
        BlockedClients.awaitPoppers(engine, key, count);
    }

    @Test
    void concurrentPushersAndBlockingPoppersLoseAndDuplicateNothing() throws Exception {
        int producers = 8;
        int perProducer = 2_000;
        int consumers = 8;
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> consumerFutures = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                consumerFutures.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        Reply reply = run("BRPOP", "work", "2");
                        if (reply.equals(Reply.NIL_ARRAY)) {
                            return null;
                        }
                        String value = new String(((Reply.Bulk) ((Reply.Array) reply).items().get(1)).value(),
                                StandardCharsets.UTF_8);
                        if (!received.add(value)) {
                            synchronized (duplicates) {
                                duplicates.add(value);
                            }
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
                        run("LPUSH", "work", producer + ":" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : producerFutures) {
                future.get();
            }
            for (Future<?> future : consumerFutures) {
                future.get();
            }
        }
        assertThat(duplicates).isEmpty();
        Set<String> expected = new HashSet<>();
        for (int p = 0; p < producers; p++) {
            for (int i = 0; i < perProducer; i++) {
                expected.add(p + ":" + i);
            }
        }
        assertThat(received).isEqualTo(expected);
    }
}
