package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * maxmemory and its policies. The tests that check which keys go keep fewer than
 * {@value Evictor#SAMPLES} keys the policy should spare: every sample of distinct keys then holds a
 * key that should go first, and the evictor evicts the best candidate it sampled, so the outcome
 * does not depend on luck.
 */
class EvictionTest {

    private static final String VALUE = "v".repeat(100);

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final LocalCacheEngine engine = new LocalCacheEngine(clock::get);
    private final RecordingCommandLog log = new RecordingCommandLog();

    EvictionTest() {
        engine.attachLog(log);
    }

    private Reply run(String... args) {
        return EngineCommands.run(engine, args);
    }

    private boolean exists(String key) {
        return run("EXISTS", key).equals(Reply.ONE);
    }

    private String info(String field) {
        String text = new String(((Reply.Bulk) run("INFO")).value(), StandardCharsets.UTF_8);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new AssertionError(field + " not in INFO: " + text);
    }

    /** Sets maxmemory so that about {@code keysToKeep} keys of {@code keys} fit, then writes one more key. */
    private void squeezeTo(int keysToKeep, int keys, String... write) {
        long perKey = engine.usedMemory() / keys;
        engine.setMaxMemory(perKey * keysToKeep);
        assertThat(run(write)).isNotInstanceOf(Reply.Error.class);
    }

    @Test
    void noevictionRefusesWritesThatMayGrowMemoryButServesReadsAndDeletes() {
        assertThat(engine.evictionPolicy()).isEqualTo(EvictionPolicy.NOEVICTION);
        run("SET", "a", VALUE);
        run("SET", "b", VALUE);
        engine.setMaxMemory(engine.usedMemory() - 1);
        Reply oom = Reply.error("OOM command not allowed when used memory > 'maxmemory'.");
        assertThat(run("SET", "c", VALUE)).isEqualTo(oom);
        assertThat(run("RPUSH", "list", "x")).isEqualTo(oom);
        assertThat(run("INCR", "a")).isEqualTo(oom);
        assertThat(run("GET", "a")).isEqualTo(Reply.bulk(VALUE));
        assertThat(run("EXPIRE", "a", "100")).isEqualTo(Reply.ONE);
        assertThat(run("DEL", "a")).isEqualTo(Reply.ONE);
        assertThat(run("SET", "c", VALUE)).isEqualTo(Reply.OK);
        assertThat(exists("b")).isTrue();
        assertThat(info("evicted_keys")).isEqualTo("0");
        assertThat(log.lines()).noneMatch(line -> line.startsWith("DEL b"));
    }

    @Test
    void allkeysLruKeepsTheKeysReadRecently() {
        engine.setEvictionPolicy(EvictionPolicy.ALLKEYS_LRU);
        for (int i = 0; i < 40; i++) {
            run("SET", "k" + i, VALUE);
            clock.addAndGet(1);
        }
        clock.addAndGet(10_000);
        List<String> recent = List.of("k3", "k17", "k25", "k39");
        for (String key : recent) {
            run("GET", key);
        }
        squeezeTo(10, 40, "SET", "new", VALUE);
        assertThat(recent).allMatch(this::exists);
        assertThat(Long.parseLong(info("evicted_keys"))).isGreaterThanOrEqualTo(29);
    }

    @Test
    void allkeysLfuKeepsTheKeysReadOften() {
        engine.setEvictionPolicy(EvictionPolicy.ALLKEYS_LFU);
        for (int i = 0; i < 40; i++) {
            run("SET", "k" + i, VALUE);
        }
        List<String> hot = List.of("k0", "k9", "k21", "k33");
        for (int round = 0; round < 20; round++) {
            for (String key : hot) {
                run("GET", key);
            }
        }
        squeezeTo(10, 40, "SET", "new", VALUE);
        assertThat(hot).allMatch(this::exists);
        // evicted down to the 10 keys that fit, then the write added one (it runs after the eviction)
        assertThat(run("DBSIZE")).isEqualTo(Reply.integer(11));
    }

    @Test
    void volatileTtlEvictsTheNearestExpiryFirstAndNeverKeysWithoutTtl() {
        engine.setEvictionPolicy(EvictionPolicy.VOLATILE_TTL);
        for (int i = 0; i < 20; i++) {
            run("SET", "persistent" + i, VALUE);
        }
        for (int i = 0; i < 40; i++) {
            run("SET", "expiring" + i, VALUE, "EX", Integer.toString(1000 + i));
        }
        List<String> farthest = List.of("expiring36", "expiring37", "expiring38", "expiring39");
        squeezeTo(30, 60, "SET", "new", VALUE);
        assertThat(farthest).allMatch(this::exists);
        for (int i = 0; i < 20; i++) {
            assertThat(exists("persistent" + i)).isTrue();
        }
        assertThat(Long.parseLong(info("evicted_keys"))).isGreaterThanOrEqualTo(29);
    }

    @ParameterizedTest
    @EnumSource(names = {"VOLATILE_LRU", "VOLATILE_LFU", "VOLATILE_RANDOM", "VOLATILE_TTL"})
    void volatilePoliciesNeverEvictKeysWithoutTtlAndRefuseWritesWhenOnlySuchKeysAreLeft(EvictionPolicy policy) {
        engine.setEvictionPolicy(policy);
        for (int i = 0; i < 20; i++) {
            run("SET", "persistent" + i, VALUE);
            run("SET", "expiring" + i, VALUE, "EX", "1000");
        }
        squeezeTo(30, 40, "SET", "new", VALUE);
        for (int i = 0; i < 20; i++) {
            assertThat(exists("persistent" + i)).isTrue();
        }
        engine.setMaxMemory(engine.usedMemory() / 4);
        assertThat(run("SET", "more", VALUE)).isEqualTo(Evictor.OOM);
        assertThat(run("KEYS", "expiring*")).isEqualTo(Reply.array(List.of()));
        for (int i = 0; i < 20; i++) {
            assertThat(exists("persistent" + i)).isTrue();
        }
    }

    @Test
    void allkeysRandomEvictsAnyKey() {
        engine.setEvictionPolicy(EvictionPolicy.ALLKEYS_RANDOM);
        for (int i = 0; i < 40; i++) {
            run("SET", "persistent" + i, VALUE);
        }
        squeezeTo(10, 40, "SET", "new", VALUE);
        assertThat(((Reply.Int) run("DBSIZE")).value()).isEqualTo(11L);
    }

    @Test
    void usedMemoryStaysNearTheLimitUnderAWriteFloodAndEveryEvictionIsLoggedAsDel() {
        engine.setEvictionPolicy(EvictionPolicy.ALLKEYS_LRU);
        long limit = 200_000;
        engine.setMaxMemory(limit);
        long largestWrite = 0;
        for (int i = 0; i < 5000; i++) {
            String key = "flood:" + i;
            assertThat(run("SET", key, VALUE)).isEqualTo(Reply.OK);
            largestWrite = Math.max(largestWrite, ((Reply.Int) run("MEMORY", "USAGE", key)).value());
            assertThat(engine.usedMemory()).isLessThanOrEqualTo(limit + largestWrite);
            clock.addAndGet(1);
        }
        long evicted = engine.evictedKeyCount();
        assertThat(evicted).isGreaterThan(4000);
        assertThat(info("evicted_keys")).isEqualTo(Long.toString(evicted));
        assertThat(run("DBSIZE")).isEqualTo(Reply.integer(5000 - evicted));
        List<String> deleted = new ArrayList<>();
        for (List<String> command : log.commands()) {
            if (command.getFirst().equals("DEL")) {
                deleted.add(command.get(1));
            }
        }
        assertThat(deleted).hasSize((int) evicted).doesNotHaveDuplicates().noneMatch(this::exists);
    }

    @Test
    void infoAndConfigShowAndChangeTheLimit() {
        assertThat(info("maxmemory")).isEqualTo("0");
        assertThat(info("maxmemory_policy")).isEqualTo("noeviction");
        assertThat(run("CONFIG", "SET", "maxmemory", "2mb", "maxmemory-policy", "allkeys-lfu")).isEqualTo(Reply.OK);
        assertThat(engine.maxMemory()).isEqualTo(2 * 1024 * 1024);
        assertThat(info("maxmemory_human")).isEqualTo("2.00M");
        assertThat(info("maxmemory_policy")).isEqualTo("allkeys-lfu");
        assertThat(run("CONFIG", "GET", "maxmemory*")).isEqualTo(EngineCommands.array(
                "maxmemory", "2097152", "maxmemory-policy", "allkeys-lfu"));
        assertThat(run("CONFIG", "SET", "maxmemory", "lots")).isEqualTo(Reply.error(
                "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value"));
        assertThat(((Reply.Error) run("CONFIG", "SET", "maxmemory-policy", "sometimes")).prefix()).isEqualTo("ERR");
        assertThat(run("CONFIG", "SET", "nosuch", "1")).isEqualTo(Reply.error(
                "ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"));
        assertThat(engine.maxMemory()).isEqualTo(2 * 1024 * 1024);
        run("SET", "k", VALUE);
        assertThat(Long.parseLong(info("used_memory"))).isEqualTo(engine.usedMemory()).isPositive();
    }

    @Test
    void concurrentWritersEvictWithoutDeadlockOrLoss() throws Exception {
        engine.setEvictionPolicy(EvictionPolicy.ALLKEYS_LRU);
        long limit = 100_000;
        engine.setMaxMemory(limit);
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 3000; i++) {
                        // MSET spans shards: its locks are taken after the eviction, never during it
                        assertThat(run("MSET", "w" + writer + ":" + i, VALUE, "w" + writer + ":" + i + ":b", VALUE))
                                .isEqualTo(Reply.OK);
                        run("GET", "w" + writer + ":" + (i / 2));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> writer : writers) {
                writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long sum = 0;
        for (String key : EngineCommands.texts(run("KEYS", "*"))) {
            sum += ((Reply.Int) run("MEMORY", "USAGE", key)).value();
        }
        assertThat(engine.usedMemory()).isEqualTo(sum).isLessThan(limit + threads * 1_000L);
        assertThat(log.commands().stream().filter(c -> c.getFirst().equals("DEL")).count())
                .isEqualTo(engine.evictedKeyCount()).isEqualTo(4L * 3000 * 2 - ((Reply.Int) run("DBSIZE")).value());
    }
}
