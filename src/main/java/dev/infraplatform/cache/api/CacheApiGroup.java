package dev.infraplatform.cache.api;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cache module's group in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class CacheApiGroup {

    @Bean
    GroupedOpenApi cacheApi() {
        return GroupedOpenApi.builder().group("cache").displayName("Cache").pathsToMatch("/api/v1/cache/**").build();
    }
}
