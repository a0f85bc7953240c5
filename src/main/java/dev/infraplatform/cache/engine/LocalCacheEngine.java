package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.MessageListener;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.Subscription;
import dev.infraplatform.cache.WatchToken;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The embedded {@link CacheEngine}: looks the command up in the {@link CommandTable}, checks its
 * arity, locks the shards of its keys in ascending order (all shards for whole-keyspace
 * commands), runs it, orders a successful write into the {@link CommandLog} (the AOF) while still
 * holding the locks, unlocks, and waits for the log before answering. Error replies are
 * returned, never thrown. While a {@link PointInTimeDump} (snapshot) runs, a write first hands
 * the dump the pre-write contents of its shards that the dump has not serialized yet.
 *
 * <p>Memory: before a denyoom write (and before taking its locks) the {@link Evictor} makes room
 * if a {@code maxmemory} is set; after a write, while still locked, the keys it named are
 * re-estimated ({@link Keyspace.Shard#account}, O(samples) each).
 */
public final class LocalCacheEngine implements CacheEngine {

    private final Keyspace keyspace = new Keyspace();
    private final CommandTable table = CommandTable.standard();
    private final LongSupplier clock;
    private volatile CommandLog commandLog = CommandLog.DISABLED;
    private final KeyspaceStats stats = new KeyspaceStats();
    private volatile CommandObserver observer = CommandObserver.NONE;
    private final Evictor evictor = new Evictor(keyspace);
    private final ServerStatus server;
    /** Write commands logged so far (Redis' dirty counter, never reset). */
    private final java.util.concurrent.atomic.LongAdder changes = new java.util.concurrent.atomic.LongAdder();
    private final MultiExec multiExec;

    /** An engine on the system clock. */
    public LocalCacheEngine() {
        this(System::currentTimeMillis);
    }

    /** An engine on the given clock (epoch milliseconds), for tests of expiry. */
    public LocalCacheEngine(LongSupplier clock) {
        this.clock = clock;
        this.server = new ServerStatus(clock.getAsLong(), evictor, stats);
        this.multiExec = new MultiExec(this, keyspace, table, server);
    }

    @Override
    public Reply execute(List<byte[]> command) {
        return run(command, commandLog, false);
    }

    @Override
    public WatchToken watch(List<byte[]> keys) {
        return multiExec.watch(keys, clock.getAsLong());
    }

    @Override
    public Reply exec(List<List<byte[]>> commands, WatchToken watch) {
        return multiExec.exec(commands, watch, clock.getAsLong(), commandLog, observer);
    }

    @Override
    public Subscription subscribe(List<byte[]> channels, List<byte[]> patterns, MessageListener listener) {
        return keyspace.channels.subscribe(channels, patterns, listener);
    }

    /** Reports every command from now on to {@code observer}. */
    public void observe(CommandObserver observer) {
        this.observer = observer;
    }

    /**
     * Applies a logged command during recovery; nothing is logged again.
     *
     * @return the reply, an error if the logged command no longer applies
     */
    public Reply replay(List<byte[]> command) {
        return run(command, CommandLog.DISABLED, true);
    }

    private Reply run(List<byte[]> command, CommandLog log, boolean replaying) {
        if (command.isEmpty()) {
            return Reply.error("ERR empty command");
        }
        byte[][] args = command.toArray(byte[][]::new);
        String name = new String(args[0], StandardCharsets.UTF_8);
        CommandSpec spec = table.find(name);
        if (spec == null) {
            return unknownCommand(name, args);
        }
        long started = System.nanoTime();
        Reply reply = runCommand(spec, args, log, replaying);
        observer.executed(spec.name(), System.nanoTime() - started, reply instanceof Reply.Error);
        return reply;
    }

    private Reply runCommand(CommandSpec spec, byte[][] args, CommandLog log, boolean replaying) {
        if (!spec.arityMatches(args.length)) {
            return RedisErrors.wrongArity(spec.name());
        }
        server.commandProcessed();
        if (spec.write()) {
            String failure = log.failure();
            if (failure != null) {
                return Reply.error("MISCONF Errors writing to the AOF file: " + failure);
            }
        }
        long now = clock.getAsLong();
        if (spec.denyOom() && !replaying) {
            // a replayed AOF is loaded whole, as Redis loads it; the next write evicts
            try {
                Reply outOfMemory = evictor.makeRoom(now, log);
                if (outOfMemory != null) {
                    return outOfMemory;
                }
            } catch (RuntimeException e) {
                return Reply.error("MISCONF Errors writing to the AOF file: " + e.getMessage());
            }
        }
        List<Key> keys = spec.keys(args);
        int[] shards = spec.locking() == CommandSpec.Locking.ALL ? null : shardsOf(keys);
        CommandLog.Pending pending = CommandLog.Pending.DONE;
        Reply reply;
        CommandContext context = new CommandContext(keyspace, now, spec.write() ? null : stats, server);
        lock(shards);
        try {
            if (spec.write()) {
                keyspace.beforeWrite(shards);
            }
            List<byte[][]> logged = new ArrayList<>(1);
            reply = applyLocked(spec, args, keys, context, logged);
            if (!logged.isEmpty()) {
                pending = log.append(logged);
            }
        } finally {
            unlock(shards);
        }
        try {
            pending.await();
        } catch (RuntimeException e) {
            return Reply.error("MISCONF Errors writing to the AOF file: " + e.getMessage());
        }
        BlockedPop blocked = context.blockedClient();
        if (blocked == null) {
            return reply;
        }
        Reply served = awaitServed(blocked, context.blockedTimeoutMillis());
        if (served != BlockedMove.READY) {
            return served;
        }
        byte[][] retry = ((BlockedMove) blocked).retryArguments(args, clock.getAsLong());
        return retry == null ? blocked.timeoutReply() : runCommand(spec, retry, log, replaying);
    }

    /**
     * Parks the caller (a virtual thread, ideally) until a push serves the blocked client or the
     * timeout passes (0 = forever), then takes it off every key's queue.
     */
    private Reply awaitServed(BlockedPop client, long timeoutMillis) {
        server.blocked(1);
        try {
            return timeoutMillis == 0 ? client.result.get()
                    : client.result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            client.result.complete(client.timeoutReply()); // loses to a push that served it first
            return client.result.join();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            server.blocked(-1);
            int[] shards = shardsOf(client.keys);
            lock(shards);
            try {
                for (Key key : client.keys) {
                    keyspace.shardFor(key).unblock(key, client);
                }
            } finally {
                unlock(shards);
            }
        }
    }

    /** Why the AOF can't be written (write commands are refused), or null while it is fine. */
    public String commandLogFailure() {
        return commandLog.failure();
    }

    /** From now on every successful write command is recorded in {@code log}. */
    public void attachLog(CommandLog log) {
        this.commandLog = log;
    }

    /** BGSAVE, SAVE, LASTSAVE, BGREWRITEAOF and INFO persistence are answered by {@code control}. */
    public void attachPersistence(PersistenceControl control) {
        server.persistence = control;
    }

    /**
     * Begins a {@link PointInTimeDump} of the keyspace as it is now: locks every shard, reads the
     * command log's position, marks every shard pending and unlocks. The caller writes it out
     * with {@link PointInTimeDump#writeTo} and closes it.
     *
     * @throws IllegalStateException if another dump is running
     */
    public PointInTimeDump beginDump() {
        lock(null);
        try {
            if (keyspace.dump() != null) {
                throw new IllegalStateException("a dump of the keyspace is already running");
            }
            PointInTimeDump started = new PointInTimeDump(this, keyspace, clock, commandLog.position(), changes.sum());
            keyspace.dump(started);
            return started;
        } finally {
            unlock(null);
        }
    }

    void dumpClosed(PointInTimeDump closed) {
        if (keyspace.dump() == closed) {
            keyspace.dump(null);
        }
    }

    /**
     * Runs one command's handler with the shards of its {@code keys} locked (and, for a write, a
     * running dump given them first), the one step every way of running a command shares. For a
     * write it re-estimates the memory of its keys and, if it changed anything, adds what the AOF
     * must record to {@code logged}, counts the change and stamps new WATCH versions on its keys.
     */
    Reply applyLocked(CommandSpec spec, byte[][] args, List<Key> keys, CommandContext context, List<byte[][]> logged) {
        Reply reply;
        try {
            reply = spec.handler().run(context, args);
        } catch (CommandError error) {
            reply = error.reply;
        }
        if (!spec.write()) {
            return reply;
        }
        for (Key key : keys) {
            keyspace.shardFor(key).account(key, context.now);
        }
        if (!(reply instanceof Reply.Error)) {
            List<byte[][]> propagated = context.propagations(args);
            if (!propagated.isEmpty()) {
                logged.addAll(propagated);
                changes.add(propagated.size());
                for (Key key : keys) {
                    keyspace.shardFor(key).touch(key);
                }
            }
        }
        return reply;
    }

    /** Write commands run so far (each logged command counts once), like Redis' dirty counter. */
    public long changeCount() {
        return changes.sum();
    }

    /**
     * Deletes expired keys in a slice of the keyspace; called periodically so that keys nobody
     * reads again still go away.
     */
    public int expireSome(int shards) {
        return keyspace.expireSome(shards, clock.getAsLong());
    }

    /** The keyspace itself, for tests in this package that need to see blocked clients. */
    Keyspace keyspace() {
        return keyspace;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    /** Keys in the keyspace (each shard counted exactly, not all at one instant). */
    public long keyCount() {
        return keyspace.size();
    }

    /** Keys deleted because their TTL passed, lazily or by the active sweep. */
    public long expiredKeyCount() {
        return keyspace.expiredKeys();
    }

    /** Keys deleted to keep used memory under {@link #maxMemory()}. */
    public long evictedKeyCount() {
        return keyspace.evictedKeys();
    }

    /** The estimated bytes held by keys and values (see {@link MemoryEstimator}); lock-free, approximate. */
    public long usedMemory() {
        return keyspace.usedBytes();
    }

    /** Redis' {@code maxmemory} in bytes; 0 for no limit. */
    public long maxMemory() {
        return evictor.maxMemory();
    }

    /** Sets Redis' {@code maxmemory} (0: no limit); takes effect at the next write that may grow memory. */
    public void setMaxMemory(long bytes) {
        evictor.setMaxMemory(bytes);
    }

    public EvictionPolicy evictionPolicy() {
        return evictor.policy();
    }

    /** Sets Redis' {@code maxmemory-policy}. */
    public void setEvictionPolicy(EvictionPolicy policy) {
        evictor.setPolicy(policy);
    }

    /** Number of shards, for callers that sweep the whole keyspace with {@link #expireSome}. */
    public static int shardCount() {
        return Keyspace.SHARDS;
    }

    private static int[] shardsOf(List<Key> keys) {
        return keys.stream().mapToInt(Keyspace::shardOf).distinct().sorted().toArray();
    }

    /** Locks the given shards in ascending order, or all of them for null. */
    void lock(int[] shards) {
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

    void unlock(int[] shards) {
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
