package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCacheEngineTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private static Reply bulk(String value) {
        return Reply.bulk(value);
    }

    @Test
    void setAndGetWithTheOptionsRedisHas() {
        assertThat(run("SET", "k", "v1")).isEqualTo(Reply.OK);
        assertThat(run("SET", "k", "v2", "NX")).isEqualTo(Reply.NIL);
        assertThat(run("SET", "k", "v3", "XX", "GET")).isEqualTo(bulk("v1"));
        assertThat(run("GET", "k")).isEqualTo(bulk("v3"));
        assertThat(run("SET", "other", "x", "XX")).isEqualTo(Reply.NIL);
        assertThat(run("SET", "k", "v", "NX", "XX")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("SET", "k", "v", "EX", "0")).isEqualTo(Reply.error("ERR invalid expire time in 'set' command"));
        assertThat(run("SET", "k", "v", "EX", "ten")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("GET", "k")).isEqualTo(bulk("v3"));
    }

    @Test
    void keysExpireLazilyAndActively() {
        run("SET", "short", "v", "PX", "100");
        run("SET", "long", "v", "EX", "100");
        run("SET", "forever", "v");
        assertThat(run("TTL", "long")).isEqualTo(Reply.integer(100));
        assertThat(run("PTTL", "short")).isEqualTo(Reply.integer(100));
        assertThat(run("TTL", "forever")).isEqualTo(Reply.integer(-1));
        clock.addAndGet(100);
        assertThat(run("GET", "short")).isEqualTo(Reply.NIL);
        assertThat(run("TTL", "short")).isEqualTo(Reply.integer(-2));
        run("SET", "swept", "v", "PX", "10");
        clock.addAndGet(200_000);
        assertThat(engine.expireSome(LocalCacheEngine.shardCount())).isEqualTo(2);
        assertThat(run("DBSIZE")).isEqualTo(Reply.integer(1));
    }

    @Test
    void keepTtlAndPersist() {
        run("SET", "k", "v", "EX", "50");
        run("SET", "k", "w", "KEEPTTL");
        assertThat(run("TTL", "k")).isEqualTo(Reply.integer(50));
        run("SET", "k", "x");
        assertThat(run("TTL", "k")).isEqualTo(Reply.integer(-1));
        run("EXPIRE", "k", "30");
        assertThat(run("PERSIST", "k")).isEqualTo(Reply.ONE);
        assertThat(run("PERSIST", "k")).isEqualTo(Reply.ZERO);
    }

    @Test
    void countersFollowRedisIntegerAndFloatRules() {
        assertThat(run("INCR", "n")).isEqualTo(Reply.integer(1));
        assertThat(run("INCRBY", "n", "41")).isEqualTo(Reply.integer(42));
        assertThat(run("DECRBY", "n", "50")).isEqualTo(Reply.integer(-8));
        run("SET", "big", "9223372036854775807");
        assertThat(run("INCR", "big")).isEqualTo(RedisErrors.OVERFLOW);
        run("SET", "text", "abc");
        assertThat(run("INCR", "text")).isEqualTo(RedisErrors.NOT_INTEGER);
        run("SET", "f", "10.5");
        assertThat(run("INCRBYFLOAT", "f", "0.1")).isEqualTo(bulk("10.6"));
        assertThat(run("INCRBYFLOAT", "f", "-5.6")).isEqualTo(bulk("5"));
        assertThat(run("INCRBYFLOAT", "f", "1e2")).isEqualTo(bulk("105"));
        // a huge exponent overflows a long double: refused at once, not expanded into digits
        assertThat(run("INCRBYFLOAT", "f", "1e999999999")).isEqualTo(RedisErrors.NOT_FLOAT);
        assertThat(run("INCRBYFLOAT", "f", "inf")).isEqualTo(RedisErrors.NAN_OR_INFINITY);
        assertThat(run("BLPOP", "l", "1e999999999")).isEqualTo(Reply.error("ERR timeout is not a float or out of range"));
    }

    @Test
    void rangesAndAppend() {
        run("SET", "s", "Hello World");
        assertThat(run("GETRANGE", "s", "0", "4")).isEqualTo(bulk("Hello"));
        assertThat(run("GETRANGE", "s", "-5", "-1")).isEqualTo(bulk("World"));
        assertThat(run("SETRANGE", "s", "6", "Redis")).isEqualTo(Reply.integer(11));
        assertThat(run("GET", "s")).isEqualTo(bulk("Hello Redis"));
        assertThat(run("SETRANGE", "pad", "3", "x")).isEqualTo(Reply.integer(4));
        assertThat(run("GET", "pad")).isEqualTo(Reply.bulk(new byte[] {0, 0, 0, 'x'}));
        assertThat(run("APPEND", "s", "!")).isEqualTo(Reply.integer(12));
    }

    @Test
    void keysScanAndRename() {
        for (int i = 0; i < 50; i++) {
            run("SET", "user:" + i, "v");
        }
        run("SET", "other", "v");
        assertThat(((Reply.Array) run("KEYS", "user:1*")).items()).hasSize(11);
        List<Reply> scanned = new ArrayList<>();
        String cursor = "0";
        do {
            Reply.Array page = (Reply.Array) run("SCAN", cursor, "MATCH", "user:*", "COUNT", "7");
            cursor = new String(((Reply.Bulk) page.items().get(0)).value(), StandardCharsets.UTF_8);
            scanned.addAll(((Reply.Array) page.items().get(1)).items());
        } while (!cursor.equals("0"));
        assertThat(scanned).hasSize(50).doesNotHaveDuplicates();
        assertThat(run("RENAME", "other", "user:0")).isEqualTo(Reply.OK);
        assertThat(run("EXISTS", "other", "user:0", "user:0")).isEqualTo(Reply.integer(2));
        assertThat(run("RENAME", "missing", "x")).isEqualTo(RedisErrors.NO_SUCH_KEY);
    }

    @Test
    void infoReportsKeysExpiresHitsMissesAndExpirations() {
        run("SET", "a", "1");
        run("SET", "b", "2", "EX", "100");
        run("SET", "gone", "3", "PX", "1");
        run("GET", "a");
        run("GET", "nope");
        clock.addAndGet(10);
        run("GET", "gone");
        String info = new String(((Reply.Bulk) run("INFO")).value(), StandardCharsets.UTF_8);
        assertThat(info).contains("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=99990\r\n")
                .contains("keyspace_hits:1\r\n").contains("keyspace_misses:2\r\n").contains("expired_keys:1\r\n");
        assertThat(new String(((Reply.Bulk) run("INFO", "keyspace")).value(), StandardCharsets.UTF_8))
                .startsWith("# Keyspace").doesNotContain("# Stats");
    }

    @Test
    void unknownCommandsAndWrongArityAreErrorsNotExceptions() {
        assertThat(((Reply.Error) run("NOPE", "a")).prefix()).isEqualTo("ERR");
        assertThat(run("GET")).isEqualTo(Reply.error("ERR wrong number of arguments for 'get' command"));
        assertThat(run("MSET", "a", "1", "b")).isEqualTo(Reply.error("ERR wrong number of arguments for 'mset' command"));
    }

    @Test
    void sixtyFourThreadsIncrementingOneKeyLoseNothing() throws Exception {
        int threads = 64;
        int increments = 10_000;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        run("INCR", "counter");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(run("GET", "counter")).isEqualTo(bulk(Integer.toString(threads * increments)));
    }
}
