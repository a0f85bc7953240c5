package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;

/**
 * Start-up: the newest intact snapshot, then the AOF from the offset that snapshot was taken at
 * (the AOF wins: it holds every write after the snapshot's instant). With the AOF off, the
 * snapshot alone. Runs before the engine serves anyone.
 */
public final class CacheRecovery {

    private static final Logger log = LoggerFactory.getLogger(CacheRecovery.class);

    private CacheRecovery() {
    }

    /**
     * What was loaded.
     *
     * @param snapshot the snapshot loaded, if any
     * @param replayedFrom the AOF offset replayed from (-1 without AOF)
     * @param replayed AOF commands replayed
     * @param rebase the snapshot and the AOF don't line up (snapshot taken with the AOF off, AOF
     *     lost or cut): a new snapshot should be taken before serving so that the next start-up
     *     finds a base matching the AOF
     */
    public record Result(Optional<KeyspaceSnapshots.Loaded> snapshot, long replayedFrom, long replayed,
                         boolean rebase) {
    }

    /**
     * Loads {@code snapshots}' newest intact generation and the AOF tail into {@code engine}, and
     * attaches the AOF to it.
     *
     * @param aof the AOF, or null when it is off
     */
    public static Result recover(LocalCacheEngine engine, KeyspaceSnapshots snapshots, AppendOnlyFile aof) {
        long started = System.nanoTime();
        Optional<KeyspaceSnapshots.Loaded> loaded = snapshots.loadLatest(engine);
        loaded.ifPresentOrElse(l -> log.info("Cache snapshot {} loaded: {} commands, taken at {}, AOF offset {}, in {} ms",
                        l.snapshot().file(), l.commands(), Instant.ofEpochMilli(l.takenAtMillis()), l.aofOffset(),
                        (System.nanoTime() - started) / 1_000_000),
                () -> log.info("Cache: no snapshot to load"));
        if (aof == null) {
            return new Result(loaded, -1, 0, false);
        }
        AppendLog appendLog = aof.appendLog();
        boolean rebase = false;
        long from = appendLog.startOffset();
        if (loaded.isPresent()) {
            long offset = loaded.get().aofOffset();
            if (offset < 0) {
                log.warn("Cache snapshot was taken with the AOF off, so it is newer than the AOF: the AOF (offsets "
                        + "{} to {}) is not replayed, and a new snapshot becomes its base",
                        appendLog.startOffset(), appendLog.endOffset());
                from = appendLog.endOffset();
                rebase = true;
            } else if (offset > appendLog.endOffset()) {
                log.warn("Cache AOF ends at offset {}, before the snapshot's offset {} (the AOF was lost or cut): "
                        + "nothing replayed, a new snapshot becomes its base", appendLog.endOffset(), offset);
                from = appendLog.endOffset();
                rebase = true;
            } else if (offset < appendLog.startOffset()) {
                log.error("Cache AOF starts at offset {} but the snapshot needs it from offset {}: the writes in "
                        + "between are lost; replaying what is there", appendLog.startOffset(), offset);
                rebase = true;
            } else {
                from = offset;
            }
        }
        long replayStarted = System.nanoTime();
        long replayed = aof.replayInto(engine, from);
        log.info("Cache AOF replayed from offset {}: {} commands in {} ms", from, replayed,
                (System.nanoTime() - replayStarted) / 1_000_000);
        engine.attachLog(aof);
        return new Result(loaded, from, replayed, rebase);
    }
}
