package dev.infraplatform.logbroker.api;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log broker's group in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class LogBrokerApiGroup {

    @Bean
    GroupedOpenApi logBrokerApi() {
        return GroupedOpenApi.builder().group("logbroker").displayName("Log broker")
                .pathsToMatch("/api/v1/topics/**", "/api/v1/topics", "/api/v1/producers/**", "/api/v1/producers",
                        "/api/v1/consumer-groups/**", "/api/v1/consumer-groups")
                .build();
    }
}
