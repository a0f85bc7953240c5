package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A cache engine with its persistence as the platform wires it (snapshots in
 * {@code <dir>/snapshots}, the AOF in {@code <dir>/appendonly} with small segments), for tests
 * and child JVMs; started by recovering whatever the directory holds.
 */
final class PersistentCache implements AutoCloseable {

    static final AppendLogOptions AOF_OPTIONS = AppendLogOptions.defaults().withDurability(Durability.INTERVAL)
            .withSegmentBytes(64 * 1024).withFraming(AofFormat.resp());

    final LocalCacheEngine engine = new LocalCacheEngine();
    final SegmentedAppendLog log;
    final KeyspaceSnapshots snapshots;
    final BackgroundSaver saver;
    final CacheRecovery.Result recovered;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();

    PersistentCache(Path dir, boolean aofOn, String saveRules) {
        snapshots = new KeyspaceSnapshots(new FileSnapshotStore(dir.resolve("snapshots"), "dump", 2));
        log = aofOn ? SegmentedAppendLog.open("aof", dir.resolve("appendonly"), AOF_OPTIONS, null, flusher) : null;
        AppendOnlyFile aof = log == null ? null : new AppendOnlyFile(log);
        recovered = CacheRecovery.recover(engine, snapshots, aof);
        saver = new BackgroundSaver(engine, snapshots, aof,
                new BackgroundSaver.Settings(SaveRules.parse(saveRules), 0, 0), System::currentTimeMillis);
        recovered.snapshot().ifPresent(saver::loaded);
        saver.markClean();
        if (recovered.rebase()) {
            saver.saveNow();
        }
        engine.attachPersistence(saver);
    }

    static PersistentCache open(Path dir) {
        return new PersistentCache(dir, true, "");
    }

    Reply run(String... args) {
        return engine.execute(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** Runs BGSAVE or BGREWRITEAOF and waits until it is written. */
    Reply runAndAwait(String... args) throws InterruptedException {
        Reply reply = run(args);
        if (!saver.awaitIdle(Duration.ofMinutes(2))) {
            throw new AssertionError("background job did not finish");
        }
        return reply;
    }

    @Override
    public void close() {
        saver.close();
        if (log != null) {
            log.close();
        }
        flusher.shutdownNow();
    }
}
