package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static dev.infraplatform.cache.engine.EngineCommands.texts;
import static org.assertj.core.api.Assertions.assertThat;

/** The engine's estimate of used memory, and MEMORY USAGE. */
class MemoryEstimateTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private long usage(String key) {
        return ((Reply.Int) run("MEMORY", "USAGE", key)).value();
    }

    @Test
    void usedMemoryGrowsWithDataAndReturnsToZeroWhenItIsDeleted() {
        assertThat(engine.usedMemory()).isZero();
        String value = "v".repeat(100);
        for (int i = 0; i < 1000; i++) {
            run("SET", "key:" + i, value);
        }
        long strings = engine.usedMemory();
        assertThat(strings).isGreaterThan(1000L * 100).isLessThan(1000L * 400);
        for (int i = 0; i < 1000; i++) {
            run("DEL", "key:" + i);
        }
        assertThat(engine.usedMemory()).isZero();

        for (int i = 0; i < 200; i++) {
            run("RPUSH", "list", value);
            run("HSET", "hash", "field" + i, value);
            run("SADD", "set", "member" + i);
            run("ZADD", "zset", Integer.toString(i), "member" + i);
        }
        long collections = engine.usedMemory();
        assertThat(collections).isGreaterThan(200L * (100 + 100 + 10 + 10));
        for (int i = 0; i < 200; i++) {
            run("LPOP", "list");
            run("HDEL", "hash", "field" + i);
            run("SREM", "set", "member" + i);
            run("ZREM", "zset", "member" + i);
        }
        assertThat(engine.usedMemory()).isZero();

        run("SET", "a", value);
        run("RPUSH", "b", value, value);
        run("FLUSHALL");
        assertThat(engine.usedMemory()).isZero();
    }

    @Test
    void expiredKeysGiveTheirMemoryBack() {
        run("SET", "lazy", "v", "PX", "10");
        run("SET", "swept", "v", "PX", "10");
        assertThat(engine.usedMemory()).isPositive();
        clock.addAndGet(20);
        assertThat(run("GET", "lazy")).isEqualTo(Reply.NIL);
        engine.expireSome(LocalCacheEngine.shardCount());
        assertThat(engine.usedMemory()).isZero();
    }

    @Test
    void overwritesAndInPlaceChangesAreReestimated() {
        run("SET", "k", "x".repeat(1000));
        long big = engine.usedMemory();
        run("SET", "k", "x");
        assertThat(engine.usedMemory()).isLessThan(big - 900);
        run("APPEND", "k", "y".repeat(2000));
        assertThat(engine.usedMemory()).isGreaterThan(big + 900);
        run("RENAME", "k", "other");
        assertThat(engine.usedMemory()).isEqualTo(usage("other"));
    }

    @Test
    void usedMemoryIsTheSumOfMemoryUsageOfEveryKeyAfterRandomWrites() {
        long seed = new Random().nextLong();
        System.out.println("MemoryEstimateTest seed " + seed);
        Random random = new Random(seed);
        String[][] commands = {
                {"SET", "K", "V"}, {"APPEND", "K", "V"}, {"SETRANGE", "K", "3", "V"}, {"INCR", "K"}, {"GETDEL", "K"},
                {"RPUSH", "K", "V", "V"}, {"LPOP", "K"}, {"LTRIM", "K", "1", "-2"}, {"LSET", "K", "0", "V"},
                {"HSET", "K", "F", "V"}, {"HDEL", "K", "F"}, {"HINCRBY", "K", "F", "7"},
                {"SADD", "K", "V"}, {"SREM", "K", "V"}, {"SPOP", "K"},
                {"ZADD", "K", "1", "V"}, {"ZINCRBY", "K", "2", "V"}, {"ZPOPMIN", "K"}, {"ZREMRANGEBYRANK", "K", "0", "1"},
                {"DEL", "K"}, {"RENAME", "K", "K"}, {"EXPIRE", "K", "100"}, {"PERSIST", "K"}, {"SETEX", "K", "100", "V"},
                {"LMOVE", "K", "K", "LEFT", "RIGHT"}, {"SINTERSTORE", "K", "K", "K"},
        };
        for (int i = 0; i < 5000; i++) {
            String[] template = commands[random.nextInt(commands.length)];
            String[] command = new String[template.length];
            for (int j = 0; j < template.length; j++) {
                command[j] = switch (template[j]) {
                    case "K" -> "k" + random.nextInt(6);
                    case "F" -> "f" + random.nextInt(20);
                    case "V" -> "v".repeat(random.nextInt(40)) + random.nextInt(30);
                    default -> template[j];
                };
            }
            run(command);
        }
        long sum = 0;
        for (String key : texts(run("KEYS", "*"))) {
            sum += usage(key);
        }
        assertThat(engine.usedMemory()).as("seed %d", seed).isEqualTo(sum);
    }

    @Test
    void memoryUsageEstimatesOneKeyAsRedisDoes() {
        assertThat(run("MEMORY", "USAGE", "missing")).isEqualTo(Reply.NIL);
        run("SET", "small", "x");
        run("SET", "large", "x".repeat(10_000));
        assertThat(usage("large") - usage("small")).isBetween(9_900L, 10_100L);
        for (int i = 0; i < 100; i++) {
            run("RPUSH", "list", i < 5 ? "x" : "x".repeat(1000));
        }
        long sampled = usage("list");
        long exact = ((Reply.Int) run("MEMORY", "USAGE", "list", "SAMPLES", "0")).value();
        assertThat(exact).isGreaterThan(sampled + 90_000);
        assertThat(run("MEMORY", "USAGE", "list", "SAMPLES", "-1")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("MEMORY", "USAGE", "list", "SAMPLES", "x")).isEqualTo(RedisErrors.NOT_INTEGER);
        assertThat(run("MEMORY", "USAGE", "list", "BOGUS")).isEqualTo(RedisErrors.SYNTAX);
        assertThat(run("MEMORY", "USAGE")).isEqualTo(Reply.error("ERR wrong number of arguments for 'memory|usage' command"));
        assertThat(run("MEMORY", "DOCTORS")).isEqualTo(Reply.error("ERR unknown subcommand 'DOCTORS'. Try MEMORY HELP."));
    }

    @Test
    void unknownValueTypesCountAsAFixedGuess() {
        assertThat(MemoryEstimator.valueBytes(new Object(), MemoryEstimator.DEFAULT_SAMPLES))
                .isEqualTo(MemoryEstimator.UNKNOWN_TYPE_BYTES);
    }
}
