package dev.infraplatform.storage.api;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The storage module's group in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class StorageApiGroup {

    @Bean
    GroupedOpenApi storageApi() {
        return GroupedOpenApi.builder().group("storage").displayName("Storage").pathsToMatch("/api/v1/storage/**")
                .build();
    }
}
