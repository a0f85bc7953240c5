package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The embedded {@link CacheEngine}: looks the command up in the {@link CommandTable}, checks its
 * arity, locks the shards of its keys in ascending order (all shards for whole-keyspace
 * commands), runs it and unlocks. Error replies are returned, never thrown.
 */
public final class LocalCacheEngine implements CacheEngine {

    private final Keyspace keyspace = new Keyspace();
    private final CommandTable table = CommandTable.standard();
    private final LongSupplier clock;

    /** An engine on the system clock. */
    public LocalCacheEngine() {
        this(System::currentTimeMillis);
    }

    /** An engine on the given clock (epoch milliseconds), for tests of expiry. */
    public LocalCacheEngine(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Reply execute(List<byte[]> command) {
        if (command.isEmpty()) {
            return Reply.error("ERR empty command");
        }
        byte[][] args = command.toArray(byte[][]::new);
        String name = new String(args[0], StandardCharsets.UTF_8);
        CommandSpec spec = table.find(name);
        if (spec == null) {
            return unknownCommand(name, args);
        }
        if (!spec.arityMatches(args.length)) {
            return RedisErrors.wrongArity(spec.name());
        }
        int[] shards = spec.locking() == CommandSpec.Locking.ALL ? null : shardsOf(spec.keys(args));
        lock(shards);
        try {
            return spec.handler().run(new CommandContext(keyspace, clock.getAsLong()), args);
        } catch (CommandError error) {
            return error.reply;
        } finally {
            unlock(shards);
        }
    }

    /**
     * Deletes expired keys in a slice of the keyspace; called periodically so that keys nobody
     * reads again still go away.
     */
    public int expireSome(int shards) {
        return keyspace.expireSome(shards, clock.getAsLong());
    }

    /** Number of shards, for callers that sweep the whole keyspace with {@link #expireSome}. */
    public static int shardCount() {
        return Keyspace.SHARDS;
    }

    private static int[] shardsOf(List<Key> keys) {
        return keys.stream().mapToInt(Keyspace::shardOf).distinct().sorted().toArray();
    }

    private void lock(int[] shards) {
        if (shards == null) {
            for (int i = 0; i < Keyspace.SHARDS; i++) {
                keyspace.shard(i).lock.lock();
            }
            return;
        }
        for (int shard : shards) {
            keyspace.shard(shard).lock.lock();
        }
    }

    private void unlock(int[] shards) {
        if (shards == null) {
            for (int i = Keyspace.SHARDS - 1; i >= 0; i--) {
                keyspace.shard(i).lock.unlock();
            }
            return;
        }
        for (int i = shards.length - 1; i >= 0; i--) {
            keyspace.shard(shards[i]).lock.unlock();
        }
    }

    private static Reply unknownCommand(String name, byte[][] args) {
        StringBuilder message = new StringBuilder("ERR unknown command '").append(name)
                .append("', with args beginning with: ");
        for (int i = 1; i < args.length; i++) {
            message.append('\'').append(new String(args[i], StandardCharsets.UTF_8)).append("' ");
        }
        return Reply.error(message.toString());
    }
}
