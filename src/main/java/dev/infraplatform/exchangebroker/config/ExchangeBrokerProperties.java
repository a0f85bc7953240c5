package dev.infraplatform.exchangebroker.config;

import dev.infraplatform.storage.Durability;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.exchangebroker.*}: settings of the RabbitMQ-like exchange broker.
 *
 * @param sweepInterval how often messages past their TTL anywhere in a queue are dead-lettered,
 *     queues unused past {@code x-expires} deleted, consumers silent past their ack timeout
 *     closed and the journal checked for compaction (default 1s)
 * @param defaultPrefetch the prefetch of a consumer opened without one; 0 is unlimited, as AMQP's
 *     {@code basic.qos} default (default 0)
 * @param maxGetCount cap on one get's {@code count} (default 1000)
 * @param journal where persistent messages of durable queues are kept
 */
@Validated
@ConfigurationProperties("infra.exchangebroker")
public record ExchangeBrokerProperties(
        @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration sweepInterval,
        @Min(0) @DefaultValue("0") int defaultPrefetch,
        @Min(1) @DefaultValue("1000") int maxGetCount,
        @NotNull @Valid @DefaultValue Journal journal) {

    /**
     * {@code infra.exchangebroker.journal.*}.
     *
     * @param durability when journal records are forced to disk: {@code always} (default: a
     *     publisher confirm, the answer to a publish, means the message is on disk, as RabbitMQ's
     *     confirms; concurrent publishes share one fsync), {@code interval} or {@code none}
     * @param flushInterval the fsync period under {@code interval} (default 1s)
     * @param maxMessageSize largest persistent message a durable queue takes, payload, headers and
     *     properties encoded (default 16MB, RabbitMQ's {@code max_message_size}); larger ones are
     *     refused with PRECONDITION_FAILED
     * @param compactSize the journal size at which a snapshot replaces it, unless the last snapshot
     *     is larger (default 64MB)
     * @param segmentSize size of the journal's segment files (default 16MB)
     */
    public record Journal(
            @NotNull @DefaultValue("always") Durability durability,
            @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration flushInterval,
            @NotNull @DefaultValue("16MB") DataSize maxMessageSize,
            @NotNull @DefaultValue("64MB") DataSize compactSize,
            @NotNull @DefaultValue("16MB") DataSize segmentSize) {

        public Journal {
            checkRange("max-message-size", maxMessageSize, 1024, 512L << 20);
            checkRange("compact-size", compactSize, 1024, Long.MAX_VALUE);
            checkRange("segment-size", segmentSize, 1024, 1L << 30);
        }

        private static void checkRange(String property, DataSize value, long min, long max) {
            if (value != null && (value.toBytes() < min || value.toBytes() > max)) {
                throw new IllegalArgumentException("infra.exchangebroker.journal." + property + " must be between "
                        + min + " and " + max + " bytes: " + value);
            }
        }
    }
}
