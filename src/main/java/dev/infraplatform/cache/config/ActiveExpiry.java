package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Redis' active expiry: every {@code infra.cache.active-expiry-interval} a tenth of the keyspace's
 * shards is swept for expired keys, so keys nobody reads again still go away (the whole keyspace
 * every ten intervals). The scheduler is private: an executor bean would make Spring Boot back off
 * its own task executor.
 */
@Component
class ActiveExpiry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ActiveExpiry.class);
    private static final int SWEEPS_PER_CYCLE = 10;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cache-active-expiry").factory());

    ActiveExpiry(LocalCacheEngine engine, CacheProperties properties) {
        int shardsPerSweep = Math.max(1, LocalCacheEngine.shardCount() / SWEEPS_PER_CYCLE);
        long period = properties.activeExpiryInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                engine.expireSome(shardsPerSweep);
            } catch (RuntimeException e) {
                log.warn("Active expiry sweep failed", e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
