package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.persistence.AofFormat;
import dev.infraplatform.cache.persistence.AppendOnlyFile;
import dev.infraplatform.cache.persistence.BackgroundSaver;
import dev.infraplatform.cache.persistence.CacheRecovery;
import dev.infraplatform.cache.persistence.KeyspaceSnapshots;
import dev.infraplatform.cache.persistence.SaveRules;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.SnapshotStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;


/**
 * The cache's persistence at start-up and while running. Before anything is served: loads the
 * newest intact snapshot ({@code <data-dir>/cache/snapshots/}), then replays the AOF
 * ({@code <data-dir>/cache/appendonly/}) from the offset that snapshot was taken at — the AOF
 * wins — and from then on records every write in the AOF. Snapshots and AOF rewrites are run by a
 * {@link BackgroundSaver} (save rules, BGSAVE, BGREWRITEAOF).
 */
@Component
class CachePersistence implements DisposableBean {

    static final String AOF_LOG = "cache/appendonly";
    static final String SNAPSHOT_DIRECTORY = "cache/snapshots";
    static final String SNAPSHOT_NAME = "dump";
    private static final Logger log = LoggerFactory.getLogger(CachePersistence.class);

    private final AppendLog appendLog;
    private final BackgroundSaver saver;
    private final boolean saveOnShutdown;

    CachePersistence(LocalCacheEngine engine, AppendLogs appendLogs, SnapshotStores snapshotStores,
                     CacheProperties properties) {
        CacheProperties.Persistence persistence = properties.persistence();
        KeyspaceSnapshots snapshots = new KeyspaceSnapshots(
                snapshotStores.open(SNAPSHOT_DIRECTORY, SNAPSHOT_NAME, persistence.snapshotGenerations()));
        AppendOnlyFile aof = null;
        if (persistence.aof()) {
            Durability durability = switch (persistence.aofFsync()) {
                case ALWAYS -> Durability.ALWAYS;
                case EVERYSEC -> Durability.INTERVAL;
                case NO -> Durability.NONE;
            };
            this.appendLog = appendLogs.open(AOF_LOG, AppendLogOptions.defaults().withDurability(durability)
                    .withFraming(AofFormat.resp()));
            aof = new AppendOnlyFile(appendLog);
        } else {
            this.appendLog = null;
            log.info("Cache AOF is off (infra.cache.persistence.aof=false): only snapshots keep the keyspace "
                    + "across restarts");
        }
        CacheRecovery.Result recovered = CacheRecovery.recover(engine, snapshots, aof);
        SaveRules saveRules = SaveRules.parse(persistence.save());
        this.saveOnShutdown = !saveRules.isEmpty();
        this.saver = new BackgroundSaver(engine, snapshots, aof, new BackgroundSaver.Settings(
                saveRules, persistence.autoAofRewritePercentage(),
                persistence.autoAofRewriteMinSize().toBytes()), System::currentTimeMillis);
        recovered.snapshot().ifPresent(saver::loaded);
        saver.markClean();
        if (recovered.rebase() && !saver.saveNow()) {
            log.error("Cache: writing the new snapshot at start-up failed; the next restart may miss writes");
        }
        engine.attachPersistence(saver);
        saver.start();
    }

    BackgroundSaver saver() {
        return saver;
    }

    /** Like Redis' SHUTDOWN with save points configured: a last snapshot if anything changed since the last one. */
    @Override
    public void destroy() throws InterruptedException {
        if (saveOnShutdown && saver.changesSinceLastSave() > 0 && saver.awaitIdle(java.time.Duration.ofMinutes(1))) {
            log.info("Cache: saving the keyspace before shutting down ({} changes since the last snapshot)",
                    saver.changesSinceLastSave());
            saver.save();
        }
        saver.close();
        if (appendLog != null) {
            appendLog.close();
        }
    }
}
