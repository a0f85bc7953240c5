package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.engine.PointInTimeDump;
import dev.infraplatform.storage.SnapshotInfo;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots, AOF rewrites and start-up from snapshot plus AOF tail. */
class SnapshotTest {

    private static final int GROUP = 32;

    @TempDir
    Path dir;

    private static String text(Reply reply) {
        return new String(((Reply.Bulk) reply).value(), StandardCharsets.UTF_8);
    }

    private static Reply run(LocalCacheEngine engine, String... args) {
        return engine.execute(java.util.Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** Strings, lists, hashes, sets and sorted sets, some with a TTL, some big enough to be chunked. */
    private static void fill(PersistentCache cache, String prefix, int keys) {
        for (int i = 0; i < keys; i++) {
            String key = prefix + i;
            switch (i % 5) {
                case 0 -> cache.run("SET", key, "v" + i);
                case 1 -> cache.run("RPUSH", key, "a" + i, "b", "c" + i);
                case 2 -> cache.run("HSET", key, "f1", "x" + i, "f2", "y");
                case 3 -> cache.run("SADD", key, "m1", "m" + i);
                default -> cache.run("ZADD", key, "1.5", "one", String.valueOf(0.1 * i), "two", "-inf", "low");
            }
            if (i % 7 == 0) {
                cache.run("PEXPIRE", key, "3600000");
            }
        }
        List<String> big = new ArrayList<>(List.of("RPUSH", prefix + "biglist"));
        List<String> bigZset = new ArrayList<>(List.of("ZADD", prefix + "bigzset"));
        for (int i = 0; i < 2500; i++) {
            big.add("e" + i);
            bigZset.add(String.valueOf(i / 3.0));
            bigZset.add("m" + i);
        }
        cache.run(big.toArray(String[]::new));
        cache.run(bigZset.toArray(String[]::new));
    }

    @Test
    void aSnapshotTakenWhileWritersRunHoldsTheKeyspaceOfOneInstant() throws Exception {
        try (PersistentCache cache = new PersistentCache(dir, false, "")) {
            fill(cache, "filler:", 30_000);
            AtomicLong written = new AtomicLong();
            List<String> initial = new ArrayList<>(List.of("MSET"));
            for (int k = 0; k < GROUP; k++) {
                initial.add("group:" + k);
                initial.add("0");
            }
            cache.run(initial.toArray(String[]::new)); // the group exists before the first snapshot
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                writers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        long value = written.incrementAndGet();
                        List<String> mset = new ArrayList<>(List.of("MSET"));
                        for (int k = 0; k < GROUP; k++) {
                            mset.add("group:" + k);
                            mset.add(String.valueOf(value));
                        }
                        assertThat(cache.run(mset.toArray(String[]::new))).isEqualTo(Reply.OK);
                    }
                }));
            }
            try {
                for (int round = 0; round < 5; round++) {
                    assertThat(cache.runAndAwait("BGSAVE")).isEqualTo(new Reply.SimpleString("Background saving started"));
                    LocalCacheEngine loaded = new LocalCacheEngine();
                    cache.snapshots.loadLatest(loaded);
                    String first = text(run(loaded, "GET", "group:0"));
                    for (int k = 1; k < GROUP; k++) {
                        assertThat(text(run(loaded, "GET", "group:" + k))).as("round %d key %d", round, k)
                                .isEqualTo(first);
                    }
                    assertThat(run(loaded, "DBSIZE")).isEqualTo(Reply.integer(30_000 + 2 + GROUP));
                }
            } finally {
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join();
                }
            }
        }
    }

    @Test
    void aDumpHoldsTheKeyspaceOfItsInstantWhateverIsWrittenAfterwards() throws IOException {
        LocalCacheEngine engine = new LocalCacheEngine();
        for (int i = 0; i < 2000; i++) {
            run(engine, "SET", "k" + i, "old" + i);
        }
        run(engine, "RPUSH", "list", "a", "b");
        Map<String, String> before = KeyspaceContents.of(engine);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PointInTimeDump dump = engine.beginDump()) {
            run(engine, "SET", "k1", "new");
            run(engine, "DEL", "k2");
            run(engine, "RPUSH", "list", "c");
            run(engine, "SET", "added", "x");
            run(engine, "FLUSHALL"); // a whole-keyspace write captures every shard still pending
            run(engine, "SET", "k3", "after-flush");
            dump.writeTo(out);
            assertThat(dump.shardsCapturedByWriters()).isEqualTo(1024);
        }
        assertThat(KeyspaceContents.parse(out.toByteArray())).isEqualTo(before);
        assertThat(run(engine, "DBSIZE")).isEqualTo(Reply.integer(1));
    }

    @Test
    void keysEvictedWhileADumpRunsAreStillInIt() throws IOException {
        LocalCacheEngine engine = new LocalCacheEngine();
        for (int i = 0; i < 2000; i++) {
            run(engine, "SET", "k" + i, "v" + i);
        }
        Map<String, String> before = KeyspaceContents.of(engine);
        assertThat(run(engine, "CONFIG", "SET", "maxmemory-policy", "allkeys-random")).isEqualTo(Reply.OK);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PointInTimeDump dump = engine.beginDump()) {
            assertThat(run(engine, "CONFIG", "SET", "maxmemory", "1")).isEqualTo(Reply.OK);
            run(engine, "SET", "new", "x"); // evicts every key it can
            assertThat(((Reply.Int) run(engine, "DBSIZE")).value()).isLessThan(10);
            dump.writeTo(out);
        }
        assertThat(KeyspaceContents.parse(out.toByteArray())).isEqualTo(before);
    }

    @Test
    void aRestartLoadsTheSnapshotAndReplaysTheAofTailAfterIt() throws Exception {
        Map<String, String> expected;
        try (PersistentCache cache = PersistentCache.open(dir)) {
            fill(cache, "a:", 3000);
            cache.runAndAwait("BGSAVE");
            fill(cache, "b:", 1000);
            cache.run("SET", "a:0", "overwritten");
            cache.run("DEL", "a:1", "a:2");
            cache.run("ZINCRBY", "a:4", "2.25", "one");
            cache.runAndAwait("BGREWRITEAOF");
            cache.run("LPOP", "a:biglist");
            cache.run("SREM", "a:3", "m1");
            expected = KeyspaceContents.of(cache.engine);
        }
        try (PersistentCache restarted = PersistentCache.open(dir)) {
            assertThat(restarted.recovered.snapshot()).isPresent();
            assertThat(restarted.recovered.replayed()).isEqualTo(2);
            assertThat(KeyspaceContents.of(restarted.engine)).isEqualTo(expected);
        }
    }

    @Test
    void aSnapshotKeepsAStreamWithItsGroupsAndPendingEntries() throws Exception {
        List<Reply> expected;
        try (PersistentCache cache = new PersistentCache(dir, false, "")) {
            for (int i = 1; i <= 5; i++) {
                cache.run("XADD", "orders", i + "-0", "n", String.valueOf(i));
            }
            cache.run("XGROUP", "CREATE", "orders", "billing", "0");
            cache.run("XREADGROUP", "GROUP", "billing", "w1", "COUNT", "3", "STREAMS", "orders", ">");
            cache.run("XACK", "orders", "billing", "1-0");
            cache.run("XDEL", "orders", "2-0"); // pending but deleted: still in the PEL
            expected = streamState(cache);
            assertThat(cache.run("SAVE")).isEqualTo(Reply.OK);
        }
        try (PersistentCache restarted = new PersistentCache(dir, false, "")) {
            assertThat(streamState(restarted)).isEqualTo(expected);
        }
    }

    /** What a consumer of the stream sees: entries, the group's pending summary and position. */
    private static List<Reply> streamState(PersistentCache cache) {
        return List.of(cache.run("XRANGE", "orders", "-", "+"),
                cache.run("XPENDING", "orders", "billing"),
                cache.run("XPENDING", "orders", "billing", "-", "+", "10", "w1") instanceof Reply.Array pending
                        ? Reply.integer(pending.items().size()) : Reply.NIL,
                cache.run("XREADGROUP", "GROUP", "billing", "w1", "COUNT", "10", "STREAMS", "orders", "0"),
                cache.run("XLEN", "orders"));
    }

    @Test
    void withTheAofOffASnapshotAloneIsLoaded() throws Exception {
        Map<String, String> expected;
        try (PersistentCache cache = new PersistentCache(dir, false, "")) {
            fill(cache, "k:", 500);
            assertThat(cache.run("SAVE")).isEqualTo(Reply.OK);
            expected = KeyspaceContents.of(cache.engine);
            cache.run("SET", "lost", "not in any snapshot");
        }
        try (PersistentCache restarted = new PersistentCache(dir, false, "")) {
            assertThat(KeyspaceContents.of(restarted.engine)).isEqualTo(expected);
        }
        // switching the AOF on later starts from that snapshot and makes it the AOF's base
        try (PersistentCache withAof = PersistentCache.open(dir)) {
            assertThat(withAof.recovered.rebase()).isTrue();
            withAof.run("SET", "after", "1");
            expected.put("after", "SET [1]");
        }
        try (PersistentCache again = PersistentCache.open(dir)) {
            assertThat(KeyspaceContents.of(again.engine)).isEqualTo(expected);
        }
    }

    @Test
    void aDamagedNewestSnapshotFallsBackToThePreviousOneAndALongerAofTail() throws Exception {
        Map<String, String> expected;
        try (PersistentCache cache = PersistentCache.open(dir)) {
            fill(cache, "a:", 2000);
            cache.runAndAwait("BGREWRITEAOF");
            fill(cache, "b:", 2000);
            cache.run("DEL", "a:5");
            cache.runAndAwait("BGREWRITEAOF");
            cache.run("SET", "c", "tail");
            expected = KeyspaceContents.of(cache.engine);
        }
        List<SnapshotInfo> generations = new FileSnapshotStore(dir.resolve("snapshots"), "dump", 2).list();
        assertThat(generations).hasSize(2);
        try (RandomAccessFile newest = new RandomAccessFile(generations.getFirst().file().toFile(), "rw")) {
            newest.seek(newest.length() / 2);
            int b = newest.read();
            newest.seek(newest.length() / 2);
            newest.write(b ^ 0x5A);
        }
        try (PersistentCache restarted = PersistentCache.open(dir)) {
            assertThat(restarted.recovered.snapshot().orElseThrow().snapshot().generation())
                    .isEqualTo(generations.get(1).generation());
            assertThat(restarted.recovered.replayed()).isGreaterThan(2000);
            assertThat(KeyspaceContents.of(restarted.engine)).isEqualTo(expected);
        }
    }

    @Test
    void anAofRewriteShrinksTheFilesAndARestartGivesTheSameKeyspace() throws Exception {
        Map<String, String> expected;
        long before;
        long after;
        try (PersistentCache cache = PersistentCache.open(dir)) {
            String value = "x".repeat(100);
            for (int i = 0; i < 20_000; i++) {
                cache.run("SET", "key:" + (i % 50), value + i);
                cache.run("INCR", "counter");
            }
            before = cache.log.stats().sizeBytes();
            assertThat(cache.runAndAwait("BGREWRITEAOF"))
                    .isEqualTo(new Reply.SimpleString("Background append only file rewriting started"));
            after = cache.log.stats().sizeBytes();
            cache.run("SET", "key:0", "after the rewrite");
            expected = KeyspaceContents.of(cache.engine);
            String info = text(cache.run("INFO", "persistence"));
            assertThat(info).contains("aof_enabled:1\r\n", "aof_rewrite_in_progress:0\r\n",
                    "aof_last_bgrewrite_status:ok\r\n");
        }
        assertThat(after).isLessThan(before / 10);
        try (PersistentCache restarted = PersistentCache.open(dir)) {
            assertThat(restarted.recovered.replayed()).isEqualTo(1);
            assertThat(KeyspaceContents.of(restarted.engine)).isEqualTo(expected);
        }
    }

    @Test
    void saveRulesTakeASnapshotOnceEnoughChangesHappenedInTheirTime() throws Exception {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        LocalCacheEngine engine = new LocalCacheEngine(clock::get);
        KeyspaceSnapshots snapshots = new KeyspaceSnapshots(new FileSnapshotStore(dir, "dump", 2));
        try (BackgroundSaver saver = new BackgroundSaver(engine, snapshots, null,
                new BackgroundSaver.Settings(SaveRules.parse("100 3 10 1000"), 0, 0), clock::get)) {
            engine.attachPersistence(saver);
            run(engine, "SET", "a", "1");
            run(engine, "SET", "b", "1");
            clock.addAndGet(200_000);
            assertThat(saver.checkTriggers()).as("2 changes < 3").isFalse();
            run(engine, "SET", "c", "1");
            assertThat(run(engine, "INFO", "persistence").toString()).contains("rdb_changes_since_last_save:3");
            assertThat(saver.checkTriggers()).isTrue();
            assertThat(saver.awaitIdle(Duration.ofMinutes(1))).isTrue();
            assertThat(snapshots.list()).hasSize(1);
            assertThat(saver.changesSinceLastSave()).isZero();
            assertThat(run(engine, "LASTSAVE")).isEqualTo(Reply.integer(clock.get() / 1000));
            run(engine, "SET", "d", "1");
            run(engine, "SET", "e", "1");
            run(engine, "SET", "f", "1");
            assertThat(saver.checkTriggers()).as("no time passed since the last save").isFalse();
        }
    }

    @Test
    void theAofIsRewrittenOnceItGrewByThePercentageOverItsSizeAfterTheLastRewrite() throws Exception {
        LocalCacheEngine engine = new LocalCacheEngine();
        KeyspaceSnapshots snapshots = new KeyspaceSnapshots(new FileSnapshotStore(dir.resolve("snapshots"), "dump", 2));
        try (var log = dev.infraplatform.storage.log.SegmentedAppendLog.open("aof", dir.resolve("appendonly"),
                PersistentCache.AOF_OPTIONS.withDurability(dev.infraplatform.storage.Durability.NONE), null, null)) {
            AppendOnlyFile aof = new AppendOnlyFile(log);
            engine.attachLog(aof);
            try (BackgroundSaver saver = new BackgroundSaver(engine, snapshots, aof,
                    new BackgroundSaver.Settings(SaveRules.parse(""), 100, 10_000), System::currentTimeMillis)) {
                for (int i = 0; i < 200; i++) {
                    run(engine, "SET", "k", "value " + i); // ~40 bytes each: 8 KB, under the minimum size
                }
                assertThat(saver.checkTriggers()).isFalse();
                for (int i = 0; i < 200; i++) {
                    run(engine, "SET", "k", "value " + i);
                }
                assertThat(saver.checkTriggers()).isTrue();
                assertThat(saver.awaitIdle(Duration.ofMinutes(1))).isTrue();
                assertThat(log.stats().sizeBytes()).isLessThan(1000);
                assertThat(snapshots.list()).hasSize(1);
                for (int i = 0; i < 300; i++) {
                    run(engine, "SET", "k", "value " + i);
                }
                assertThat(saver.checkTriggers()).as("past the minimum size again, and far over the size after the rewrite")
                        .isTrue();
            }
        }
    }

    @Test
    void oneJobAtATimeAsRedisRunsOneChildAndARewriteWaitsBehindASnapshot() throws Exception {
        LocalCacheEngine engine = new LocalCacheEngine();
        FileSnapshotStore files = new FileSnapshotStore(dir, "dump", 2);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        dev.infraplatform.storage.SnapshotStore held = new dev.infraplatform.storage.SnapshotStore() {
            @Override
            public SnapshotInfo write(PayloadWriter writer) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return files.write(writer);
            }

            @Override
            public <T> java.util.Optional<T> readLatest(PayloadReader<T> reader) {
                return files.readLatest(reader);
            }

            @Override
            public List<SnapshotInfo> list() {
                return files.list();
            }
        };
        try (BackgroundSaver saver = new BackgroundSaver(engine, new KeyspaceSnapshots(held), null,
                new BackgroundSaver.Settings(SaveRules.parse(""), 0, 0), System::currentTimeMillis)) {
            engine.attachPersistence(saver);
            run(engine, "SET", "k", "before");
            assertThat(run(engine, "BGSAVE")).isEqualTo(new Reply.SimpleString("Background saving started"));
            run(engine, "SET", "k", "after");
            assertThat(run(engine, "BGSAVE")).isEqualTo(Reply.error("ERR Background save already in progress"));
            assertThat(run(engine, "SAVE")).isEqualTo(Reply.error("ERR Background save already in progress"));
            assertThat(run(engine, "BGREWRITEAOF"))
                    .isEqualTo(new Reply.SimpleString("Background append only file rewriting scheduled"));
            assertThat(text(run(engine, "INFO", "persistence")))
                    .contains("rdb_bgsave_in_progress:1\r\n", "aof_rewrite_scheduled:1\r\n");
            release.countDown();
            assertThat(saver.awaitIdle(Duration.ofMinutes(1))).isTrue();
            assertThat(saver.jobsFinished()).isEqualTo(2);
            List<SnapshotInfo> written = files.list();
            assertThat(written).hasSize(2);
            LocalCacheEngine newest = new LocalCacheEngine();
            new KeyspaceSnapshots(files).loadLatest(newest);
            assertThat(run(newest, "GET", "k")).as("the rewrite's instant is when it began").isEqualTo(Reply.bulk("after"));
            java.nio.file.Files.delete(written.getFirst().file());
            LocalCacheEngine older = new LocalCacheEngine();
            new KeyspaceSnapshots(files).loadLatest(older);
            assertThat(run(older, "GET", "k")).as("BGSAVE's instant is the command").isEqualTo(Reply.bulk("before"));
        }
    }

    @Test
    void saveRulesAreParsedAsRedisWritesThem() {
        assertThat(SaveRules.parse("3600 1 300 100 60 10000").rules()).containsExactly(
                new SaveRules.Rule(3600, 1), new SaveRules.Rule(300, 100), new SaveRules.Rule(60, 10000));
        assertThat(SaveRules.parse("  ").isEmpty()).isTrue();
        assertThat(SaveRules.parse("").due(1_000_000, 1_000_000)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SaveRules.parse("60"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SaveRules.parse("60 0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void persistenceCommandsAnswerAsRedisDoes() throws Exception {
        assertThat(run(new LocalCacheEngine(), "BGSAVE")).isEqualTo(Reply.error("ERR persistence is not configured"));
        try (PersistentCache cache = PersistentCache.open(dir)) {
            assertThat(cache.run("BGSAVE", "NOW")).isEqualTo(Reply.error("ERR syntax error"));
            assertThat(cache.run("SAVE", "x")).isEqualTo(Reply.error("ERR wrong number of arguments for 'save' command"));
            String info = text(cache.run("INFO"));
            assertThat(info).contains("# Persistence\r\n", "rdb_bgsave_in_progress:0\r\n", "aof_enabled:1\r\n",
                    "rdb_last_bgsave_status:ok\r\n");
            assertThat(cache.run("SAVE")).isEqualTo(Reply.OK);
            assertThat(cache.run("LASTSAVE")).isInstanceOf(Reply.Int.class);
        }
    }
}
