package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.StorageFailures;
import dev.infraplatform.storage.config.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The application's {@link AppendLogs}: opens {@link SegmentedAppendLog}s under the data directory
 * with the shared meter registry, runs their periodic fsyncs and retention on one scheduler
 * thread, and closes them cleanly on shutdown.
 */
@Component
class ManagedAppendLogs implements AppendLogs, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ManagedAppendLogs.class);

    private final DataDirectory dataDirectory;
    private final MeterRegistry registry;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentHashMap<String, SegmentedAppendLog> logs = new ConcurrentHashMap<>();

    ManagedAppendLogs(DataDirectory dataDirectory, MeterRegistry registry, StorageProperties properties) {
        this.dataDirectory = dataDirectory;
        this.registry = registry;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("storage-scheduler").factory());
        long period = properties.retentionCheckInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::applyRetention, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public AppendLog open(String name, AppendLogOptions options) {
        Path directory = dataDirectory.resolve(name);
        return logs.compute(name, (key, existing) -> {
            if (existing != null && !existing.isClosed()) {
                throw new IllegalStateException("log " + name + " is already open");
            }
            return SegmentedAppendLog.open(name, directory, options, registry, scheduler);
        });
    }

    @Override
    public void delete(String name) {
        Path directory = dataDirectory.resolve(name);
        SegmentedAppendLog open = logs.remove(name);
        if (open != null) {
            open.close();
        }
        try {
            FileSystemUtils.deleteRecursively(directory);
        } catch (IOException e) {
            throw StorageFailures.translate("deleting log " + name, e);
        }
    }

    @Override
    public List<AppendLog> openLogs() {
        return logs.values().stream().filter(l -> !l.isClosed()).map(AppendLog.class::cast).toList();
    }

    private void applyRetention() {
        for (SegmentedAppendLog appendLog : logs.values()) {
            if (appendLog.isClosed()) {
                continue;
            }
            try {
                appendLog.applyRetention();
            } catch (RuntimeException e) {
                log.warn("Retention of log {} failed: {}", appendLog.name(), e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
        logs.values().forEach(SegmentedAppendLog::close);
        logs.clear();
    }
}
