package dev.infraplatform.cache.engine;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A key's value and TTL as the write commands that rebuild it — the form Redis' AOF rewrite emits:
 * SET for strings, RPUSH / HSET / SADD / ZADD for collections (chunked, {@value #CHUNK} elements
 * per command so no command grows without bound), then PEXPIREAT with the absolute expiry time.
 * Replaying them into an empty keyspace recreates the key exactly; snapshots and the AOF base are
 * made of them.
 */
final class RebuildCommands {

    /** Elements per command for big collections. */
    static final int CHUNK = 1000;

    static final byte[] SET = ascii("SET");
    static final byte[] RPUSH = ascii("RPUSH");
    static final byte[] HSET = ascii("HSET");
    static final byte[] SADD = ascii("SADD");
    static final byte[] ZADD = ascii("ZADD");
    static final byte[] PEXPIREAT = ascii("PEXPIREAT");

    private RebuildCommands() {
    }

    /** Emits the commands rebuilding {@code key} with {@code entry}'s value and expiry. */
    static void of(Key key, Entry entry, Consumer<byte[][]> out) {
        byte[] name = key.bytes();
        switch (entry.value) {
            case byte[] string -> out.accept(new byte[][] {SET, name, string});
            case RedisList list -> list.rebuildCommands(name, out);
            case RedisHash hash -> hash.rebuildCommands(name, out);
            case RedisSet set -> set.rebuildCommands(name, out);
            case SortedSet sortedSet -> sortedSet.rebuildCommands(name, out);
            case RedisStream stream -> stream.rebuildCommands(name, out);
            default -> throw new IllegalStateException("no rebuild commands for " + entry.value.getClass());
        }
        if (entry.expiresAt != Entry.NO_EXPIRY) {
            out.accept(new byte[][] {PEXPIREAT, name, ascii(Long.toString(entry.expiresAt))});
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Collects the elements of one collection into commands {@code <command> <key> <elements…>}
     * of at most {@value #CHUNK} elements ({@code arity} arguments each: 2 for field-value or
     * score-member pairs).
     */
    static final class Chunks {

        private final Consumer<byte[][]> out;
        private final byte[] command;
        private final byte[] key;
        private final int arity;
        private byte[][] pending;
        private int used;

        Chunks(Consumer<byte[][]> out, byte[] command, byte[] key, int arity) {
            this.out = out;
            this.command = command;
            this.key = key;
            this.arity = arity;
        }

        void add(byte[]... element) {
            if (pending == null) {
                pending = new byte[2 + CHUNK * arity][];
                pending[0] = command;
                pending[1] = key;
                used = 2;
            }
            for (byte[] part : element) {
                pending[used++] = part;
            }
            if (used == pending.length) {
                flush();
            }
        }

        void flush() {
            if (pending == null) {
                return;
            }
            out.accept(used == pending.length ? pending : java.util.Arrays.copyOf(pending, used));
            pending = null;
        }
    }
}
