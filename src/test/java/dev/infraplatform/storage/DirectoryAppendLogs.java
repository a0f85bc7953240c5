package dev.infraplatform.storage;

import dev.infraplatform.storage.log.SegmentedAppendLog;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AppendLogs} over a directory without the Spring context (no shared scheduler, no meters),
 * for engine tests that restart their engine over the same files: {@link #closeAll()} closes every
 * log as a shutdown (or, since closing only forces what the OS already holds, a killed process)
 * would leave them.
 */
public final class DirectoryAppendLogs implements AppendLogs {

    private final Path directory;
    private final Map<String, SegmentedAppendLog> open = new ConcurrentHashMap<>();

    public DirectoryAppendLogs(Path directory) {
        this.directory = directory;
    }

    @Override
    public AppendLog open(String name, AppendLogOptions options) {
        return open.compute(name, (key, existing) -> {
            if (existing != null && !existing.isClosed()) {
                throw new IllegalStateException("log " + name + " is already open");
            }
            return SegmentedAppendLog.open(name, directory.resolve(name), options, null, null);
        });
    }

    @Override
    public void delete(String name) {
        SegmentedAppendLog log = open.remove(name);
        if (log != null) {
            log.close();
        }
        try {
            FileSystemUtils.deleteRecursively(directory.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<AppendLog> openLogs() {
        return open.values().stream().filter(log -> !log.isClosed()).map(AppendLog.class::cast).toList();
    }

    public void closeAll() {
        open.values().forEach(SegmentedAppendLog::close);
        open.clear();
    }
}
