package dev.infraplatform.storage.config;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.storage.*}: settings of the shared storage engine.
 *
 * @param minFreeSpace the storage health component reports DOWN when less is free on the data
 *     directory's device (default 512MB)
 * @param retentionCheckInterval how often logs with retention limits delete expired segments
 *     (default 5m, Kafka's {@code log.retention.check.interval.ms})
 */
@Validated
@ConfigurationProperties("infra.storage")
public record StorageProperties(
        @NotNull @DefaultValue("512MB") DataSize minFreeSpace,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("5m") Duration retentionCheckInterval) {

    public StorageProperties {
        if (minFreeSpace != null && minFreeSpace.isNegative()) {
            throw new IllegalArgumentException("infra.storage.min-free-space must not be negative: " + minFreeSpace);
        }
    }
}
