package dev.infraplatform.storage.health;

import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.config.StorageProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code storage} health component: UP while the data directory accepts a write and its
 * device has at least {@code infra.storage.min-free-space} free; DOWN otherwise, with the reason.
 */
@Component("storage")
class StorageHealthIndicator implements HealthIndicator {

    private static final String PROBE_FILE = ".health-probe";

    private final DataDirectory dataDirectory;
    private final AppendLogs appendLogs;
    private final StorageProperties properties;

    StorageHealthIndicator(DataDirectory dataDirectory, AppendLogs appendLogs, StorageProperties properties) {
        this.dataDirectory = dataDirectory;
        this.appendLogs = appendLogs;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Path root = dataDirectory.root();
        long threshold = properties.minFreeSpace().toBytes();
        Health.Builder health = Health.up()
                .withDetail("dataDir", root.toString())
                .withDetail("minFreeBytes", threshold)
                .withDetail("openLogs", appendLogs.openLogs().size());
        try {
            long free = dataDirectory.usableSpace();
            health.withDetail("freeBytes", free).withDetail("totalBytes", dataDirectory.totalSpace());
            if (free < threshold) {
                health.down().withDetail("reason", "free disk space " + free + " bytes is below the threshold of "
                        + threshold + " bytes (infra.storage.min-free-space)");
            }
        } catch (RuntimeException e) {
            return health.down().withDetail("reason", "cannot read disk space: " + e.getMessage()).build();
        }
        try {
            Path probe = root.resolve(PROBE_FILE);
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
            health.withDetail("writable", true);
        } catch (IOException e) {
            health.down().withDetail("writable", false)
                    .withDetail("reason", "data directory is not writable: " + e);
        }
        return health.build();
    }
}
