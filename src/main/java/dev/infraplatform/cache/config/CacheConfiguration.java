package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cache engine; {@link ActiveExpiry} sweeps it for expired keys. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    @Bean
    LocalCacheEngine cacheEngine() {
        return new LocalCacheEngine();
    }
}
