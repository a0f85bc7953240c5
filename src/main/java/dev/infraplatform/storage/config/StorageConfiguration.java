package dev.infraplatform.storage.config;

import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.SnapshotStores;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data directory and the snapshot stores; the append logs are {@code ManagedAppendLogs}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /** Creates the data directory; start-up stops here with the reason if it cannot be used. */
    @Bean
    DataDirectory dataDirectory(PlatformProperties properties) throws IOException {
        Path root = properties.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("infra.data-dir " + root + " cannot be created: " + e, e);
        }
        if (!Files.isDirectory(root) || !Files.isWritable(root)) {
            throw new IllegalStateException("infra.data-dir " + root + " is not a writable directory");
        }
        return new DataDirectory(root);
    }

    @Bean
    SnapshotStores snapshotStores(DataDirectory dataDirectory) {
        return (directory, name, generations) ->
                new FileSnapshotStore(dataDirectory.resolve(directory), name, generations);
    }
}
