package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.WatchToken;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** MULTI/EXEC as one engine call, and WATCH as a token of key versions. */
class TransactionTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);
    private final RecordingCommandLog log = new RecordingCommandLog();

    {
        engine.attachLog(log);
    }

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private static List<byte[]> command(String... args) {
        return Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private Reply exec(WatchToken watch, List<byte[]>... commands) {
        return engine.exec(List.of(commands), watch);
    }

    private WatchToken watch(String... keys) {
        return engine.watch(Arrays.stream(keys).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList());
    }

    @Test
    void execAnswersEveryReplyInOrderAndAnErrorDoesNotStopTheRest() {
        run("SET", "text", "abc");
        Reply reply = exec(null, command("SET", "a", "1"), command("INCR", "text"), command("INCR", "a"),
                command("GET", "a"));
        assertThat(reply).isEqualTo(Reply.array(List.of(Reply.OK, RedisErrors.NOT_INTEGER, Reply.integer(2),
                Reply.bulk("2"))));
    }

    @Test
    void anUnknownCommandOrWrongArityDiscardsTheWholeTransaction() {
        assertThat(exec(null, command("SET", "a", "1"), command("NOSUCH", "x"))).isEqualTo(MultiExec.EXEC_ABORT);
        assertThat(exec(null, command("SET", "a", "1"), command("GET"))).isEqualTo(MultiExec.EXEC_ABORT);
        assertThat(((Reply.Error) MultiExec.EXEC_ABORT).message())
                .isEqualTo("EXECABORT Transaction discarded because of previous errors.");
        assertThat(run("EXISTS", "a")).isEqualTo(Reply.ZERO);
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void aWriteAboveMaxmemoryDiscardsTheTransactionAsWhenRedisQueuesIt() {
        run("SET", "big", "x".repeat(10_000));
        assertThat(run("CONFIG", "SET", "maxmemory", "1000")).isEqualTo(Reply.OK);
        assertThat(run("CONFIG", "SET", "maxmemory-policy", "noeviction")).isEqualTo(Reply.OK);
        assertThat(exec(null, command("GET", "nothing"), command("SET", "a", "1"))).isEqualTo(MultiExec.EXEC_ABORT);
        assertThat(exec(null, command("GET", "nothing"), command("DEL", "big")))
                .isEqualTo(Reply.array(List.of(Reply.NIL, Reply.integer(1))));
    }

    @Test
    void anEmptyTransactionAnswersAnEmptyArray() {
        assertThat(exec(null)).isEqualTo(Reply.array(List.of()));
    }

    @Test
    void writesAreLoggedAsOneMultiExecBlockAndReadsAreNot() {
        exec(null, command("SET", "a", "1", "EX", "10"), command("GET", "a"), command("INCR", "a"));
        exec(null, command("GET", "a"));
        assertThat(log.lines()).containsExactly("MULTI", "SET a 1 PXAT " + (clock.get() + 10_000), "INCR a", "EXEC");
    }

    @Test
    void aBlockingPopInsideATransactionDoesNotBlock() {
        Reply reply = exec(null, command("BLPOP", "empty", "0"), command("RPUSH", "empty", "x"),
                command("BLPOP", "empty", "0"));
        assertThat(reply).isEqualTo(Reply.array(List.of(Reply.NIL_ARRAY, Reply.integer(1),
                Reply.array(List.of(Reply.bulk("empty"), Reply.bulk("x"))))));
        assertThat(engine.keyspace().shardFor(Key.of("empty")).blockedOn(Key.of("empty"))).isNull();
    }

    @Test
    void watchAbortsWhenAWatchedKeyIsWrittenDeletedOrExpires() {
        run("SET", "w", "1");
        WatchToken written = watch("w");
        run("SET", "w", "2");
        assertThat(exec(written, command("SET", "w", "3"))).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("GET", "w")).isEqualTo(Reply.bulk("2"));

        WatchToken deleted = watch("w");
        run("DEL", "w");
        assertThat(exec(deleted, command("SET", "w", "3"))).isEqualTo(Reply.NIL_ARRAY);

        run("SET", "w", "1", "PX", "100");
        WatchToken expired = watch("w");
        clock.addAndGet(100);
        assertThat(exec(expired, command("SET", "w", "3"))).isEqualTo(Reply.NIL_ARRAY);

        WatchToken missing = watch("w");
        run("SET", "w", "created");
        assertThat(exec(missing, command("SET", "w", "3"))).isEqualTo(Reply.NIL_ARRAY);
        assertThat(run("GET", "w")).isEqualTo(Reply.bulk("created"));
    }

    @Test
    void watchDoesNotAbortWhenTheKeyIsUntouchedOrOnlyRead() {
        run("SET", "w", "1");
        run("SET", "neighbour", "1");
        WatchToken token = watch("w", "absent");
        run("GET", "w");
        run("SET", "neighbour", "2");
        run("SET", "w", "1", "NX"); // refused: nothing changed
        assertThat(exec(token, command("INCR", "w"))).isEqualTo(Reply.array(List.of(Reply.integer(2))));
        // the transaction's own write changes the version: the same token is now stale
        assertThat(exec(token, command("INCR", "w"))).isEqualTo(Reply.NIL_ARRAY);
    }

    @Test
    void aTokenSurvivesItsTextFormButNotAnotherEngine() {
        run("SET", "w", "1");
        WatchToken token = watch("w");
        assertThat(WatchToken.decode(token.encode())).isEqualTo(token);
        LocalCacheEngine other = new LocalCacheEngine(clock::get);
        EngineCommands.run(other, "SET", "w", "1");
        assertThat(other.exec(List.of(command("GET", "w")), token)).isEqualTo(Reply.NIL_ARRAY);
    }

    @Test
    void concurrentTransfersNeverInterleaveSoTheTotalIsKept() throws Exception {
        int accounts = 8;
        for (int i = 0; i < accounts; i++) {
            run("SET", "account:" + i, "1000");
        }
        long seed = System.nanoTime();
        System.out.println("TransactionTest seed " + seed);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                Random random = new Random(seed + t);
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 2_000; n++) {
                        int from = random.nextInt(accounts);
                        int to = random.nextInt(accounts);
                        String amount = Integer.toString(random.nextInt(50));
                        exec(null, command("DECRBY", "account:" + from, amount),
                                command("INCRBY", "account:" + to, amount));
                    }
                }));
                futures.add(pool.submit(() -> {
                    for (int n = 0; n < 2_000; n++) {
                        List<byte[]>[] reads = new List[accounts];
                        for (int i = 0; i < accounts; i++) {
                            reads[i] = command("GET", "account:" + i);
                        }
                        Reply reply = exec(null, reads);
                        long sum = ((Reply.Array) reply).items().stream()
                                .mapToLong(r -> Long.parseLong(new String(((Reply.Bulk) r).value(), StandardCharsets.UTF_8)))
                                .sum();
                        assertThat(sum).isEqualTo(accounts * 1000L);
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }
}
