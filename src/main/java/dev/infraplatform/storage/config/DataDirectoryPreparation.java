package dev.infraplatform.storage.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs before any bean exists: makes sure {@code infra.data-dir} is a usable directory (start-up
 * stops here, naming the property, if it is not), then points the Catalog's JDBC URL at an H2 file
 * database in {@code <infra.data-dir>/catalog/} unless {@code spring.datasource.url} is set (for
 * example to a PostgreSQL URL). The path is made absolute because H2 refuses implicitly relative
 * file paths.
 */
public final class DataDirectoryPreparation implements EnvironmentPostProcessor, Ordered {

    static final String URL_PROPERTY = "spring.datasource.url";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path root = Path.of(environment.getProperty("infra.data-dir", "./data")).toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve("catalog"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("infra.data-dir " + root + " cannot be used as the data directory: " + e, e);
        }
        if (!Files.isWritable(root)) {
            throw new IllegalStateException("infra.data-dir " + root + " is not writable");
        }
        if (environment.containsProperty(URL_PROPERTY)) {
            return;
        }
        Path database = root.resolve("catalog").resolve("catalog");
        String url = "jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        environment.getPropertySources().addLast(new MapPropertySource("infraCatalogDefaults",
                Map.of(URL_PROPERTY, url, "spring.datasource.username", "sa", "spring.datasource.password", "")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
