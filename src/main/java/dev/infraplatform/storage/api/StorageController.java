package dev.infraplatform.storage.api;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;

/** Read-only view of the data directory and the append logs open in it. */
@RestController
@RequestMapping(path = "/api/v1/storage", produces = "application/json")
@Tag(name = "Storage", description = "The shared storage engine: data directory and append logs")
class StorageController {

    private final DataDirectory dataDirectory;
    private final AppendLogs appendLogs;

    StorageController(DataDirectory dataDirectory, AppendLogs appendLogs) {
        this.dataDirectory = dataDirectory;
        this.appendLogs = appendLogs;
    }

    @GetMapping
    @Operation(summary = "Data directory and open append logs",
            description = "Where the data lives, free space on its device, and every open append log with its "
                    + "segments, size, start and end offsets and durability policy.")
    StorageOverview overview() {
        List<AppendLogStats> logs = appendLogs.openLogs().stream()
                .map(AppendLog::stats)
                .sorted(Comparator.comparing(AppendLogStats::name))
                .toList();
        return new StorageOverview(dataDirectory.root().toString(), dataDirectory.usableSpace(),
                dataDirectory.totalSpace(), logs);
    }

    /**
     * @param dataDir absolute path of {@code infra.data-dir}
     * @param freeBytes bytes available on its device
     * @param totalBytes size of its device
     * @param logs open append logs, by name
     */
    record StorageOverview(String dataDir, long freeBytes, long totalBytes, List<AppendLogStats> logs) {
    }
}
