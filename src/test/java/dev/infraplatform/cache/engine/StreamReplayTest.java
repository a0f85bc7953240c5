package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the engine logs for stream commands replays to the same stream, groups and PEL, and so
 * do the commands of {@link RedisStream#rebuildCommands}: {@code *} IDs, approximate trimming,
 * group reads (blocked ones included), claims by idle time and clock-relative delivery times
 * all depend on when they ran, so they must be logged as their exact effect.
 */
class StreamReplayTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);
    private final RecordingCommandLog log = new RecordingCommandLog();

    private Reply run(LocalCacheEngine target, String... args) {
        return EngineCommands.run(target, args);
    }

    private Reply run(String... args) {
        return run(engine, args);
    }

    @Test
    void theLogReplaysToTheSameStreamGroupsAndPendingEntries() throws Exception {
        engine.attachLog(log);
        buildHistory();
        LocalCacheEngine replica = new LocalCacheEngine(clock::get);
        for (List<String> command : log.commands()) {
            Reply reply = replica.replay(command.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
            assertThat(reply).as("replaying %s", command).isNotInstanceOf(Reply.Error.class);
        }
        assertSameState(replica);
    }

    @Test
    void rebuildCommandsRecreateTheStreamExactly() throws Exception {
        buildHistory();
        run("XGROUP", "CREATE", "events", "idle-group", "0");
        run("XGROUP", "CREATECONSUMER", "events", "idle-group", "nobody");
        run("XGROUP", "CREATE", "empty", "g", "$", "MKSTREAM");
        LocalCacheEngine rebuilt = new LocalCacheEngine(clock::get);
        for (String key : List.of("events", "empty")) {
            Key k = Key.of(key);
            RedisStream stream = (RedisStream) engine.keyspace().shardFor(k).get(k, clock.get()).value;
            List<byte[][]> commands = new ArrayList<>();
            stream.rebuildCommands(k.bytes(), commands::add);
            for (byte[][] command : commands) {
                assertThat(rebuilt.replay(List.of(command))).isNotInstanceOf(Reply.Error.class);
            }
        }
        assertSameState(rebuilt);
        assertThat(run(rebuilt, "XINFO", "STREAM", "empty")).isEqualTo(run("XINFO", "STREAM", "empty"));
        assertThat(run(rebuilt, "XINFO", "GROUPS", "empty")).isEqualTo(run("XINFO", "GROUPS", "empty"));
    }

    /** Adds, trims, deletes, reads in groups (blocked, NOACK, history), acks and claims, with time passing. */
    private void buildHistory() throws Exception {
        Random random = new Random(42);
        run("XGROUP", "CREATE", "events", "workers", "$", "MKSTREAM");
        run("XGROUP", "CREATE", "events", "audit", "0");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Reply> blocked = pool.submit(() -> run("XREADGROUP", "GROUP", "workers", "sleeper", "COUNT", "3",
                    "BLOCK", "0", "STREAMS", "events", ">"));
            awaitBlocked("events");
            run("XADD", "events", "*", "n", "first");
            assertThat(blocked.get()).isInstanceOf(Reply.Array.class);
        }
        for (int i = 0; i < 400; i++) {
            clock.addAndGet(random.nextInt(3));
            run("XADD", "events", "MAXLEN", "~", "250", "*", "n", String.valueOf(i));
            switch (random.nextInt(8)) {
                case 0 -> run("XREADGROUP", "GROUP", "workers", "c" + random.nextInt(3), "COUNT", "4", "STREAMS", "events", ">");
                case 1 -> run("XREADGROUP", "GROUP", "audit", "a", "NOACK", "COUNT", "2", "STREAMS", "events", ">");
                case 2 -> run("XREADGROUP", "GROUP", "workers", "c" + random.nextInt(3), "COUNT", "2", "STREAMS", "events", "0");
                case 3 -> run("XAUTOCLAIM", "events", "workers", "c" + random.nextInt(3), "5", "0", "COUNT", "3");
                case 4 -> {
                    Reply pending = run("XPENDING", "events", "workers", "-", "+", "1");
                    for (Reply item : ((Reply.Array) pending).items()) {
                        String id = new String(((Reply.Bulk) ((Reply.Array) item).items().getFirst()).value(), StandardCharsets.UTF_8);
                        if (random.nextBoolean()) {
                            run("XACK", "events", "workers", id);
                        } else {
                            run("XCLAIM", "events", "workers", "c9", "0", id, "IDLE", "7");
                        }
                    }
                }
                case 5 -> {
                    Reply first = run("XRANGE", "events", "-", "+", "COUNT", "1");
                    for (Reply item : ((Reply.Array) first).items()) {
                        run("XDEL", "events", new String(((Reply.Bulk) ((Reply.Array) item).items().getFirst()).value(),
                                StandardCharsets.UTF_8));
                    }
                }
                default -> { }
            }
        }
        run("XTRIM", "events", "MINID", "~", "0-1");
        run("XTRIM", "events", "MAXLEN", "~", "120");
    }

    /**
     * Same entries, counters, groups and PEL. Consumers' seen and active times are left out: a
     * replay sets them to its own time, as in Redis.
     */
    private void assertSameState(LocalCacheEngine other) {
        for (String[] query : List.of(
                new String[] {"XRANGE", "events", "-", "+"},
                new String[] {"XINFO", "STREAM", "events"},
                new String[] {"XINFO", "GROUPS", "events"},
                new String[] {"XPENDING", "events", "workers"},
                new String[] {"XPENDING", "events", "workers", "-", "+", "1000"},
                new String[] {"XPENDING", "events", "audit", "-", "+", "1000"})) {
            assertThat(run(other, query)).as(String.join(" ", query)).isEqualTo(run(query));
        }
        Reply full = withoutConsumerTimes(run("XINFO", "STREAM", "events", "FULL", "COUNT", "0"));
        Reply otherFull = withoutConsumerTimes(run(other, "XINFO", "STREAM", "events", "FULL", "COUNT", "0"));
        assertThat(otherFull.equals(full)).as("XINFO STREAM FULL equal:\n%s\n%s", otherFull, full).isTrue();
        assertThat(((Reply.Array) run("XRANGE", "events", "-", "+")).items()).hasSizeGreaterThan(100);
        assertThat(((Reply.Array) run("XPENDING", "events", "workers", "-", "+", "1000")).items()).isNotEmpty();
    }

    /** XINFO STREAM FULL with every consumer's seen-time and active-time set to 0. */
    private static Reply withoutConsumerTimes(Reply reply) {
        if (!(reply instanceof Reply.Array(List<Reply> items)) || items == null) {
            return reply;
        }
        List<Reply> copy = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Reply item = items.get(i);
            copy.add(item);
            if ((item.equals(Reply.bulk("seen-time")) || item.equals(Reply.bulk("active-time"))) && i + 1 < items.size()) {
                copy.add(Reply.ZERO);
                i++;
            } else {
                copy.set(copy.size() - 1, withoutConsumerTimes(item));
            }
        }
        return Reply.array(copy);
    }

    private void awaitBlocked(String key) throws InterruptedException {
        BlockedClients.awaitReaders(engine, key, 1);
    }
}
