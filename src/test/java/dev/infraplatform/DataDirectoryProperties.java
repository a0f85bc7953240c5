package dev.infraplatform;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;

/**
 * Points a test's application at its own data directory, Catalog included. Dynamic test properties
 * reach the environment only after the environment post-processors ran, so the Catalog's default
 * URL (derived from {@code infra.data-dir} at that point) would still name {@code ./data}: the
 * URL is set here too, so tests never share or leave a database in the working directory.
 */
public final class DataDirectoryProperties {

    private DataDirectoryProperties() {
    }

    public static void register(DynamicPropertyRegistry registry, Path dataDir) {
        registry.add("infra.data-dir", dataDir::toString);
        registry.add("spring.datasource.url", () -> "jdbc:h2:file:"
                + dataDir.toAbsolutePath().resolve("catalog").resolve("catalog") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }
}
