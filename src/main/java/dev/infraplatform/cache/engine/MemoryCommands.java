package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import static dev.infraplatform.cache.engine.Arguments.is;

/** MEMORY USAGE: the estimated bytes of one key (Redis' object.c {@code memoryCommand}). */
final class MemoryCommands {

    private MemoryCommands() {
    }

    static void register(CommandTable table) {
        table.read("memory", -2, 2, 2, 1, MemoryCommands::memory);
    }

    /**
     * MEMORY USAGE key [SAMPLES count]: {@link MemoryEstimator}'s estimate of the key with its
     * overhead, sampling {@code count} elements of a collection (default 5, 0 for all of them);
     * nil if the key does not exist. Neither a keyspace hit nor an access for LRU/LFU.
     */
    private static Reply memory(CommandContext context, byte[][] args) {
        String subcommand = Arguments.text(args[1]);
        if (!subcommand.equalsIgnoreCase("usage")) {
            return Reply.error("ERR unknown subcommand '" + subcommand + "'. Try MEMORY HELP.");
        }
        if (args.length < 3) {
            return RedisErrors.wrongArity("memory|usage");
        }
        int samples = MemoryEstimator.DEFAULT_SAMPLES;
        for (int i = 3; i < args.length; i++) {
            if (is(args[i], "SAMPLES") && i + 1 < args.length) {
                long requested = Arguments.parseLong(args[++i]);
                if (requested < 0) {
                    return RedisErrors.SYNTAX;
                }
                samples = requested == 0 || requested > Integer.MAX_VALUE ? 0 : (int) requested;
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        Key key = new Key(args[2]);
        Entry entry = context.keyspace.shardFor(key).get(key, context.now);
        return entry == null ? Reply.NIL : Reply.integer(MemoryEstimator.entryBytes(key, entry, samples));
    }
}
