package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.EvictionPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code infra.cache.*}: settings of the Redis-like cache.
 *
 * @param activeExpiryInterval how often a slice of the keyspace is swept for expired keys; the
 *     whole keyspace is swept every ten intervals (default 100ms, Redis' {@code hz 10})
 * @param persistence {@code infra.cache.persistence.*}
 * @param maxMemory Redis' {@code maxmemory}: the limit on the estimated bytes of keys and values
 *     (not the JVM heap); {@code 0} (the default) for none
 * @param maxMemoryPolicy Redis' {@code maxmemory-policy}: {@code noeviction} (default: writes that
 *     may grow memory fail with OOM), {@code allkeys-lru}, {@code volatile-lru}, {@code allkeys-lfu},
 *     {@code volatile-lfu}, {@code allkeys-random}, {@code volatile-random}, {@code volatile-ttl}
 */
@Validated
@ConfigurationProperties("infra.cache")
public record CacheProperties(
        @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration activeExpiryInterval,
        @NotNull @Valid @DefaultValue Persistence persistence,
        @NotNull @DefaultValue("0") DataSize maxMemory,
        @NotNull @DefaultValue("noeviction") EvictionPolicy maxMemoryPolicy) {

    /**
     * @param aof keep an append-only file of every write (Redis' {@code appendonly}, default true)
     * @param aofFsync {@code always}, {@code everysec} (default) or {@code no}: Redis' {@code appendfsync}
     */
    public record Persistence(@DefaultValue("true") boolean aof, @NotNull @DefaultValue("everysec") AofFsync aofFsync) {
    }

    /** Redis' appendfsync policies. */
    public enum AofFsync { ALWAYS, EVERYSEC, NO }
}
