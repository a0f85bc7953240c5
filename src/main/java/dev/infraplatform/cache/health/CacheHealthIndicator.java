package dev.infraplatform.cache.health;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The {@code cache} health component: DOWN while the AOF cannot be written (writes are refused). */
@Component("cache")
class CacheHealthIndicator implements HealthIndicator {

    private final LocalCacheEngine engine;

    CacheHealthIndicator(LocalCacheEngine engine) {
        this.engine = engine;
    }

    @Override
    public Health health() {
        String failure = engine.commandLogFailure();
        Health.Builder health = failure == null ? Health.up() : Health.down().withDetail("aof", failure);
        return health.withDetail("keys", engine.keyCount()).build();
    }
}
