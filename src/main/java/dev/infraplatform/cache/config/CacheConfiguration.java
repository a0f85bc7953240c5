package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cache engine with its memory limit; {@link ActiveExpiry} sweeps it for expired keys. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    @Bean
    LocalCacheEngine cacheEngine(CacheProperties properties) {
        LocalCacheEngine engine = new LocalCacheEngine();
        engine.setMaxMemory(properties.maxMemory().toBytes());
        engine.setEvictionPolicy(properties.maxMemoryPolicy());
        return engine;
    }
}
