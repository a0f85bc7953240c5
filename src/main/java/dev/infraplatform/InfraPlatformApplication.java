package dev.infraplatform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Infra Platform: a Redis-like cache, a Kafka-like log broker, a RabbitMQ-like exchange broker,
 * an Elasticsearch-like search engine and observability in one application. Each top-level
 * package is one module; {@code storage} is what they all stand on.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InfraPlatformApplication {

    public static void main(String[] args) {
        SpringApplication.run(InfraPlatformApplication.class, args);
    }
}
