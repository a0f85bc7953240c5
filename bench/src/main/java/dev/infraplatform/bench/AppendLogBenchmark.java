package dev.infraplatform.bench;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JMH benchmarks of {@link SegmentedAppendLog#append(ByteBuffer)} (see bench/README.md).
 *
 * <ul>
 *   <li>{@link #appendSingle}: one appender thread, durability {@code NONE} and {@code INTERVAL},
 *       100 B and 1 KiB records; records/s (multiply by the record size for payload MB/s).</li>
 *   <li>{@code alwaysThroughput1/16/64} and {@code alwaysLatency1/16/64}: durability
 *       {@code ALWAYS} with 1, 16 and 64 concurrent appenders sharing one log (group commit);
 *       records/s ({@code Mode.Throughput}) and per-append latency percentiles including p0.99
 *       ({@code Mode.SampleTime}, ms/op).</li>
 * </ul>
 *
 * <p>Every measurement iteration appends to a fresh log in a fresh directory under
 * {@code -Dbench.dir} (default {@code bench/target/appendlog}, relative to the working directory);
 * the log is closed and its directory deleted when the iteration ends, so disk usage is bounded by
 * what one iteration writes. Segment size and every other option are the defaults
 * ({@link AppendLogOptions#defaults()}) except durability.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class AppendLogBenchmark {

    /** Distinct payloads per record size; cycled through by every appender. */
    private static final int PAYLOADS = 1024;
    private static final long SEED = 0x5EED_1234_ABCDL;

    /** Base directory of the benchmark logs; must be on the file system raw-disk.sh measures. */
    static Path baseDirectory() {
        return Paths.get(System.getProperty("bench.dir", "bench/target/appendlog")).toAbsolutePath();
    }

    static ByteBuffer[] payloads(int recordSize) {
        SplittableRandom random = new SplittableRandom(SEED);
        ByteBuffer[] result = new ByteBuffer[PAYLOADS];
        for (int i = 0; i < PAYLOADS; i++) {
            byte[] bytes = new byte[recordSize];
            for (int j = 0; j < recordSize; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            // append() reads the buffer through duplicate(): never moved, safe to share between threads
            result[i] = ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
        return result;
    }

    static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A log that is re-created for every iteration; shared by all appender threads. */
    public abstract static class LogState {

        private ScheduledExecutorService scheduler;
        private Path trialDirectory;
        private Path iterationDirectory;
        private int iteration;
        private SimpleMeterRegistry registry;
        ByteBuffer[] payloads;
        SegmentedAppendLog log;

        abstract int recordSize();

        abstract Durability durability();

        /** Options of the log: the defaults with this state's durability. */
        AppendLogOptions options() {
            return AppendLogOptions.defaults().withDurability(durability());
        }

        @Setup(Level.Trial)
        public void setUpTrial() throws IOException {
            payloads = payloads(recordSize());
            Files.createDirectories(baseDirectory());
            trialDirectory = Files.createTempDirectory(baseDirectory(), "trial-");
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "append-log-flusher");
                t.setDaemon(true);
                return t;
            });
        }

        @Setup(Level.Iteration)
        public void setUpIteration() {
            iterationDirectory = trialDirectory.resolve("iteration-" + (iteration++));
            registry = Boolean.getBoolean("bench.metrics") ? new SimpleMeterRegistry() : null;
            log = SegmentedAppendLog.open("bench", iterationDirectory, options(), registry, scheduler);
        }

        @TearDown(Level.Iteration)
        public void tearDownIteration() {
            if (registry != null && log != null) {
                printMetrics();
            }
            if (log != null) {
                log.close();
                log = null;
            }
            deleteRecursively(iterationDirectory);
        }

        /** -Dbench.metrics=true (in the fork: -jvmArgsAppend): appends per fsync and fsync time. */
        private void printMetrics() {
            double appends = registry.get("infra.storage.log.appends").counter().count();
            Timer fsync = registry.get("infra.storage.log.fsync").timer();
            long fsyncs = fsync.count();
            System.out.printf("%n    [log metrics] appends=%.0f fsyncs=%d appends/fsync=%.1f fsync mean=%.3f ms max=%.3f ms"
                            + " fsync busy=%.1f s%n", appends, fsyncs, fsyncs == 0 ? 0 : appends / fsyncs,
                    fsync.mean(TimeUnit.MILLISECONDS), fsync.max(TimeUnit.MILLISECONDS),
                    fsync.totalTime(TimeUnit.SECONDS));
        }

        @TearDown(Level.Trial)
        public void tearDownTrial() {
            tearDownIteration();
            scheduler.shutdownNow();
            deleteRecursively(trialDirectory);
        }
    }

    /** One appender: durability NONE or INTERVAL (background fsync every second). */
    @State(Scope.Benchmark)
    public static class SingleAppenderLog extends LogState {

        @Param({"100", "1024"})
        public int recordSize;

        @Param({"NONE", "INTERVAL"})
        public Durability durability;

        /**
         * Segment size; 0 = the default (128 MiB). Diagnostic only: {@code -p segmentBytes=2147483647}
         * keeps one iteration in one segment, which shows what segment rolls (each forces the
         * segment to the device) cost.
         */
        @Param({"0"})
        public int segmentBytes;

        @Override
        int recordSize() {
            return recordSize;
        }

        @Override
        Durability durability() {
            return durability;
        }

        @Override
        AppendLogOptions options() {
            AppendLogOptions options = super.options();
            return segmentBytes == 0 ? options : options.withSegmentBytes(segmentBytes);
        }
    }

    /** Many appenders on one ALWAYS log: each append returns after an fsync covering it. */
    @State(Scope.Benchmark)
    public static class AlwaysLog extends LogState {

        @Param({"100", "1024"})
        public int recordSize;

        @Override
        int recordSize() {
            return recordSize;
        }

        @Override
        Durability durability() {
            return Durability.ALWAYS;
        }
    }

    /** Per-thread position in the payload array, so threads do not contend on a shared counter. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        @Setup(Level.Trial)
        public void setUp() {
            next = (int) (Thread.currentThread().threadId() * 31);
        }

        ByteBuffer next(ByteBuffer[] payloads) {
            return payloads[(next++) & (PAYLOADS - 1)];
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public long appendSingle(SingleAppenderLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }

    // ALWAYS: records/s. Threads share one AlwaysLog; each append waits for an fsync that covers it.

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public long alwaysThroughput1(AlwaysLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    public long alwaysThroughput16(AlwaysLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(64)
    public long alwaysThroughput64(AlwaysLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }

    // ALWAYS: per-append latency distribution (JMH prints p0.50 ... p0.99, p0.999 ..., in ms/op).

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public long alwaysLatency1(AlwaysLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(16)
    public long alwaysLatency16(AlwaysLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(64)
    public long alwaysLatency64(AlwaysLog state, Cursor cursor) {
        return state.log.append(cursor.next(state.payloads));
    }
}
