package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.CommandObserver;
import dev.infraplatform.cache.engine.LocalCacheEngine;
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
 * used and the limit.
 */
@Component
class CacheMetrics implements CommandObserver {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer> succeeded = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> failed = new ConcurrentHashMap<>();

    CacheMetrics(MeterRegistry registry, LocalCacheEngine engine) {
        this.registry = registry;
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
