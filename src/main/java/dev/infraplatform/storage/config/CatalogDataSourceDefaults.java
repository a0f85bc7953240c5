package dev.infraplatform.storage.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Points the Catalog's JDBC URL at an H2 file database in {@code <infra.data-dir>/catalog/} unless
 * {@code spring.datasource.url} is set (for example to a PostgreSQL URL). The path is made
 * absolute here because H2 refuses implicitly relative file paths.
 */
public final class CatalogDataSourceDefaults implements EnvironmentPostProcessor, Ordered {

    static final String URL_PROPERTY = "spring.datasource.url";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(URL_PROPERTY)) {
            return;
        }
        String dataDir = environment.getProperty("infra.data-dir", "./data");
        Path database = Path.of(dataDir).toAbsolutePath().normalize().resolve("catalog").resolve("catalog");
        String url = "jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE";
        environment.getPropertySources().addLast(new MapPropertySource("infraCatalogDefaults",
                Map.of(URL_PROPERTY, url, "spring.datasource.username", "sa", "spring.datasource.password", "")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
