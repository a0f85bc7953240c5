package dev.infraplatform.storage.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;

/**
 * {@code infra.*}: settings of the platform as a whole.
 *
 * @param dataDir where every module keeps its files, one folder per module (default {@code ./data})
 */
@Validated
@ConfigurationProperties("infra")
public record PlatformProperties(@NotNull @DefaultValue("./data") Path dataDir) {
}
