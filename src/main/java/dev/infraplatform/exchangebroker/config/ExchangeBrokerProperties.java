package dev.infraplatform.exchangebroker.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.exchangebroker.*}: settings of the RabbitMQ-like exchange broker.
 *
 * @param sweepInterval how often messages past their TTL anywhere in a queue are dead-lettered,
 *     queues unused past {@code x-expires} deleted and consumers silent past their ack timeout
 *     closed (default 1s)
 * @param defaultPrefetch the prefetch of a consumer opened without one; 0 is unlimited, as AMQP's
 *     {@code basic.qos} default (default 0)
 * @param maxGetCount cap on one get's {@code count} (default 1000)
 */
@Validated
@ConfigurationProperties("infra.exchangebroker")
public record ExchangeBrokerProperties(
        @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration sweepInterval,
        @Min(0) @DefaultValue("0") int defaultPrefetch,
        @Min(1) @DefaultValue("1000") int maxGetCount) {
}
