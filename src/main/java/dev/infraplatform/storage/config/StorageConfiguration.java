package dev.infraplatform.storage.config;

import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.SnapshotStores;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data directory and the snapshot stores; the append logs are {@code ManagedAppendLogs}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    /** The data directory, created and checked by {@link DataDirectoryPreparation} before start-up. */
    @Bean
    DataDirectory dataDirectory(PlatformProperties properties) {
        return new DataDirectory(properties.dataDir());
    }

    @Bean
    SnapshotStores snapshotStores(DataDirectory dataDirectory) {
        return (directory, name, generations) ->
                new FileSnapshotStore(dataDirectory.resolve(directory), name, generations);
    }
}
