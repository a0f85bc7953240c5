package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.CommandLog;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.ReadResult;
import dev.infraplatform.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache's append-only file on a storage {@link AppendLog} with {@link RespFraming}: every
 * successful write command, in the order it ran, in the deterministic form the engine chose
 * (absolute expiry times, float results). A failed write marks the AOF broken; write commands
 * are then refused with {@code MISCONF}, as Redis does, until the platform restarts.
 */
public final class AppendOnlyFile implements CommandLog {

    private static final Logger log = LoggerFactory.getLogger(AppendOnlyFile.class);
    private static final int REPLAY_BATCH_BYTES = 4 * 1024 * 1024;

    private final AppendLog appendLog;
    private volatile String failure;

    public AppendOnlyFile(AppendLog appendLog) {
        this.appendLog = appendLog;
    }

    /**
     * Replays the whole file into {@code engine} (before it serves anyone). A transaction, logged
     * as {@code MULTI}, its commands, {@code EXEC}, is applied only once its EXEC is read; a
     * transaction torn by a crash (MULTI without EXEC at the end) is dropped whole and cut from
     * the file, so that nothing appended later follows it.
     *
     * @return commands replayed
     */
    public long replayInto(LocalCacheEngine engine) {
        return replayInto(engine, appendLog.startOffset());
    }

    /**
     * Replays the commands from offset {@code from} on (the tail after a snapshot) into
     * {@code engine}, before it serves anyone.
     *
     * @return commands replayed
     */
    public long replayInto(LocalCacheEngine engine, long from) {
        long offset = Math.max(from, appendLog.startOffset());
        long replayed = 0;
        List<List<byte[]>> transaction = null;
        long transactionStart = -1;
        while (offset < appendLog.endOffset()) {
            ReadResult batch = appendLog.read(offset, Integer.MAX_VALUE, REPLAY_BATCH_BYTES);
            for (LogEntry entry : batch.entries()) {
                List<byte[]> command = RespCommands.decode(entry.payload());
                if (isWord(command, "MULTI")) {
                    if (transaction != null) {
                        log.warn("AOF transaction at offset {} has no EXEC; dropped", transactionStart);
                    }
                    transaction = new ArrayList<>();
                    transactionStart = entry.offset();
                } else if (isWord(command, "EXEC") && transaction != null) {
                    for (List<byte[]> queued : transaction) {
                        apply(engine, queued, entry.offset());
                    }
                    replayed += transaction.size();
                    transaction = null;
                } else if (transaction != null) {
                    transaction.add(command);
                } else {
                    apply(engine, command, entry.offset());
                    replayed++;
                }
            }
            offset = batch.nextOffset();
        }
        if (transaction != null) {
            log.warn("AOF ends inside a transaction begun at offset {} (torn by a crash): its {} commands are"
                    + " dropped and the file is cut before it", transactionStart, transaction.size());
            appendLog.truncateAfter(transactionStart - 1);
        }
        return replayed;
    }

    private static void apply(LocalCacheEngine engine, List<byte[]> command, long offset) {
        Reply reply = engine.replay(command);
        if (reply instanceof Reply.Error error) {
            log.warn("AOF command at offset {} failed on replay: {}", offset, error.message());
        }
    }

    private static boolean isWord(List<byte[]> command, String word) {
        return command.size() == 1 && new String(command.getFirst(), StandardCharsets.US_ASCII).equalsIgnoreCase(word);
    }

    @Override
    public Pending append(List<byte[][]> commands) {
        AppendLog.DeferredAppend deferred;
        try {
            deferred = appendLog.appendDeferred(commands.stream()
                    .map(command -> ByteBuffer.wrap(RespCommands.encode(command))).toList());
        } catch (StorageException e) {
            return () -> {
                throw broken(e);
            };
        }
        return () -> {
            try {
                deferred.await();
            } catch (StorageException e) {
                throw broken(e);
            }
        };
    }

    private StorageException broken(StorageException e) {
        if (failure == null) {
            log.error("Writing the AOF failed; write commands are refused until restart", e);
        }
        failure = e.getMessage();
        return e;
    }

    /** The offset the next command gets: the AppendLog's next offset. */
    @Override
    public long position() {
        return appendLog.nextOffset();
    }

    @Override
    public String failure() {
        return failure;
    }

    public AppendLog appendLog() {
        return appendLog;
    }
}
