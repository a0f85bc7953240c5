package dev.infraplatform.search.engine;

import dev.infraplatform.storage.DirectoryAppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * A {@link SearchEngine} over real files in a directory; {@link #restart()} commits and reopens,
 * {@link #restartAfterCrash()} reopens without a commit, as a killed process would leave it.
 */
final class LocalSearch implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final DirectoryAppendLogs logs;
    private final SearchEngine.Settings settings;
    private final LongSupplier clock;
    private SearchEngine engine;

    /** Default settings and a clock standing still at 2023-11-14T22:13:20Z. */
    LocalSearch(Path directory) {
        this(directory, SearchEngine.Settings.defaults(), () -> 1_700_000_000_000L);
    }

    LocalSearch(Path directory, SearchEngine.Settings settings, LongSupplier clock) {
        this.dataDirectory = new DataDirectory(directory);
        this.logs = new DirectoryAppendLogs(directory);
        this.settings = settings;
        this.clock = clock;
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
                settings, clock);
        opened.start();
        return opened;
    }

    @Override
    public void close() {
        engine.close();
        logs.closeAll();
    }
}
