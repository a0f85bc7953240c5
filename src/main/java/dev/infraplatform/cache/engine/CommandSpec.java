package dev.infraplatform.cache.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A row of the command table, as in Redis' command table: name, arity (positive: exactly that
 * many arguments including the name; negative: at least that many), where the keys are
 * ({@code firstKey}, {@code lastKey} (negative counts from the end), {@code step}), how the
 * command locks the keyspace, whether it writes, whether it may grow memory (Redis'
 * {@code denyoom} flag: refused, or run after evicting, when used memory is above {@code maxmemory})
 * and, when not null, {@code keyFinder}: how to find the keys of a command whose keys move
 * (Redis' getkeys_proc, for XREAD … STREAMS k1 k2 id1 id2).
 */
record CommandSpec(String name, int arity, int firstKey, int lastKey, int step, Locking locking, boolean write,
                   CommandHandler handler, boolean denyOom, java.util.function.Function<byte[][], List<Key>> keyFinder) {

    CommandSpec(String name, int arity, int firstKey, int lastKey, int step, Locking locking, boolean write,
                CommandHandler handler) {
        this(name, arity, firstKey, lastKey, step, locking, write, handler, false, null);
    }

    CommandSpec withDenyOom() {
        return new CommandSpec(name, arity, firstKey, lastKey, step, locking, write, handler, true, keyFinder);
    }

    enum Locking {
        /** Lock the shards of the command's keys. */
        KEYS,
        /** Lock every shard: the command sees or changes the whole keyspace at one instant. */
        ALL
    }

    boolean arityMatches(int argumentCount) {
        return arity >= 0 ? argumentCount == arity : argumentCount >= -arity;
    }

    /** The keys named by the arguments. */
    List<Key> keys(byte[][] args) {
        if (keyFinder != null) {
            return keyFinder.apply(args); // movable keys (XREAD … STREAMS k1 k2 id1 id2)
        }
        List<Key> keys = new ArrayList<>();
        if (firstKey <= 0) {
            return keys;
        }
        int last = lastKey >= 0 ? lastKey : args.length + lastKey;
        for (int i = firstKey; i <= last && i < args.length; i += step) {
            keys.add(new Key(args[i]));
        }
        return keys;
    }
}
