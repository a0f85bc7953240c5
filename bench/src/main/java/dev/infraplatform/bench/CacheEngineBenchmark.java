package dev.infraplatform.bench;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * JMH benchmarks of the cache engine itself ({@link LocalCacheEngine#execute}), without HTTP and
 * without the AOF: GET, SET, INCR, ZADD and LPUSH, each a throughput in commands/s. Run with
 * {@code -t 1} and {@code -t 2} for one and two client threads (bench/README.md).
 *
 * <p>The keyspace is shared by all threads, as in a server: {@value #KEYS} string keys of
 * {@value #VALUE_BYTES}-byte values preloaded for GET, {@value #KEYS} counters for INCR,
 * {@value #ZSETS} sorted sets with members drawn from {@value #ZSET_MEMBERS} names (so they stop
 * growing), {@value #LISTS} lists emptied before every iteration (so LPUSH's memory stays
 * bounded). Keys and members are drawn uniformly at random per call from a per-thread generator,
 * as redis-benchmark's {@code -r} does; the argument byte arrays are built once, so what is
 * measured is the command lookup, the shard locking and the data structure.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheEngineBenchmark {

    static final int KEYS = 100_000;
    static final int VALUE_BYTES = 32;
    static final int ZSETS = 100;
    static final int ZSET_MEMBERS = 10_000;
    static final int LISTS = 1_000;

    private static final byte[] GET = bytes("GET");
    private static final byte[] SET = bytes("SET");
    private static final byte[] INCR = bytes("INCR");
    private static final byte[] ZADD = bytes("ZADD");
    private static final byte[] LPUSH = bytes("LPUSH");
    private static final byte[] DEL = bytes("DEL");

    /** The engine and the pre-built arguments, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Engine {

        final LocalCacheEngine engine = new LocalCacheEngine();
        final byte[][] stringKeys = names("key:", KEYS);
        final byte[][] counterKeys = names("counter:", KEYS);
        final byte[][] zsetKeys = names("zset:", ZSETS);
        final byte[][] members = names("member:", ZSET_MEMBERS);
        final byte[][] scores = new byte[1024][];
        final byte[][] listKeys = names("list:", LISTS);
        final byte[] value = new byte[VALUE_BYTES];

        @Setup(Level.Trial)
        public void load() {
            new SplittableRandom(1).nextBytes(value);
            SplittableRandom random = new SplittableRandom(2);
            for (int i = 0; i < scores.length; i++) {
                scores[i] = bytes(Double.toString(random.nextDouble() * 1_000_000));
            }
            for (byte[] key : stringKeys) {
                check(engine.execute(List.of(SET, key, value)));
            }
        }

        /** Empties the lists so LPUSH's memory stays bounded whatever the iteration length. */
        @Setup(Level.Iteration)
        public void emptyLists() {
            for (byte[] key : listKeys) {
                check(engine.execute(List.of(DEL, key)));
            }
        }
    }

    /** Each thread's own random generator (a server's clients don't share one either). */
    @State(Scope.Thread)
    public static class Client {

        SplittableRandom random;

        @Setup(Level.Trial)
        public void seed() {
            random = new SplittableRandom(Thread.currentThread().threadId());
        }

        byte[] pick(byte[][] from) {
            return from[random.nextInt(from.length)];
        }
    }

    @Benchmark
    public Reply get(Engine e, Client c) {
        return e.engine.execute(List.of(GET, c.pick(e.stringKeys)));
    }

    @Benchmark
    public Reply set(Engine e, Client c) {
        return e.engine.execute(List.of(SET, c.pick(e.stringKeys), e.value));
    }

    @Benchmark
    public Reply incr(Engine e, Client c) {
        return e.engine.execute(List.of(INCR, c.pick(e.counterKeys)));
    }

    @Benchmark
    public Reply zadd(Engine e, Client c) {
        return e.engine.execute(List.of(ZADD, c.pick(e.zsetKeys), c.pick(e.scores), c.pick(e.members)));
    }

    @Benchmark
    public Reply lpush(Engine e, Client c) {
        return e.engine.execute(List.of(LPUSH, c.pick(e.listKeys), e.value));
    }

    private static void check(Reply reply) {
        if (reply instanceof Reply.Error error) {
            throw new IllegalStateException(error.toString());
        }
    }

    private static byte[][] names(String prefix, int count) {
        byte[][] names = new byte[count][];
        for (int i = 0; i < count; i++) {
            names[i] = bytes(prefix + i);
        }
        return names;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
