package dev.infraplatform.web;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * {@code infra.web.*}: limits every REST endpoint enforces.
 *
 * @param maxRequestSize larger request bodies get 413 {@code PAYLOAD_TOO_LARGE} (default 10MB)
 * @param maxWait the cap on any long poll's {@code waitMs} (default 30s)
 */
@Validated
@ConfigurationProperties("infra.web")
public record WebProperties(
        @NotNull @DefaultValue("10MB") DataSize maxRequestSize,
        @NotNull @DurationMin(millis = 0) @DefaultValue("30s") Duration maxWait) {

    public WebProperties {
        if (maxRequestSize != null && maxRequestSize.toBytes() < 1) {
            throw new IllegalArgumentException("infra.web.max-request-size must be positive: " + maxRequestSize);
        }
    }

    /** A client's {@code waitMs}, bounded to {@code [0, maxWait]}. */
    public Duration capWait(long waitMs) {
        if (waitMs <= 0) {
            return Duration.ZERO;
        }
        return waitMs >= maxWait.toMillis() ? maxWait : Duration.ofMillis(waitMs);
    }
}
