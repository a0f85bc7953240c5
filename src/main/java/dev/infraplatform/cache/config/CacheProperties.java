package dev.infraplatform.cache.config;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.cache.*}: settings of the Redis-like cache.
 *
 * @param activeExpiryInterval how often a slice of the keyspace is swept for expired keys; the
 *     whole keyspace is swept every ten intervals (default 100ms, Redis' {@code hz 10})
 */
@Validated
@ConfigurationProperties("infra.cache")
public record CacheProperties(
        @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration activeExpiryInterval) {
}
