package dev.infraplatform.search.engine;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link SearchEngine} over real files in a directory; {@link #restart()} commits and reopens,
 * {@link #restartAfterCrash()} reopens without a commit, as a killed process would leave it.
 */
final class LocalSearch implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final Logs logs = new Logs();
    private SearchEngine engine;

    LocalSearch(Path directory) {
        this.dataDirectory = new DataDirectory(directory);
        this.engine = open();
    }

    SearchEngine engine() {
        return engine;
    }

    SearchEngine restart() {
        engine.close();
        logs.closeAll();
        engine = open();
        return engine;
    }

    SearchEngine restartAfterCrash() {
        engine.closeWithoutCommit();
        logs.closeAll();
        engine = open();
        return engine;
    }

    private SearchEngine open() {
        SearchEngine opened = new SearchEngine(dataDirectory, logs, (directory, name, generations) ->
                new FileSnapshotStore(dataDirectory.resolve(directory), name, generations),
                SearchEngine.Settings.defaults(), () -> 1_700_000_000_000L);
        opened.start();
        return opened;
    }

    @Override
    public void close() {
        engine.close();
        logs.closeAll();
    }

    private final class Logs implements AppendLogs {

        private final Map<String, SegmentedAppendLog> open = new ConcurrentHashMap<>();

        @Override
        public AppendLog open(String name, AppendLogOptions options) {
            return open.compute(name, (key, existing) -> {
                if (existing != null && !existing.isClosed()) {
                    throw new IllegalStateException("log " + name + " is already open");
                }
                return SegmentedAppendLog.open(name, dataDirectory.resolve(name), options, null, null);
            });
        }

        @Override
        public void delete(String name) {
            SegmentedAppendLog log = open.remove(name);
            if (log != null) {
                log.close();
            }
            Path path = dataDirectory.resolve(name);
            if (Files.exists(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public List<AppendLog> openLogs() {
            return open.values().stream().filter(log -> !log.isClosed()).map(AppendLog.class::cast).toList();
        }

        void closeAll() {
            open.values().forEach(SegmentedAppendLog::close);
            open.clear();
        }
    }
}
