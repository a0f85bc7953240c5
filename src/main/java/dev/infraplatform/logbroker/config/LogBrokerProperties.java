package dev.infraplatform.logbroker.config;

import dev.infraplatform.storage.Durability;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.logbroker.*}: settings of the Kafka-like log broker. The {@code default-*} values
 * apply to topics created without the setting (Kafka's broker-level topic defaults).
 *
 * @param defaultPartitions Kafka's {@code num.partitions} (default 1)
 * @param defaultRetention Kafka's {@code log.retention.ms} (default 7d; a negative value keeps everything)
 * @param defaultRetentionBytes Kafka's {@code log.retention.bytes}, per partition (default -1: no limit)
 * @param defaultSegmentBytes Kafka's {@code log.segment.bytes} (default 1GB)
 * @param defaultFlush when appends are forced to disk: {@code always}, {@code interval} (default) or {@code none}
 * @param flushInterval the fsync period of topics with flush {@code interval} (default 1s)
 * @param maxPartitions most partitions one topic may have (default 1000)
 * @param maxFetchRecords cap on a fetch's or poll's {@code maxRecords} (default 10000)
 * @param maxFetchBytes cap on the record bytes one fetch reads per partition (default 4MB)
 * @param producerIdExpiration idempotence state of a producer silent this long is dropped (Kafka's
 *     {@code producer.id.expiration.ms}, default 1d)
 * @param groups {@code infra.logbroker.groups.*}
 */
@Validated
@ConfigurationProperties("infra.logbroker")
public record LogBrokerProperties(
        @Min(1) @DefaultValue("1") int defaultPartitions,
        @NotNull @DefaultValue("7d") Duration defaultRetention,
        @Min(-1) @DefaultValue("-1") long defaultRetentionBytes,
        @NotNull @DefaultValue("1GB") DataSize defaultSegmentBytes,
        @NotNull @DefaultValue("interval") Durability defaultFlush,
        @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration flushInterval,
        @Min(1) @Max(100_000) @DefaultValue("1000") int maxPartitions,
        @Min(1) @DefaultValue("10000") int maxFetchRecords,
        @NotNull @DefaultValue("4MB") DataSize maxFetchBytes,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("1d") Duration producerIdExpiration,
        @NotNull @Valid @DefaultValue Groups groups) {

    /**
     * Consumer groups.
     *
     * @param sessionTimeout a member silent this long is evicted (Kafka's {@code group.consumer.session.timeout.ms}, default 45s)
     * @param minSessionTimeout the shortest session timeout a member may ask for (default 1s)
     * @param maxSessionTimeout the longest session timeout a member may ask for (default 30m)
     * @param maxMembers most members one group may have (Kafka's {@code group.consumer.max.size}, default 1000)
     * @param autoOffsetReset where a new group starts: {@code earliest} or {@code latest} (Kafka's
     *     consumer default, {@code latest})
     */
    public record Groups(@NotNull @DurationMin(millis = 1) @DefaultValue("45s") Duration sessionTimeout,
                         @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration minSessionTimeout,
                         @NotNull @DurationMin(millis = 1) @DefaultValue("30m") Duration maxSessionTimeout,
                         @Min(1) @DefaultValue("1000") int maxMembers,
                         @NotNull @Pattern(regexp = "earliest|latest") @DefaultValue("latest") String autoOffsetReset) {
    }
}
