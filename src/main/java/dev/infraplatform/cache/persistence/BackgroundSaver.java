package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.engine.PersistenceControl;
import dev.infraplatform.cache.engine.PointInTimeDump;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.SnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Snapshots (BGSAVE, SAVE, save rules) and AOF rewrites (BGREWRITEAOF, automatic growth trigger)
 * of a {@link LocalCacheEngine}, each a {@link PointInTimeDump} written to {@link KeyspaceSnapshots}
 * by one private background thread while commands keep being served. One job at a time, as Redis
 * runs one child: a BGSAVE during a rewrite is refused (or scheduled with BGSAVE SCHEDULE), a
 * BGREWRITEAOF during a BGSAVE is scheduled.
 *
 * <p>The instant of a BGSAVE or BGREWRITEAOF is the command itself (the dump begins before the
 * reply), so everything acknowledged before it is in the snapshot.
 *
 * <p>Both first roll the AOF's active segment, so every record before the instant lies in whole
 * segments. An AOF rewrite then writes the dump as a new snapshot generation — the new AOF base —
 * and deletes the AOF segments that lie entirely before the offset the oldest snapshot generation
 * on disk still needs, so falling back to an older generation still finds its AOF tail. (A BGSAVE
 * is an AOF base too; only a rewrite deletes AOF segments, as only BGREWRITEAOF touches the AOF in
 * Redis.)
 *
 * <p>Save rules and the automatic rewrite are checked once a second on the same thread.
 */
public final class BackgroundSaver implements PersistenceControl, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundSaver.class);
    /** After a failed automatic snapshot, wait this long before trying again (Redis: 5 s). */
    private static final long RETRY_DELAY_MILLIS = 5_000;

    private enum Job { SNAPSHOT, REWRITE }

    /** Settings. {@code autoRewritePercentage} 0 = no automatic rewrite. */
    public record Settings(SaveRules saveRules, int autoRewritePercentage, long autoRewriteMinBytes) {
    }

    private final LocalCacheEngine engine;
    private final KeyspaceSnapshots snapshots;
    private final AppendOnlyFile aof;
    private final Settings settings;
    private final LongSupplier clock;
    private final ScheduledExecutorService worker;

    private final ReentrantLock state = new ReentrantLock();
    private final java.util.concurrent.locks.Condition idle = state.newCondition();
    // guarded by state
    private Job running;
    private PointInTimeDump runningDump;
    private boolean rewriteScheduled;
    private boolean snapshotScheduled;
    private boolean closed;
    private long finished;

    private volatile long changesAtLastSave;
    private volatile long lastSaveMillis;
    private volatile long lastSaveDurationMillis = -1;
    private volatile boolean lastSaveOk = true;
    private volatile long lastSaveAttemptMillis;
    private volatile long currentJobStartedMillis = -1;
    private volatile boolean lastRewriteOk = true;
    private volatile long lastRewriteDurationMillis = -1;
    private volatile long aofBaseBytes;
    private volatile long aofSizeAtLastRewrite;

    /**
     * @param aof the AOF, or null when it is off (BGREWRITEAOF then only writes a snapshot)
     */
    public BackgroundSaver(LocalCacheEngine engine, KeyspaceSnapshots snapshots, AppendOnlyFile aof,
                           Settings settings, LongSupplier clock) {
        this.engine = engine;
        this.snapshots = snapshots;
        this.aof = aof;
        this.settings = settings;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("cache-bgsave").factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = executor;
        this.lastSaveMillis = clock.getAsLong();
        this.changesAtLastSave = engine.changeCount();
        this.aofSizeAtLastRewrite = aof == null ? 0 : aof.appendLog().stats().sizeBytes();
    }

    /** Starts checking the save rules and the automatic rewrite once a second. */
    public void start() {
        worker.scheduleWithFixedDelay(this::checkTriggers, 1, 1, TimeUnit.SECONDS);
    }

    /** After a snapshot was loaded at start-up: it is the last save and the AOF base. */
    public void loaded(KeyspaceSnapshots.Loaded loaded) {
        lastSaveMillis = loaded.takenAtMillis();
        aofBaseBytes = loaded.snapshot().payloadBytes();
    }

    /** The start-up point: nothing has changed since the state just loaded. */
    public void markClean() {
        changesAtLastSave = engine.changeCount();
    }

    // ---------------------------------------------------------------- commands

    @Override
    public Reply bgsave(boolean schedule) {
        state.lock();
        try {
            if (running == Job.SNAPSHOT) {
                return Reply.error("ERR Background save already in progress");
            }
            if (running == Job.REWRITE) {
                if (schedule) {
                    snapshotScheduled = true;
                    return new Reply.SimpleString("Background saving scheduled");
                }
                return Reply.error("ERR Another child process is active (AOF?): can't BGSAVE right now. "
                        + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
            }
            reserveLocked(Job.SNAPSHOT);
        } finally {
            state.unlock();
        }
        return launch(Job.SNAPSHOT) ? new Reply.SimpleString("Background saving started")
                : Reply.error("ERR Background save failed to start, see the log for details");
    }

    @Override
    public Reply bgrewriteaof() {
        state.lock();
        try {
            if (running == Job.REWRITE) {
                return Reply.error("ERR Background append only file rewriting already in progress");
            }
            if (running == Job.SNAPSHOT) {
                rewriteScheduled = true;
                return new Reply.SimpleString("Background append only file rewriting scheduled");
            }
            reserveLocked(Job.REWRITE);
        } finally {
            state.unlock();
        }
        return launch(Job.REWRITE) ? new Reply.SimpleString("Background append only file rewriting started")
                : Reply.error("ERR Background append only file rewriting failed to start, see the log for details");
    }

    @Override
    public Reply save() {
        PointInTimeDump dump;
        state.lock();
        try {
            if (running != null) {
                return Reply.error("ERR Background save already in progress");
            }
            if (closed) {
                return Reply.error("ERR the server is shutting down");
            }
            reserveLocked(Job.SNAPSHOT);
        } finally {
            state.unlock();
        }
        dump = takeInstant(Job.SNAPSHOT);
        if (dump == null) {
            return Reply.error("ERR Background save failed, see the log for details");
        }
        boolean ok = run(Job.SNAPSHOT, dump);
        return ok ? Reply.OK : Reply.error("ERR Background save failed, see the log for details");
    }

    /** Writes a snapshot now, in the caller (start-up re-basing); false if it failed. */
    public boolean saveNow() {
        return save() == Reply.OK;
    }

    @Override
    public long lastSaveSeconds() {
        return lastSaveMillis / 1000;
    }

    @Override
    public void describe(StringBuilder info) {
        long now = clock.getAsLong();
        long started = currentJobStartedMillis;
        Job job = runningJob();
        info.append("loading:0\r\n")
                .append("rdb_changes_since_last_save:").append(changesSinceLastSave()).append("\r\n")
                .append("rdb_bgsave_in_progress:").append(job == Job.SNAPSHOT ? 1 : 0).append("\r\n")
                .append("rdb_last_save_time:").append(lastSaveMillis / 1000).append("\r\n")
                .append("rdb_last_bgsave_status:").append(lastSaveOk ? "ok" : "err").append("\r\n")
                .append("rdb_last_bgsave_time_sec:").append(seconds(lastSaveDurationMillis)).append("\r\n")
                .append("rdb_current_bgsave_time_sec:")
                .append(job == Job.SNAPSHOT ? seconds(now - started) : -1).append("\r\n")
                .append("aof_enabled:").append(aof != null ? 1 : 0).append("\r\n")
                .append("aof_rewrite_in_progress:").append(job == Job.REWRITE ? 1 : 0).append("\r\n")
                .append("aof_rewrite_scheduled:").append(isRewriteScheduled() ? 1 : 0).append("\r\n")
                .append("aof_last_rewrite_time_sec:").append(seconds(lastRewriteDurationMillis)).append("\r\n")
                .append("aof_current_rewrite_time_sec:")
                .append(job == Job.REWRITE ? seconds(now - started) : -1).append("\r\n")
                .append("aof_last_bgrewrite_status:").append(lastRewriteOk ? "ok" : "err").append("\r\n")
                .append("aof_last_write_status:").append(aof != null && aof.failure() != null ? "err" : "ok")
                .append("\r\n");
        if (aof != null) {
            info.append("aof_current_size:").append(aof.appendLog().stats().sizeBytes()).append("\r\n")
                    .append("aof_base_size:").append(aofBaseBytes).append("\r\n");
        }
    }

    private static long seconds(long millis) {
        return millis < 0 ? -1 : millis / 1000;
    }

    // ---------------------------------------------------------------- for metrics

    public long changesSinceLastSave() {
        return engine.changeCount() - changesAtLastSave;
    }

    /** Epoch milliseconds of the last successful snapshot (or of start-up / of the snapshot loaded). */
    public long lastSaveMillis() {
        return lastSaveMillis;
    }

    /** How long the last snapshot (of either kind) took, -1 if none yet. */
    public long lastSaveDurationMillis() {
        return lastSaveDurationMillis;
    }

    public boolean rewriteInProgress() {
        return runningJob() == Job.REWRITE;
    }

    public boolean snapshotInProgress() {
        return runningJob() == Job.SNAPSHOT;
    }

    /** Payload bytes of the AOF base: the snapshot the last rewrite wrote or the one loaded. */
    public long aofBaseBytes() {
        return aofBaseBytes;
    }

    /**
     * Waits until no snapshot or rewrite runs or is scheduled.
     *
     * @return false if {@code timeout} passed first
     */
    public boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        state.lock();
        try {
            while (running != null || rewriteScheduled || snapshotScheduled) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            state.unlock();
        }
    }

    /** Snapshots and rewrites ended so far (written or failed). */
    public long jobsFinished() {
        state.lock();
        try {
            return finished;
        } finally {
            state.unlock();
        }
    }

    private Job runningJob() {
        state.lock();
        try {
            return running;
        } finally {
            state.unlock();
        }
    }

    private boolean isRewriteScheduled() {
        state.lock();
        try {
            return rewriteScheduled;
        } finally {
            state.unlock();
        }
    }

    // ---------------------------------------------------------------- jobs

    /** State lock held, nothing running (and not closed): the job is running from now on. */
    private void reserveLocked(Job job) {
        running = job;
        currentJobStartedMillis = clock.getAsLong();
        lastSaveAttemptMillis = currentJobStartedMillis;
    }

    /**
     * For a reserved job, no lock held: takes the instant now and hands the writing to the worker.
     *
     * @return false if the job could not start (it is no longer running)
     */
    private boolean launch(Job job) {
        PointInTimeDump dump = takeInstant(job);
        if (dump == null) {
            return false;
        }
        try {
            worker.execute(() -> run(job, dump));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) { // shutting down
            dump.close();
            finish();
            return false;
        }
    }

    /** For a reserved job: rolls the AOF (rewrite) and begins the dump; null (job ended) if that failed. */
    private PointInTimeDump takeInstant(Job job) {
        try {
            if (aof != null) {
                aof.appendLog().rollSegment(); // so the AOF before the instant can later go in whole segments
            }
            PointInTimeDump dump = engine.beginDump();
            state.lock();
            try {
                runningDump = dump;
                if (closed) {
                    dump.close();
                }
            } finally {
                state.unlock();
            }
            return dump;
        } catch (RuntimeException e) {
            log.error("Cache {} could not start", job == Job.REWRITE ? "AOF rewrite" : "snapshot", e);
            lastSaveOk = false;
            finish();
            return null;
        }
    }

    /** Writes the dump out; returns whether it worked. Always ends the job. */
    private boolean run(Job job, PointInTimeDump dump) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            SnapshotInfo written = snapshots.write(dump);
            long millis = (System.nanoTime() - started) / 1_000_000;
            lastSaveMillis = dump.startedAtMillis();
            lastSaveDurationMillis = millis;
            changesAtLastSave = dump.changesAtStart();
            if (job == Job.REWRITE) {
                aofBaseBytes = written.payloadBytes();
                lastRewriteDurationMillis = millis;
                dropCompactedAof();
            }
            log.info("Cache {} written: {} keys, {} bytes, AOF offset {}, in {} ms ({} shards serialized early by writes)",
                    job == Job.REWRITE ? "AOF base (rewrite)" : "snapshot", dump.keyCount(),
                    written.payloadBytes(), dump.logPosition(), millis, dump.shardsCapturedByWriters());
            ok = true;
        } catch (RuntimeException e) {
            log.error("Cache {} failed", job == Job.REWRITE ? "AOF rewrite" : "snapshot", e);
        } finally {
            dump.close();
            if (job == Job.REWRITE) {
                lastRewriteOk = ok;
            }
            lastSaveOk = ok;
            finish();
        }
        return ok;
    }

    private void dropCompactedAof() {
        if (aof == null) {
            return;
        }
        OptionalLong keepFrom = snapshots.oldestNeededOffset();
        if (keepFrom.isPresent()) {
            aof.appendLog().deleteSegmentsBefore(keepFrom.getAsLong());
        } else {
            log.info("Cache AOF kept whole: an older snapshot generation on disk has no known AOF offset yet");
        }
        aofSizeAtLastRewrite = aof.appendLog().stats().sizeBytes();
    }

    /** Ends the running job and launches a scheduled one, if any. */
    private void finish() {
        Job next = null;
        state.lock();
        try {
            running = null;
            runningDump = null;
            currentJobStartedMillis = -1;
            finished++;
            idle.signalAll();
            if (!closed && rewriteScheduled) {
                rewriteScheduled = false;
                next = Job.REWRITE;
            } else if (!closed && snapshotScheduled) {
                snapshotScheduled = false;
                next = Job.SNAPSHOT;
            }
            if (next != null) {
                reserveLocked(next);
            }
        } finally {
            state.unlock();
        }
        if (next != null) {
            launch(next);
        }
    }

    /** Save rules and automatic AOF rewrite, once a second; true if a job was started. */
    boolean checkTriggers() {
        try {
            Job due = dueJob();
            return due != null && launch(due);
        } catch (RuntimeException e) {
            log.warn("Checking the cache save rules failed", e);
            return false;
        }
    }

    /** Reserves and returns the job a save rule or the AOF growth calls for, if any. */
    private Job dueJob() {
        long now = clock.getAsLong();
        long aofSize = aof == null ? 0 : aof.appendLog().stats().sizeBytes();
        state.lock();
        try {
            if (running != null || closed) {
                return null;
            }
            if (!lastSaveOk && now - lastSaveAttemptMillis < RETRY_DELAY_MILLIS) {
                return null;
            }
            if (settings.saveRules().due((now - lastSaveMillis) / 1000, changesSinceLastSave())) {
                log.info("Cache save rule met: {} changes in {} s; saving", changesSinceLastSave(),
                        (now - lastSaveMillis) / 1000);
                reserveLocked(Job.SNAPSHOT);
                return Job.SNAPSHOT;
            }
            if (aof != null && settings.autoRewritePercentage() > 0) {
                long size = aofSize;
                long base = Math.max(1, aofSizeAtLastRewrite);
                if (size >= settings.autoRewriteMinBytes()
                        && (size - base) * 100 / base >= settings.autoRewritePercentage()) {
                    log.info("Cache AOF grew to {} bytes ({}% over {}); rewriting", size,
                            (size - base) * 100 / base, base);
                    reserveLocked(Job.REWRITE);
                    return Job.REWRITE;
                }
            }
            return null;
        } finally {
            state.unlock();
        }
    }

    /** Stops the triggers; a job still running is abandoned (its temporary file is removed). */
    @Override
    public void close() {
        state.lock();
        try {
            closed = true;
            if (runningDump != null) {
                runningDump.close();
            }
        } finally {
            state.unlock();
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }
}
