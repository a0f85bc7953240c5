package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.EvictionPolicy;
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
     * @param save Redis' {@code save}: pairs {@code <seconds> <changes>}, a snapshot is taken once
     *     any pair is met (default {@code 3600 1 300 100 60 10000}); empty = no automatic snapshots
     * @param snapshotGenerations snapshots kept on disk; an older one is the fallback when the
     *     newest is damaged (default 2)
     * @param autoAofRewritePercentage rewrite the AOF once it grew by this percentage over its size
     *     after the last rewrite (Redis' {@code auto-aof-rewrite-percentage}, default 100; 0 = never)
     * @param autoAofRewriteMinSize ... and is at least this big (default 64MB)
     */
    public record Persistence(@DefaultValue("true") boolean aof, @NotNull @DefaultValue("everysec") AofFsync aofFsync,
                              @NotNull @Pattern(regexp = SAVE_RULES, message = SAVE_RULES_MESSAGE)
                              @DefaultValue("3600 1 300 100 60 10000") String save,
                              @Min(1) @Max(100) @DefaultValue("2") int snapshotGenerations,
                              @Min(0) @DefaultValue("100") int autoAofRewritePercentage,
                              @NotNull @DefaultValue("64MB") DataSize autoAofRewriteMinSize) {

        static final String SAVE_RULES = "\\s*([1-9][0-9]{0,17}\\s+[1-9][0-9]{0,17}(\\s+[1-9][0-9]{0,17}\\s+[1-9][0-9]{0,17})*)?\\s*";
        static final String SAVE_RULES_MESSAGE = "must be pairs of positive integers <seconds> <changes>, or empty";
    }

    /** Redis' appendfsync policies. */
    public enum AofFsync { ALWAYS, EVERYSEC, NO }
}
