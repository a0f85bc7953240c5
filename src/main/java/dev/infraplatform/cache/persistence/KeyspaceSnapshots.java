package dev.infraplatform.cache.persistence;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.engine.LocalCacheEngine;
import dev.infraplatform.cache.engine.PointInTimeDump;
import dev.infraplatform.storage.SnapshotInfo;
import dev.infraplatform.storage.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cache's snapshots (RDB) — which are also the AOF's base — in a storage {@link SnapshotStore}
 * ({@code <data-dir>/cache/snapshots/dump-<generation>.snap}: temp file, fsync, rename, CRC32C,
 * the newest generations kept, a damaged newest one skipped for the previous).
 *
 * <p>Payload: the magic {@code INFCDMP1}, the AOF offset of the first write after the snapshot's
 * instant (8 bytes big-endian; -1 if the AOF was off), the instant in epoch milliseconds (8 bytes),
 * then every key as the RESP commands that rebuild it — the AOF's own format, so the tail of the
 * payload is readable with {@code tail -c +25} and replayable with {@code redis-cli --pipe}.
 *
 * <p>It also remembers, per generation on disk, the AOF offset that generation needs to be
 * completed from, so an AOF rewrite never deletes records a fallback to an older generation
 * would still need. Generations written before this process started and not loaded by it are
 * unknown and keep the whole AOF until they are rotated out.
 */
public final class KeyspaceSnapshots {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceSnapshots.class);
    private static final byte[] MAGIC = "INFCDMP1".getBytes(StandardCharsets.US_ASCII);

    private final SnapshotStore store;
    private final ConcurrentHashMap<Long, Long> offsetByGeneration = new ConcurrentHashMap<>();

    public KeyspaceSnapshots(SnapshotStore store) {
        this.store = store;
    }

    /** What a load found. */
    public record Loaded(SnapshotInfo snapshot, long aofOffset, long takenAtMillis, long commands) {
    }

    /**
     * Writes the dump as a new generation (streamed, never whole in memory).
     *
     * @return the generation written
     */
    public SnapshotInfo write(PointInTimeDump dump) {
        SnapshotInfo written = store.write(out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.write(MAGIC);
            data.writeLong(dump.logPosition());
            data.writeLong(dump.startedAtMillis());
            data.flush();
            dump.writeTo(out);
        });
        offsetByGeneration.put(written.generation(), dump.logPosition());
        return written;
    }

    /**
     * Loads the newest intact snapshot into {@code engine} (empty, not serving yet).
     *
     * @return what was loaded, empty when there is no snapshot
     */
    public Optional<Loaded> loadLatest(LocalCacheEngine engine) {
        Optional<Loaded> loaded = store.readLatest((snapshot, payload) -> load(snapshot, payload, engine));
        loaded.ifPresent(l -> offsetByGeneration.put(l.snapshot().generation(), l.aofOffset()));
        return loaded;
    }

    /**
     * The lowest AOF offset a snapshot on disk needs, so the AOF before it may go; empty when a
     * generation on disk has an unknown offset or was taken with the AOF off (keep everything).
     */
    public OptionalLong oldestNeededOffset() {
        List<SnapshotInfo> onDisk = store.list();
        offsetByGeneration.keySet().retainAll(onDisk.stream().map(SnapshotInfo::generation).toList());
        long oldest = Long.MAX_VALUE;
        for (SnapshotInfo snapshot : onDisk) {
            Long offset = offsetByGeneration.get(snapshot.generation());
            if (offset == null || offset < 0) {
                return OptionalLong.empty();
            }
            oldest = Math.min(oldest, offset);
        }
        return onDisk.isEmpty() ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    /** Generations on disk, newest first. */
    public List<SnapshotInfo> list() {
        return store.list();
    }

    private static Loaded load(SnapshotInfo snapshot, InputStream payload, LocalCacheEngine engine) throws IOException {
        DataInputStream in = new DataInputStream(payload);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("snapshot " + snapshot.file() + " is not a cache snapshot");
        }
        long aofOffset = in.readLong();
        long takenAt = in.readLong();
        long commands = 0;
        List<byte[]> command;
        while ((command = readCommand(in)) != null) {
            Reply reply = engine.replay(command);
            if (reply instanceof Reply.Error error) {
                log.warn("Snapshot {}: command {} failed on load: {}", snapshot.file(), commands, error.message());
            }
            commands++;
        }
        return new Loaded(snapshot, aofOffset, takenAt, commands);
    }

    /** One RESP array of bulk strings, or null at the end of the payload. */
    private static List<byte[]> readCommand(DataInputStream in) throws IOException {
        int first = in.read();
        if (first == -1) {
            return null;
        }
        if (first != '*') {
            throw new IOException("malformed snapshot: a command must start with '*'");
        }
        int count = readNumber(in);
        List<byte[]> args = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (in.read() != '$') {
                throw new IOException("malformed snapshot: an argument must be a bulk string");
            }
            byte[] arg = new byte[readNumber(in)];
            in.readFully(arg);
            if (in.read() != '\r' || in.read() != '\n') {
                throw new IOException("malformed snapshot: bulk string not terminated by CRLF");
            }
            args.add(arg);
        }
        return args;
    }

    private static int readNumber(DataInputStream in) throws IOException {
        long value = 0;
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new EOFException("malformed snapshot: cut in a command");
            }
            if (b < '0' || b > '9' || value > Integer.MAX_VALUE) {
                throw new IOException("malformed snapshot: bad number");
            }
            value = value * 10 + (b - '0');
        }
        if (in.read() != '\n') {
            throw new IOException("malformed snapshot: number not terminated by CRLF");
        }
        return (int) value;
    }
}
