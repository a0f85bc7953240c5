package dev.infraplatform.cache.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The keyspace as it was at one instant, serialized while commands keep being served — what a
 * snapshot (BGSAVE) and an AOF rewrite write out. Made by {@link LocalCacheEngine#beginDump()}.
 *
 * <p>How: at the instant every shard is locked, the AOF position is read (the AOF orders writes
 * under shard locks, so no write is half-way) and every shard is marked <em>pending</em>; then
 * the locks are released. {@link #writeTo} walks the shards in order, serializing each pending one
 * under its lock. A write command that locks a still-pending shard first serializes that shard's
 * current contents — the contents at the instant, as nothing has changed it since — into the
 * dump, then runs; so does anything else that changes a shard (eviction), through
 * {@link Keyspace#beforeWrite}. So every key is captured as of the instant without stopping
 * commands. Only expired keys may go without it (lazy and active expiry): they are left out of a
 * dump anyway once their time has passed.
 *
 * <p>Costs: the instant itself locks all {@value Keyspace#SHARDS} shard locks once. A write's
 * extra cost is serializing the shards it locks that are still pending (1/1024 of the keyspace
 * each; a whole-keyspace write such as FLUSHALL serializes everything still pending). Memory held
 * beyond the keyspace: the bytes of the shards pre-serialized by writers and not yet written out,
 * at most the whole serialized keyspace if writers touch every shard before the walk does.
 *
 * <p>The format is the AOF's: each key as the RESP commands that rebuild it ({@link RebuildCommands}),
 * keys with an expiry passed at serialization time left out.
 */
public final class PointInTimeDump implements AutoCloseable {

    private final LocalCacheEngine engine;
    private final Keyspace keyspace;
    private final LongSupplier clock;
    private final long logPosition;
    private final long changesAtStart;
    private final long startedAtMillis;
    /** Per shard, guarded by that shard's lock: not serialized yet. */
    private final boolean[] pending = new boolean[Keyspace.SHARDS];
    /** Per shard, guarded by that shard's lock: serialized by a writer, not yet written out. */
    private final byte[][] captured = new byte[Keyspace.SHARDS][];
    private final LongAdder keys = new LongAdder();
    private final LongAdder capturedByWriters = new LongAdder();
    private volatile boolean closed;
    /** Why serializing a shard failed in a writer (the write itself goes on; the dump fails). */
    private volatile RuntimeException failure;

    /** All shard locks held by the caller. */
    PointInTimeDump(LocalCacheEngine engine, Keyspace keyspace, LongSupplier clock, long logPosition,
                    long changesAtStart) {
        this.engine = engine;
        this.keyspace = keyspace;
        this.clock = clock;
        this.logPosition = logPosition;
        this.changesAtStart = changesAtStart;
        this.startedAtMillis = clock.getAsLong();
        java.util.Arrays.fill(pending, true);
    }

    /** The AOF offset of the first write after the instant (-1 when the AOF is off). */
    public long logPosition() {
        return logPosition;
    }

    /** The engine's change counter at the instant (see {@link LocalCacheEngine#changeCount()}). */
    public long changesAtStart() {
        return changesAtStart;
    }

    /** Clock time of the instant, epoch milliseconds. */
    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** Keys written out so far. */
    public long keyCount() {
        return keys.sum();
    }

    /** Shards serialized by write commands rather than by the walk (a measure of the writers' extra cost). */
    public long shardsCapturedByWriters() {
        return capturedByWriters.sum();
    }

    /**
     * Writes every shard's contents at the instant to {@code out}, shard by shard, each under its
     * lock only while it is serialized (or its pre-serialized bytes are taken); the output is
     * written with no lock held.
     */
    public void writeTo(OutputStream out) throws IOException {
        for (int i = 0; i < Keyspace.SHARDS; i++) {
            if (failure != null) {
                throw new IOException("serializing the keyspace failed: " + failure, failure);
            }
            if (closed) {
                throw new IOException("dump abandoned");
            }
            out.write(take(i));
        }
    }

    private byte[] take(int index) {
        Keyspace.Shard shard = keyspace.shard(index);
        shard.lock.lock();
        try {
            if (pending[index]) {
                pending[index] = false;
                return serialize(shard);
            }
            byte[] bytes = captured[index];
            captured[index] = null;
            return bytes;
        } finally {
            shard.lock.unlock();
        }
    }

    /** Called by a write command holding the locks of {@code shards} (null = all) before it runs. */
    void captureBeforeWrite(int[] shards) {
        if (closed) {
            return;
        }
        if (shards == null) {
            for (int i = 0; i < Keyspace.SHARDS; i++) {
                capture(i);
            }
            return;
        }
        for (int shard : shards) {
            capture(shard);
        }
    }

    private void capture(int index) {
        if (pending[index]) {
            pending[index] = false;
            try {
                captured[index] = serialize(keyspace.shard(index));
            } catch (RuntimeException e) { // never fail the write for the dump's sake
                failure = e;
                closed = true;
            }
            capturedByWriters.increment();
        }
    }

    /** The shard's live keys as RESP commands. Shard lock held. */
    private byte[] serialize(Keyspace.Shard shard) {
        long now = clock.getAsLong();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        int count = 0;
        for (Map.Entry<Key, Entry> entry : shard.entries()) {
            if (entry.getValue().isExpiredAt(now)) {
                continue;
            }
            RebuildCommands.of(entry.getKey(), entry.getValue(), command -> encode(command, out));
            count++;
        }
        keys.add(count);
        return out.toByteArray();
    }

    /** RESP array of bulk strings, the AOF's record format. */
    private static void encode(byte[][] command, ByteArrayOutputStream out) {
        header(out, '*', command.length);
        for (byte[] arg : command) {
            header(out, '$', arg.length);
            out.writeBytes(arg);
            out.write('\r');
            out.write('\n');
        }
    }

    private static void header(ByteArrayOutputStream out, char type, int number) {
        out.write(type);
        out.writeBytes(Integer.toString(number).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    /** Ends the dump (written or abandoned): writers stop capturing and the engine may begin another. */
    @Override
    public void close() {
        closed = true;
        engine.dumpClosed(this);
    }
}
