package dev.infraplatform.cache.config;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.persistence.AofFormat;
import dev.infraplatform.cache.persistence.AppendOnlyFile;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.Durability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Opens the AOF ({@code <data-dir>/cache/appendonly/}) at start-up, replays it into the engine
 * before anything is served, and from then on records every write in it.
 */
@Component
class CachePersistence implements DisposableBean {

    static final String AOF_LOG = "cache/appendonly";
    private static final Logger log = LoggerFactory.getLogger(CachePersistence.class);

    private final AppendLog appendLog;

    CachePersistence(LocalCacheEngine engine, AppendLogs appendLogs, CacheProperties properties) {
        CacheProperties.Persistence persistence = properties.persistence();
        if (!persistence.aof()) {
            this.appendLog = null;
            log.info("Cache AOF is off (infra.cache.persistence.aof=false): the keyspace is not kept across restarts");
            return;
        }
        Durability durability = switch (persistence.aofFsync()) {
            case ALWAYS -> Durability.ALWAYS;
            case EVERYSEC -> Durability.INTERVAL;
            case NO -> Durability.NONE;
        };
        this.appendLog = appendLogs.open(AOF_LOG, AppendLogOptions.defaults().withDurability(durability)
                .withFraming(AofFormat.resp()));
        AppendOnlyFile aof = new AppendOnlyFile(appendLog);
        long started = System.nanoTime();
        long replayed = aof.replayInto(engine);
        log.info("Cache AOF replayed: {} commands in {} ms", replayed, (System.nanoTime() - started) / 1_000_000);
        engine.attachLog(aof);
    }

    @Override
    public void destroy() {
        if (appendLog != null) {
            appendLog.close();
        }
    }

}
