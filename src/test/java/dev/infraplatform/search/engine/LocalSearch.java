package dev.infraplatform.search.engine;

import dev.infraplatform.storage.DirectoryAppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.nio.file.Path;

/**
 * A {@link SearchEngine} over real files in a directory; {@link #restart()} commits and reopens,
 * {@link #restartAfterCrash()} reopens without a commit, as a killed process would leave it.
 */
final class LocalSearch implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final DirectoryAppendLogs logs;
    private SearchEngine engine;

    LocalSearch(Path directory) {
        this.dataDirectory = new DataDirectory(directory);
        this.logs = new DirectoryAppendLogs(directory);
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
}
