package dev.infraplatform.cache.config;

import jakarta.validation.Valid;
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
 * @param persistence {@code infra.cache.persistence.*}
 */
@Validated
@ConfigurationProperties("infra.cache")
public record CacheProperties(
        @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration activeExpiryInterval,
        @NotNull @Valid @DefaultValue Persistence persistence) {

    /**
     * @param aof keep an append-only file of every write (Redis' {@code appendonly}, default true)
     * @param aofFsync {@code always}, {@code everysec} (default) or {@code no}: Redis' {@code appendfsync}
     */
    public record Persistence(@DefaultValue("true") boolean aof, @NotNull @DefaultValue("everysec") AofFsync aofFsync) {
    }

    /** Redis' appendfsync policies. */
    public enum AofFsync { ALWAYS, EVERYSEC, NO }
}
