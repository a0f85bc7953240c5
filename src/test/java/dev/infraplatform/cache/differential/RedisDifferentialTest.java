package dev.infraplatform.cache.differential;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Differential test: the same random command stream ({@link CommandGenerator}) runs against the
 * engine ({@link LocalCacheEngine}) and a real {@code redis-server} ({@link RedisServerProcess}),
 * and every pair of replies must agree:
 * <ul>
 *   <li>same reply structure and bytes (simple string, bulk incl. nil, integer, array incl. nil
 *       array, nested);</li>
 *   <li>errors are compared by {@link Reply.Error#prefix()} only ({@code ERR}, {@code WRONGTYPE}, …),
 *       never by message text;</li>
 *   <li>KEYS replies are compared as sets (Redis' order is its hash table's);</li>
 *   <li>HGETALL replies are compared as sets of field/value pairs: Redis keeps a small hash in
 *       insertion order (listpack) but a hash with a value over 64 bytes in its hash table's order;</li>
 *   <li>TTL replies may differ by ±1 when both are ≥ 0 (the second may tick, and Redis rounds
 *       where an engine may truncate); -1 and -2 must match exactly;</li>
 *   <li>INCRBYFLOAT: no tolerance; the generator only lets exactly representable numbers reach it
 *       (see {@link CommandGenerator}), so its replies are compared byte for byte.</li>
 * </ul>
 * Each of {@value #DEFAULT_ROUNDS} rounds starts from an empty keyspace (a new engine, FLUSHALL on
 * redis), runs {@value #DEFAULT_COMMANDS_PER_ROUND} random commands and ends with an audit of every
 * key (TYPE, TTL, EXISTS, GET, STRLEN) plus DBSIZE and KEYS *.
 *
 * <p>System properties:
 * <ul>
 *   <li>{@code -Dtest.seed=N}: rerun a seed (the seed is printed, and in every failure);</li>
 *   <li>{@code -Ddifferential.rounds=N}, {@code -Ddifferential.commands=N}: size of the run;</li>
 *   <li>{@code -Ddifferential.collect=true}: do not stop at the first mismatch: record it, reset both
 *       sides to an empty keyspace and go on, then fail with the list of all mismatches (for
 *       triage);</li>
 *   <li>{@code -Ddifferential.engine=redis}: self-check of the harness, comparing redis against a
 *       second redis-server instead of the engine (must always pass).</li>
 * </ul>
 * Run: {@code ./mvnw -q -B test -Dtest='RedisDifferentialTest' -Dsurefire.failIfNoSpecifiedTests=false}.
 * Skipped (not failed) when no redis-server can be found, installed or started.
 */
class RedisDifferentialTest {

    static final int DEFAULT_ROUNDS = 4;
    static final int DEFAULT_COMMANDS_PER_ROUND = 3000;
    private static final int HISTORY = 20;
    private static final int MAX_COLLECTED = 200;

    private RedisServerProcess redisServer;
    private RespClient redis;
    /** Only in self-check mode: a second redis standing in for the engine. */
    private RedisServerProcess otherServer;
    private RespClient other;

    /**
     * Started here rather than in {@code @BeforeAll}: an assumption failing there would hide the
     * test instead of reporting it as skipped with its reason.
     */
    private void startRedis() {
        redisServer = RedisServerProcess.startOrSkip();
        redis = redisServer.connect();
        if (selfCheck()) {
            otherServer = RedisServerProcess.startOrSkip();
            other = otherServer.connect();
        }
    }

    /** Finding or installing redis-server may take minutes: do it outside the test's timeout. */
    @BeforeAll
    static void locateRedis() {
        RedisServerProcess.locateOrInstall();
    }

    @AfterEach
    void stopRedis() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {other, otherServer, redis, redisServer}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private static boolean selfCheck() {
        return "redis".equalsIgnoreCase(System.getProperty("differential.engine", ""));
    }

    /** A fresh engine with an empty keyspace. */
    private CacheEngine newEngine() {
        if (selfCheck()) {
            assertThat(other.call("FLUSHALL")).isEqualTo(Reply.OK);
            return other;
        }
        return new LocalCacheEngine();
    }

    private void dispose(CacheEngine engine) throws Exception {
        if (engine != other && engine instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void engineRepliesLikeRedis() throws Exception {
        startRedis();
        long seed = Long.getLong("test.seed", ThreadLocalRandom.current().nextLong());
        int rounds = Integer.getInteger("differential.rounds", DEFAULT_ROUNDS);
        int perRound = Integer.getInteger("differential.commands", DEFAULT_COMMANDS_PER_ROUND);
        boolean collect = Boolean.getBoolean("differential.collect");

        CacheEngine probe = newEngine();
        boolean hashes = supports(probe, "HSET", "__probe:h", "f", "v");
        boolean lists = supports(probe, "LPUSH", "__probe:l", "v");
        boolean sets = supports(probe, "SADD", "__probe:s", "v");
        dispose(probe);
        System.out.printf("[redis-diff] seed=%d (rerun with -Dtest.seed=%d), %d rounds x %d commands, "
                        + "engine=%s, redis port %d, non-string types: hash=%s list=%s set=%s%n",
                seed, seed, rounds, perRound, selfCheck() ? "redis (self-check)" : "LocalCacheEngine",
                redisServer.port(), hashes, lists, sets);

        Run run = new Run(seed, collect);
        CommandGenerator generator = new CommandGenerator(seed, hashes, lists, sets);
        long started = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            run.reset(round);
            for (int i = 1; i <= perRound; i++) {
                run.step(generator.next(), i);
            }
            for (String key : CommandGenerator.ALL_KEYS) {
                for (String command : new String[] {"TYPE", "TTL", "EXISTS", "GET", "STRLEN"}) {
                    run.step(args(command, key), perRound + 1);
                }
            }
            run.step(args("DBSIZE"), perRound + 1);
            run.step(args("KEYS", "*"), perRound + 1);
        }
        run.finish();
        System.out.printf("[redis-diff] seed=%d: %d commands compared in %d ms, %d mismatches%n", seed,
                run.executed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), run.mismatchCount());
        if (!run.mismatches.isEmpty()) {
            fail(run.summary());
        }
    }

    /** False when the engine answers the command with "ERR unknown command …" (or throws). */
    private static boolean supports(CacheEngine engine, String... command) {
        try {
            Reply reply = engine.execute(args(command));
            return !(reply instanceof Reply.Error error
                    && error.message().toLowerCase(Locale.ROOT).contains("unknown command"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private record Mismatch(String commandName, String message) {
    }

    /** One differential run: both sides, the recent history and (in collect mode) the mismatches. */
    private final class Run {
        final long seed;
        final boolean collect;
        final Deque<String> history = new ArrayDeque<>();
        final List<Mismatch> mismatches = new ArrayList<>();
        final Map<String, Integer> mismatchKinds = new LinkedHashMap<>();
        CacheEngine engine;
        int round;
        long executed;

        Run(long seed, boolean collect) {
            this.seed = seed;
            this.collect = collect;
        }

        void reset(int newRound) throws Exception {
            if (engine != null) {
                dispose(engine);
            }
            engine = newEngine();
            round = newRound;
            Reply flushed = redis.call("FLUSHALL");
            assertThat(flushed).as("FLUSHALL on redis").isEqualTo(Reply.OK);
            history.addLast("---- round " + newRound + ": empty keyspace (new engine, FLUSHALL on redis)");
            trimHistory();
        }

        void finish() throws Exception {
            if (engine != null) {
                dispose(engine);
                engine = null;
            }
        }

        void step(List<byte[]> command, int index) throws Exception {
            executed++;
            Reply engineReply;
            Throwable engineFailure = null;
            try {
                engineReply = engine.execute(deepCopy(command));
            } catch (RuntimeException | StackOverflowError e) {
                engineReply = null;
                engineFailure = e;
            }
            Reply redisReply = redis.execute(command);
            String name = new String(command.getFirst(), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
            boolean agree = engineFailure == null && engineReply != null && equivalent(name, engineReply, redisReply);
            String renderedEngine = engineFailure != null ? "threw " + engineFailure
                    : engineReply == null ? "null (not a reply)" : render(engineReply);
            String renderedRedis = render(redisReply);
            if (agree) {
                history.addLast(String.format("r%d#%-5d %s -> %s%s", round, index, render(command), renderedRedis,
                        renderedEngine.equals(renderedRedis) ? "" : "  (engine: " + renderedEngine + ")"));
                trimHistory();
                return;
            }
            StringBuilder message = new StringBuilder();
            message.append("Engine and Redis disagree (seed=").append(seed).append(", round ").append(round)
                    .append(", command #").append(index).append("; rerun with -Dtest.seed=").append(seed)
                    .append(")\nlast ").append(history.size()).append(" commands (reply shown is redis'):\n");
            for (String line : history) {
                message.append("    ").append(line).append('\n');
            }
            message.append(">>> ").append(render(command)).append('\n')
                    .append("    engine: ").append(renderedEngine).append('\n')
                    .append("    redis:  ").append(renderedRedis).append('\n');
            if (engineFailure != null) {
                StringWriter trace = new StringWriter();
                engineFailure.printStackTrace(new PrintWriter(trace));
                message.append(trace);
            }
            if (!collect) {
                fail(message.toString());
            }
            System.out.println("[redis-diff] MISMATCH " + render(command) + "\n    engine: " + renderedEngine
                    + "\n    redis:  " + renderedRedis);
            String kind = name + ": engine " + kind(engineReply, engineFailure) + " vs redis " + kind(redisReply, null);
            mismatchKinds.merge(kind, 1, Integer::sum);
            if (mismatches.size() < MAX_COLLECTED) {
                mismatches.add(new Mismatch(name, message.toString()));
            }
            // States may have diverged: start over from an empty keyspace on both sides.
            reset(round);
        }

        private void trimHistory() {
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
        }

        int mismatchCount() {
            return mismatchKinds.values().stream().mapToInt(Integer::intValue).sum();
        }

        String summary() {
            StringBuilder summary = new StringBuilder();
            summary.append(mismatchCount())
                    .append(" mismatches between engine and redis (seed=").append(seed)
                    .append("; rerun with -Dtest.seed=").append(seed).append(")\nby kind:\n");
            mismatchKinds.forEach((kind, count) -> summary.append("    ").append(count).append(" x ").append(kind).append('\n'));
            summary.append("\nfirst occurrences:\n\n");
            Map<String, Boolean> shown = new LinkedHashMap<>();
            for (Mismatch mismatch : mismatches) {
                if (shown.putIfAbsent(mismatch.commandName(), true) == null) {
                    summary.append(mismatch.message()).append('\n');
                }
            }
            return summary.toString();
        }

        private static String kind(Reply reply, Throwable failure) {
            if (failure != null) {
                return "exception " + failure.getClass().getSimpleName();
            }
            return switch (reply) {
                case null -> "null";
                case Reply.Error error -> "-" + error.prefix();
                case Reply.SimpleString s -> "+simple";
                case Reply.Bulk bulk -> bulk.value() == null ? "nil" : "bulk";
                case Reply.Int i -> "int";
                case Reply.Array array -> array.items() == null ? "nil array" : "array";
            };
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Comparison

    /** The comparison rules of the class comment. */
    static boolean equivalent(String commandName, Reply engine, Reply redis) {
        if (commandName.equals("KEYS") && engine instanceof Reply.Array(List<Reply> engineItems)
                && redis instanceof Reply.Array(List<Reply> redisItems)
                && engineItems != null && redisItems != null) {
            if (engineItems.size() != redisItems.size()) {
                return false;
            }
            List<Reply> a = sorted(engineItems);
            List<Reply> b = sorted(redisItems);
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (commandName.equals("HGETALL") && engine instanceof Reply.Array(List<Reply> engineItems)
                && redis instanceof Reply.Array(List<Reply> redisItems)
                && engineItems != null && redisItems != null && engineItems.size() == redisItems.size()) {
            return same(new Reply.Array(sorted(pairs(engineItems))), new Reply.Array(sorted(pairs(redisItems))));
        }
        if (commandName.equals("TTL") && engine instanceof Reply.Int(long e) && redis instanceof Reply.Int(long r)
                && e >= 0 && r >= 0) {
            return Math.abs(e - r) <= 1;
        }
        return same(engine, redis);
    }

    /** Structural, byte-exact equality; errors by prefix only. */
    static boolean same(Reply engine, Reply redis) {
        return switch (engine) {
            case Reply.SimpleString(String value) -> redis instanceof Reply.SimpleString(String other) && value.equals(other);
            case Reply.Bulk(byte[] value) -> redis instanceof Reply.Bulk(byte[] other) && Arrays.equals(value, other);
            case Reply.Int(long value) -> redis instanceof Reply.Int(long other) && value == other;
            case Reply.Error error -> redis instanceof Reply.Error other && error.prefix().equals(other.prefix());
            case Reply.Array(List<Reply> items) -> {
                if (!(redis instanceof Reply.Array(List<Reply> otherItems))) {
                    yield false;
                }
                if (items == null || otherItems == null) {
                    yield items == otherItems;
                }
                if (items.size() != otherItems.size()) {
                    yield false;
                }
                for (int i = 0; i < items.size(); i++) {
                    if (!same(items.get(i), otherItems.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /** A flat field, value, field, value… reply as a list of two-item arrays. */
    private static List<Reply> pairs(List<Reply> flat) {
        List<Reply> pairs = new ArrayList<>(flat.size() / 2 + 1);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            pairs.add(new Reply.Array(List.of(flat.get(i), flat.get(i + 1))));
        }
        if (flat.size() % 2 != 0) {
            pairs.add(flat.getLast());
        }
        return pairs;
    }

    private static List<Reply> sorted(List<Reply> items) {
        List<Reply> copy = new ArrayList<>(items);
        copy.sort(Comparator.comparing(RedisDifferentialTest::render));
        return copy;
    }

    // ---------------------------------------------------------------------------------------------
    // Rendering

    static String render(Reply reply) {
        return switch (reply) {
            case null -> "null";
            case Reply.SimpleString(String value) -> "+" + value;
            case Reply.Error error -> "-" + error.message();
            case Reply.Int(long value) -> "(integer) " + value;
            case Reply.Bulk(byte[] value) -> value == null ? "(nil)" : quote(value);
            case Reply.Array(List<Reply> items) -> {
                if (items == null) {
                    yield "(nil array)";
                }
                StringBuilder out = new StringBuilder("[");
                for (int i = 0; i < items.size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(render(items.get(i)));
                }
                yield out.append(']').toString();
            }
        };
    }

    static String render(List<byte[]> command) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < command.size(); i++) {
            out.append(i == 0 ? "" : " ");
            byte[] arg = command.get(i);
            out.append(i == 0 && arg.length > 0 ? new String(arg, StandardCharsets.ISO_8859_1) : quote(arg));
        }
        return out.toString();
    }

    /** Printable ASCII as is, the rest as {@code \xNN}; long values shortened. */
    static String quote(byte[] value) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(value.length, 60);
        for (int i = 0; i < shown; i++) {
            int b = value[i] & 0xff;
            if (b == '"' || b == '\\') {
                out.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else if (b == '\n') {
                out.append("\\n");
            } else if (b == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        out.append('"');
        if (shown < value.length) {
            out.append("…(").append(value.length).append(" bytes)");
        }
        return out.toString();
    }

    private static List<byte[]> args(String... args) {
        List<byte[]> command = new ArrayList<>(args.length);
        for (String arg : args) {
            command.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return command;
    }

    private static List<byte[]> deepCopy(List<byte[]> command) {
        List<byte[]> copy = new ArrayList<>(command.size());
        for (byte[] arg : command) {
            copy.add(arg.clone());
        }
        return copy;
    }
}
