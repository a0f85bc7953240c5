package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.CommandObserver;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.persistence.BackgroundSaver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache's meters, exported as {@code infra_cache_*}: commands by name and outcome with a
 * latency histogram, keys, expired and evicted keys, keyspace hits and misses, estimated memory
 * used and the limit, last snapshot time and duration, AOF rewrite in progress and AOF base size.
 */
@Component
class CacheMetrics implements CommandObserver {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> succeeded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> failed = new ConcurrentHashMap<>();

    CacheMetrics(MeterRegistry registry, LocalCacheEngine engine, CachePersistence persistence) {
        this.registry = registry;
        registerPersistence(registry, persistence.saver());
        Gauge.builder("infra.cache.keys", engine, LocalCacheEngine::keyCount)
                .description("Keys in the cache").register(registry);
        FunctionCounter.builder("infra.cache.expired.keys", engine, LocalCacheEngine::expiredKeyCount)
                .description("Keys deleted because their TTL passed").register(registry);
        FunctionCounter.builder("infra.cache.evicted.keys", engine, LocalCacheEngine::evictedKeyCount)
                .description("Keys deleted to keep memory under infra.cache.max-memory").register(registry);
        Gauge.builder("infra.cache.memory.used", engine, LocalCacheEngine::usedMemory).baseUnit("bytes")
                .description("Estimated bytes held by keys and values").register(registry);
        Gauge.builder("infra.cache.memory.max", engine, LocalCacheEngine::maxMemory).baseUnit("bytes")
                .description("infra.cache.max-memory (0: no limit)").register(registry);
        FunctionCounter.builder("infra.cache.keyspace.lookups", engine, e -> e.stats().hits())
                .description("Keys read commands looked up").tag("result", "hit").register(registry);
        FunctionCounter.builder("infra.cache.keyspace.lookups", engine, e -> e.stats().misses())
                .description("Keys read commands looked up").tag("result", "miss").register(registry);
        engine.observe(this);
    }

    private static void registerPersistence(MeterRegistry registry, BackgroundSaver saver) {
        Gauge.builder("infra.cache.snapshot.last.time", saver, s -> s.lastSaveMillis() / 1000.0)
                .description("When the last snapshot was taken (or loaded), unix seconds").register(registry);
        Gauge.builder("infra.cache.snapshot.last.duration", saver,
                        s -> s.lastSaveDurationMillis() < 0 ? Double.NaN : s.lastSaveDurationMillis() / 1000.0)
                .description("How long the last snapshot or AOF rewrite took, seconds (NaN before the first)")
                .register(registry);
        Gauge.builder("infra.cache.snapshot.changes", saver, BackgroundSaver::changesSinceLastSave)
                .description("Writes since the last snapshot").register(registry);
        Gauge.builder("infra.cache.aof.rewrite.in.progress", saver, s -> s.rewriteInProgress() ? 1 : 0)
                .description("1 while an AOF rewrite runs").register(registry);
        Gauge.builder("infra.cache.aof.base.size", saver, BackgroundSaver::aofBaseBytes)
                .description("Bytes of the AOF base, the snapshot the AOF is replayed on").baseUnit("bytes")
                .register(registry);
    }

    @Override
    public void executed(String command, long nanos, boolean error) {
        (error ? failed : succeeded).computeIfAbsent(command, name -> Timer.builder("infra.cache.commands")
                        .description("Cache commands run, by name and outcome")
                        .tag("command", name).tag("outcome", error ? "error" : "ok")
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(1_000))
                        .maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
