package dev.infraplatform.search.api;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The search module's group in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class SearchApiGroup {

    @Bean
    GroupedOpenApi searchApi() {
        return GroupedOpenApi.builder().group("search").displayName("Search (Elasticsearch)")
                .pathsToMatch("/api/v1/search/**")
                .build();
    }
}
