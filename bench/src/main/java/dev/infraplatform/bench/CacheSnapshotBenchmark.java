package dev.infraplatform.bench;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.persistence.AofFormat;
import dev.infraplatform.cache.persistence.AppendOnlyFile;
import dev.infraplatform.cache.persistence.BackgroundSaver;
import dev.infraplatform.cache.persistence.KeyspaceSnapshots;
import dev.infraplatform.cache.persistence.SaveRules;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Benchmark (3) of the cache: a snapshot (BGSAVE) and an AOF rewrite (BGREWRITEAOF) of a keyspace
 * of {@code -Dkeys} keys (default 1,000,000 strings of 100 bytes, AOF everysec), each timed from
 * the command until the file is written, while {@code -Dwriters} threads (default 1) run SET on
 * random existing keys and record every command's latency: the worst one during the job is the
 * figure of merit (target &lt; 50 ms). A baseline period without any job gives the same figures
 * for comparison. A plain main class, not JMH: one long job per measurement, latencies of a
 * concurrent writer. See bench/README.md.
 */
public final class CacheSnapshotBenchmark {

    private static final int VALUE_BYTES = 100;

    private CacheSnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = Integer.getInteger("keys", 1_000_000);
        int writers = Integer.getInteger("writers", 1);
        int rounds = Integer.getInteger("rounds", 3);
        Path dir = Path.of(System.getProperty("bench.dir", "bench/target/cache-snapshot"));
        deleteRecursively(dir);
        Files.createDirectories(dir);
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
        LocalCacheEngine engine = new LocalCacheEngine();
        SegmentedAppendLog log = SegmentedAppendLog.open("aof", dir.resolve("appendonly"),
                AppendLogOptions.defaults().withDurability(Durability.INTERVAL).withFraming(AofFormat.resp()),
                null, flusher);
        AppendOnlyFile aof = new AppendOnlyFile(log);
        engine.attachLog(aof);
        KeyspaceSnapshots snapshots = new KeyspaceSnapshots(new FileSnapshotStore(dir.resolve("snapshots"), "dump", 2));
        BackgroundSaver saver = new BackgroundSaver(engine, snapshots, aof,
                new BackgroundSaver.Settings(SaveRules.parse(""), 0, 0), System::currentTimeMillis);
        engine.attachPersistence(saver);

        long fillStarted = System.nanoTime();
        byte[] value = new byte[VALUE_BYTES];
        Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < keys; i++) {
            engine.execute(List.of(bytes("SET"), bytes("key:" + i), value));
        }
        System.out.printf("filled %,d keys in %.1f s; AOF %,d bytes%n", keys,
                (System.nanoTime() - fillStarted) / 1e9, log.stats().sizeBytes());

        for (int round = 1; round <= rounds; round++) {
            System.out.printf("%nround %d%n", round);
            measure("baseline (no job, 5 s)", engine, saver, keys, writers, null);
            measure("BGSAVE", engine, saver, keys, writers, "BGSAVE");
            long aofBefore = log.stats().sizeBytes();
            measure("BGREWRITEAOF", engine, saver, keys, writers, "BGREWRITEAOF");
            System.out.printf("  AOF %,d -> %,d bytes, snapshot %,d bytes%n", aofBefore, log.stats().sizeBytes(),
                    snapshots.list().getFirst().payloadBytes());
        }
        saver.close();
        log.close();
        flusher.shutdownNow();
        deleteRecursively(dir);
    }

    /** Runs the writers during the job (or 5 s without one) and prints duration and latencies. */
    private static void measure(String label, LocalCacheEngine engine, BackgroundSaver saver, int keys, int writers,
                                String command) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LatencyRecorder[] recorders = new LatencyRecorder[writers];
        Thread[] threads = new Thread[writers];
        for (int w = 0; w < writers; w++) {
            LatencyRecorder recorder = new LatencyRecorder();
            recorders[w] = recorder;
            int seed = w;
            threads[w] = Thread.ofPlatform().name("writer-" + w).start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                byte[] set = bytes("SET");
                byte[] newValue = new byte[VALUE_BYTES];
                Arrays.fill(newValue, (byte) 'w');
                while (!stop.get()) {
                    byte[] key = bytes("key:" + random.nextInt(keys));
                    long started = System.nanoTime();
                    Reply reply = engine.execute(List.of(set, key, newValue));
                    recorder.record(System.nanoTime() - started);
                    if (reply instanceof Reply.Error error) {
                        throw new IllegalStateException(error.message());
                    }
                }
            });
        }
        long started = System.nanoTime();
        if (command == null) {
            Thread.sleep(5_000); // the baseline period: a fixed span of writing, nothing to wait for
        } else {
            Reply reply = engine.execute(List.of(bytes(command)));
            if (reply instanceof Reply.Error error) {
                throw new IllegalStateException(error.message());
            }
            if (!saver.awaitIdle(Duration.ofMinutes(30))) {
                throw new IllegalStateException(command + " did not finish");
            }
        }
        long elapsed = System.nanoTime() - started;
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        LatencyRecorder all = LatencyRecorder.merge(recorders);
        System.out.printf("  %-24s %7.2f s   writes %,9d (%,.0f/s)   latency p50 %.3f ms  p99 %.3f ms  "
                        + "p99.9 %.3f ms  max %.2f ms%n", label, elapsed / 1e9, all.count(),
                all.count() / (elapsed / 1e9), all.percentile(0.50) / 1e6, all.percentile(0.99) / 1e6,
                all.percentile(0.999) / 1e6, all.max() / 1e6);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Every latency of one writer, in nanoseconds (grows as needed; a few tens of MB per job at most). */
    private static final class LatencyRecorder {

        private long[] samples = new long[1 << 16];
        private int count;

        void record(long nanos) {
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = nanos;
        }

        static LatencyRecorder merge(LatencyRecorder[] recorders) {
            LatencyRecorder merged = new LatencyRecorder();
            for (LatencyRecorder recorder : recorders) {
                for (int i = 0; i < recorder.count; i++) {
                    merged.record(recorder.samples[i]);
                }
            }
            Arrays.sort(merged.samples, 0, merged.count);
            return merged;
        }

        int count() {
            return count;
        }

        long percentile(double p) {
            return count == 0 ? 0 : samples[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
        }

        long max() {
            return count == 0 ? 0 : samples[count - 1];
        }
    }
}
