package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLogStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The meters of one append log, tagged {@code log=<name>}: appends and appended bytes, append
 * failures by reason, the fsync latency histogram, segments and bytes on disk, bytes cut by
 * recovery and segments deleted by retention. Exported as {@code infra_storage_log_*}. The gauges
 * hold their stats supplier strongly (a lambda nothing else keeps: a weak reference would let the
 * collector take it and the gauges read NaN); {@link #close()} removes them with the log.
 */
final class LogMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter appends;
    private final Counter appendBytes;
    private final Counter diskFull;
    private final Counter ioErrors;
    private final Timer fsync;
    private final Counter recoveryTruncatedBytes;
    private final Counter retentionDeletedSegments;

    LogMetrics(MeterRegistry registry, String logName, Supplier<AppendLogStats> stats) {
        this.registry = registry;
        Tags tags = Tags.of("log", logName);
        appends = register(Counter.builder("infra.storage.log.appends")
                .description("Records appended to the log").tags(tags).register(registry));
        appendBytes = register(Counter.builder("infra.storage.log.append").baseUnit("bytes")
                .description("Bytes appended to the log, framing included").tags(tags).register(registry));
        diskFull = register(Counter.builder("infra.storage.log.append.failures")
                .description("Appends that failed and left no trace").tags(tags).tag("reason", "disk_full")
                .register(registry));
        ioErrors = register(Counter.builder("infra.storage.log.append.failures")
                .description("Appends that failed and left no trace").tags(tags).tag("reason", "io_error")
                .register(registry));
        fsync = register(Timer.builder("infra.storage.log.fsync")
                .description("Time to force the log's active segment to the device").tags(tags)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry));
        recoveryTruncatedBytes = register(Counter.builder("infra.storage.log.recovery.truncated").baseUnit("bytes")
                .description("Bytes of torn or corrupt tail cut off when the log was opened").tags(tags)
                .register(registry));
        retentionDeletedSegments = register(Counter.builder("infra.storage.log.retention.deleted.segments")
                .description("Segments deleted by retention").tags(tags).register(registry));
        register(Gauge.builder("infra.storage.log.segments", stats, s -> s.get().segments())
                .description("Segment files of the log").tags(tags).strongReference(true).register(registry));
        register(Gauge.builder("infra.storage.log.size", stats, s -> s.get().sizeBytes()).baseUnit("bytes")
                .description("Bytes in the log's segment files").tags(tags).strongReference(true).register(registry));
        register(Gauge.builder("infra.storage.log.end.offset", stats, s -> s.get().endOffset())
                .description("Next offset the log will assign").tags(tags).strongReference(true).register(registry));
        register(Gauge.builder("infra.storage.log.unsynced.records", stats, s -> s.get().unsyncedRecords())
                .description("Records written but not yet forced to disk (fsync lag)").tags(tags)
                .strongReference(true).register(registry));
    }

    /** Meters kept in a private registry, for logs opened outside the application. */
    static LogMetrics detached(String logName, Supplier<AppendLogStats> stats) {
        return new LogMetrics(new SimpleMeterRegistry(), logName, stats);
    }

    private <M extends Meter> M register(M meter) {
        meters.add(meter);
        return meter;
    }

    void appended(int records, long bytes) {
        appends.increment(records);
        appendBytes.increment(bytes);
    }

    void appendFailed(boolean diskIsFull) {
        (diskIsFull ? diskFull : ioErrors).increment();
    }

    void fsynced(long nanos) {
        fsync.record(Duration.ofNanos(nanos));
    }

    void recoveryTruncated(long bytes) {
        recoveryTruncatedBytes.increment(bytes);
    }

    void retentionDeleted(int segments) {
        retentionDeletedSegments.increment(segments);
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
    }
}
