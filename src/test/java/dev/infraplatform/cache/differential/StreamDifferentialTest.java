package dev.infraplatform.cache.differential;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Differential test of the stream commands: random XADD / XRANGE / XREAD / XGROUP / XREADGROUP /
 * XACK / XPENDING / XCLAIM / XAUTOCLAIM / XINFO / XTRIM / XDEL / XSETID commands run against the
 * engine and a real {@code redis-server}, and every pair of replies must agree as
 * {@link RedisDifferentialTest#same} says (structure and bytes; errors by prefix).
 *
 * <p>IDs are explicit ({@code ms-seq}, {@code ms}, {@code ms-*}), never {@code *}, so both sides
 * generate the same ones; XCLAIM / XAUTOCLAIM use min-idle-times far below or far above any idle
 * time a run can reach. Fields that depend on the clock or on Redis' memory layout are masked
 * before comparing: idle times in XPENDING, {@code radix-tree-*} in XINFO STREAM; XINFO CONSUMERS
 * is compared on names and pending counts (Redis 7.0 has no {@code inactive}).
 *
 * <p>{@code -Dtest.seed=N} reruns a seed, {@code -Ddifferential.commands=N} sizes the run.
 * Skipped when no redis-server can be found or started.
 */
class StreamDifferentialTest {

    private static final String[] KEYS = {"s1", "s2", "s3"};
    private static final String[] GROUPS = {"g1", "g2"};
    private static final String[] CONSUMERS = {"c1", "c2", "c3"};
    private static final int HISTORY = 25;

    private RedisServerProcess server;
    private RespClient redis;
    private Random random;
    private long topMs = 1;

    @BeforeAll
    static void locateRedis() {
        RedisServerProcess.locateOrInstall();
    }

    @AfterEach
    void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamCommandsReplyLikeRedis() {
        server = RedisServerProcess.startOrSkip();
        redis = server.connect();
        long seed = Long.getLong("test.seed", ThreadLocalRandom.current().nextLong());
        int commands = Integer.getInteger("differential.commands", 6000);
        System.out.printf("[stream-diff] seed=%d (rerun with -Dtest.seed=%d), %d commands%n", seed, seed, commands);
        random = new Random(seed);
        LocalCacheEngine engine = new LocalCacheEngine();
        redis.call("FLUSHALL");
        redis.call("SET", "str", "text");
        engine.execute(args("SET", "str", "text"));
        Deque<String> history = new ArrayDeque<>();
        java.util.Map<String, int[]> outcomes = new java.util.TreeMap<>();
        for (int i = 1; i <= commands; i++) {
            List<byte[]> command = next();
            Reply mine = engine.execute(copy(command));
            Reply theirs = redis.execute(command);
            String name = new String(command.getFirst(), StandardCharsets.UTF_8).toUpperCase();
            Reply a = normalize(name, command, mine);
            Reply b = normalize(name, command, theirs);
            String line = RedisDifferentialTest.render(command) + " -> " + RedisDifferentialTest.render(theirs);
            if (!RedisDifferentialTest.same(a, b)) {
                fail("Engine and Redis disagree (seed=" + seed + ", command #" + i + ")\n    "
                        + String.join("\n    ", history) + "\n>>> " + RedisDifferentialTest.render(command)
                        + "\n    engine: " + RedisDifferentialTest.render(mine)
                        + "\n    redis:  " + RedisDifferentialTest.render(theirs));
            }
            outcomes.computeIfAbsent(name, n -> new int[2])[theirs instanceof Reply.Error ? 1 : 0]++;
            history.addLast(line);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }
        StringBuilder summary = new StringBuilder("[stream-diff] agreed (replies / errors):");
        outcomes.forEach((name, counts) -> summary.append(' ').append(name).append(' ').append(counts[0])
                .append('/').append(counts[1]));
        System.out.println(summary);
    }

    // ---------------------------------------------------------------------------------------------
    // Generation

    private List<byte[]> next() {
        int pick = random.nextInt(100);
        String key = pickKey();
        if (pick < 30) {
            return xadd(key);
        } else if (pick < 36) {
            return random.nextBoolean() ? args("XRANGE", key, bound(true), bound(false), "COUNT", count())
                    : args("XRANGE", key, bound(true), bound(false));
        } else if (pick < 39) {
            return args("XREVRANGE", key, bound(false), bound(true), "COUNT", count());
        } else if (pick < 41) {
            return args("XLEN", key);
        } else if (pick < 44) {
            return args("XDEL", key, id(), id());
        } else if (pick < 46) {
            return trim("XTRIM", key);
        } else if (pick < 52) {
            return xgroup(key);
        } else if (pick < 62) {
            List<String> a = new ArrayList<>(List.of("XREADGROUP", "GROUP", pick(GROUPS), pick(CONSUMERS)));
            if (random.nextBoolean()) {
                a.addAll(List.of("COUNT", count()));
            }
            if (random.nextInt(5) == 0) {
                a.add("NOACK");
            }
            a.add("STREAMS");
            a.add(key);
            a.add(random.nextInt(4) == 0 ? (random.nextBoolean() ? "0" : id()) : ">");
            return args(a.toArray(String[]::new));
        } else if (pick < 66) {
            return random.nextBoolean()
                    ? args("XREAD", "COUNT", count(), "STREAMS", key, pickKey(), readId(), readId())
                    : args("XREAD", "STREAMS", key, readId());
        } else if (pick < 71) {
            return args("XACK", key, pick(GROUPS), id(), id(), id());
        } else if (pick < 76) {
            return switch (random.nextInt(3)) {
                case 0 -> args("XPENDING", key, pick(GROUPS));
                case 1 -> args("XPENDING", key, pick(GROUPS), bound(true), bound(false), count(), pick(CONSUMERS));
                default -> args("XPENDING", key, pick(GROUPS), "IDLE", random.nextBoolean() ? "0" : "3600000",
                        bound(true), bound(false), count());
            };
        } else if (pick < 81) {
            List<String> a = new ArrayList<>(List.of("XCLAIM", key, pick(GROUPS), pick(CONSUMERS), minIdle(), id(), id()));
            if (random.nextInt(3) == 0) {
                a.add("JUSTID");
            }
            if (random.nextInt(3) == 0) {
                a.add("FORCE");
            }
            if (random.nextInt(4) == 0) {
                a.addAll(List.of("RETRYCOUNT", String.valueOf(random.nextInt(5))));
            }
            if (random.nextInt(5) == 0) {
                a.addAll(List.of("TIME", "1000"));
            }
            if (random.nextInt(6) == 0) {
                a.addAll(List.of("LASTID", id()));
            }
            return args(a.toArray(String[]::new));
        } else if (pick < 85) {
            List<String> a = new ArrayList<>(List.of("XAUTOCLAIM", key, pick(GROUPS), pick(CONSUMERS), minIdle(),
                    random.nextBoolean() ? "0" : bound(true)));
            if (random.nextBoolean()) {
                a.addAll(List.of("COUNT", String.valueOf(1 + random.nextInt(4))));
            }
            if (random.nextInt(3) == 0) {
                a.add("JUSTID");
            }
            return args(a.toArray(String[]::new));
        } else if (pick < 91) {
            return switch (random.nextInt(3)) {
                case 0 -> args("XINFO", "STREAM", key);
                case 1 -> args("XINFO", "GROUPS", key);
                default -> args("XINFO", "CONSUMERS", key, pick(GROUPS));
            };
        } else if (pick < 93) {
            return random.nextBoolean() ? args("XSETID", key, id())
                    : args("XSETID", key, id(), "ENTRIESADDED", String.valueOf(random.nextInt(40)), "MAXDELETEDID", "1-0");
        } else if (pick < 95) {
            return args("TYPE", key);
        } else if (pick < 96) {
            return args("DEL", key);
        } else {
            return args("EXISTS", key);
        }
    }

    private List<byte[]> xadd(String key) {
        List<String> a = new ArrayList<>(List.of("XADD", key));
        if (random.nextInt(10) == 0) {
            a.add("NOMKSTREAM");
        }
        if (random.nextInt(5) == 0) {
            a.addAll(trimOptions());
        }
        int idKind = random.nextInt(10);
        if (idKind < 6) {
            topMs += random.nextInt(3);
            a.add(topMs + "-" + random.nextInt(3));
        } else if (idKind < 8) {
            topMs += random.nextInt(2);
            a.add(topMs + "-*");
        } else if (idKind < 9) {
            a.add(String.valueOf(++topMs));
        } else {
            a.add(id());
        }
        int pairs = 1 + random.nextInt(2);
        for (int i = 0; i < pairs; i++) {
            a.add(pick(new String[] {"f", "g", "name"}));
            a.add(String.valueOf(random.nextInt(100)));
        }
        if (random.nextInt(40) == 0) {
            a.removeLast(); // odd number of field arguments: an arity error
        }
        return args(a.toArray(String[]::new));
    }

    private List<byte[]> trim(String command, String key) {
        List<String> a = new ArrayList<>(List.of(command, key));
        a.addAll(trimOptions());
        return args(a.toArray(String[]::new));
    }

    private List<String> trimOptions() {
        List<String> a = new ArrayList<>();
        boolean maxLen = random.nextInt(3) > 0;
        a.add(maxLen ? "MAXLEN" : "MINID");
        String mode = pick(new String[] {"", "=", "~"});
        if (!mode.isEmpty()) {
            a.add(mode);
        }
        a.add(maxLen ? String.valueOf(random.nextInt(random.nextBoolean() ? 5 : 150)) : id());
        if (random.nextInt(6) == 0) {
            a.addAll(List.of("LIMIT", String.valueOf(random.nextInt(200))));
        }
        return a;
    }

    private List<byte[]> xgroup(String key) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> {
                List<String> a = new ArrayList<>(List.of("XGROUP", "CREATE", key, pick(GROUPS),
                        pick(new String[] {"$", "0", id()})));
                if (random.nextBoolean()) {
                    a.add("MKSTREAM");
                }
                if (random.nextInt(4) == 0) {
                    a.addAll(List.of("ENTRIESREAD", String.valueOf(random.nextInt(10) - 1)));
                }
                yield args(a.toArray(String[]::new));
            }
            case 2 -> random.nextBoolean() ? args("XGROUP", "SETID", key, pick(GROUPS), pick(new String[] {"$", "0", id()}))
                    : args("XGROUP", "SETID", key, pick(GROUPS), id(), "ENTRIESREAD", String.valueOf(random.nextInt(10)));
            case 3 -> args("XGROUP", "DESTROY", key, pick(GROUPS));
            case 4 -> args("XGROUP", "CREATECONSUMER", key, pick(GROUPS), pick(CONSUMERS));
            default -> args("XGROUP", "DELCONSUMER", key, pick(GROUPS), pick(CONSUMERS));
        };
    }

    private String pickKey() {
        return random.nextInt(30) == 0 ? "str" : pick(KEYS);
    }

    private String pick(String[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** An ID near the ones in use (sometimes beyond them). */
    private String id() {
        long ms = 1 + random.nextLong(topMs + 2);
        return random.nextInt(8) == 0 ? String.valueOf(ms) : ms + "-" + random.nextInt(3);
    }

    private String readId() {
        return random.nextInt(3) == 0 ? "$" : random.nextBoolean() ? "0" : id();
    }

    private String bound(boolean start) {
        return switch (random.nextInt(6)) {
            case 0 -> start ? "-" : "+";
            case 1 -> "(" + id();
            default -> id();
        };
    }

    private String count() {
        return String.valueOf(random.nextInt(6));
    }

    private String minIdle() {
        return random.nextBoolean() ? "0" : "3600000";
    }

    // ---------------------------------------------------------------------------------------------
    // Comparison

    /** Masks what depends on the clock or on Redis' memory layout. */
    private static Reply normalize(String name, List<byte[]> command, Reply reply) {
        if (!(reply instanceof Reply.Array(List<Reply> items)) || items == null) {
            return reply;
        }
        String sub = command.size() > 1 ? new String(command.get(1), StandardCharsets.UTF_8).toUpperCase() : "";
        if (name.equals("XPENDING") && command.size() > 3) {
            List<Reply> masked = new ArrayList<>();
            for (Reply item : items) {
                List<Reply> fields = new ArrayList<>(((Reply.Array) item).items());
                fields.set(2, Reply.ZERO);
                masked.add(Reply.array(fields));
            }
            return Reply.array(masked);
        }
        if (name.equals("XINFO") && sub.equals("STREAM")) {
            List<Reply> masked = new ArrayList<>(items);
            masked.set(3, Reply.ZERO);
            masked.set(5, Reply.ZERO);
            return Reply.array(masked);
        }
        if (name.equals("XINFO") && sub.equals("CONSUMERS")) {
            List<Reply> masked = new ArrayList<>();
            for (Reply item : items) {
                masked.add(Reply.array(((Reply.Array) item).items().subList(0, 4)));
            }
            return Reply.array(masked);
        }
        return reply;
    }

    private static List<byte[]> args(String... words) {
        return new ArrayList<>(Arrays.stream(words).map(w -> w.getBytes(StandardCharsets.UTF_8)).toList());
    }

    private static List<byte[]> copy(List<byte[]> command) {
        return command.stream().map(byte[]::clone).toList();
    }
}
