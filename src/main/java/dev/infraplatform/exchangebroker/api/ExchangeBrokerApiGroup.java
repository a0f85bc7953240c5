package dev.infraplatform.exchangebroker.api;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The exchange broker's group in Swagger UI. */
@Configuration(proxyBeanMethods = false)
class ExchangeBrokerApiGroup {

    @Bean
    GroupedOpenApi exchangeBrokerApi() {
        return GroupedOpenApi.builder().group("exchangebroker").displayName("Exchange broker")
                .pathsToMatch("/api/v1/exchanges/**", "/api/v1/exchanges", "/api/v1/queues/**", "/api/v1/queues",
                        "/api/v1/bindings/**", "/api/v1/bindings")
                .build();
    }
}
