package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.cache.WatchToken;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * MULTI / EXEC and WATCH (Redis' multi.c) for callers that hand over the whole transaction at
 * once. EXEC first checks every queued command as Redis does while queueing (unknown command,
 * wrong arity: the whole transaction is discarded with {@code EXECABORT}), then locks the union of
 * the shards of all commands' keys and of the watched keys in ascending order (every shard if a
 * command sees the whole keyspace or names no key, since such commands lock for themselves), checks
 * the watched versions, runs the commands in order at one instant and appends their effects to the
 * AOF as one {@code MULTI … EXEC} block.
 *
 * <p>WATCH is stateless: a key's {@link Entry#version} is stamped from a per-shard counter by every
 * successful write naming it, so a watch is the list of (key, version) pairs and a check is one
 * lookup per key. A key deleted or expired reads as {@link WatchToken#ABSENT}. Unlike Redis, a key
 * that was missing when watched and is missing again at EXEC (created and deleted in between)
 * does not abort the transaction.
 */
final class MultiExec {

    static final Reply EXEC_ABORT = Reply.error("EXECABORT Transaction discarded because of previous errors.");
    private static final byte[] MULTI = "MULTI".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXEC = "EXEC".getBytes(StandardCharsets.US_ASCII);

    private final LocalCacheEngine engine;
    private final Keyspace keyspace;
    private final CommandTable table;
    private final ServerStatus server;
    /** Tells this engine instance's versions from those of an earlier run. */
    private final long epoch = new SecureRandom().nextLong();

    MultiExec(LocalCacheEngine engine, Keyspace keyspace, CommandTable table, ServerStatus server) {
        this.engine = engine;
        this.keyspace = keyspace;
        this.table = table;
        this.server = server;
    }

    WatchToken watch(List<byte[]> keys, long now) {
        List<WatchToken.Watched> watched = new ArrayList<>(keys.size());
        for (byte[] bytes : keys) {
            Key key = new Key(bytes);
            Keyspace.Shard shard = keyspace.shardFor(key);
            shard.lock.lock();
            try {
                watched.add(new WatchToken.Watched(bytes, shard.versionOf(key, now)));
            } finally {
                shard.lock.unlock();
            }
        }
        return new WatchToken(epoch, watched);
    }

    Reply exec(List<List<byte[]>> commands, WatchToken watch, long now, CommandLog log, CommandObserver observer) {
        int count = commands.size();
        CommandSpec[] specs = new CommandSpec[count];
        byte[][][] argv = new byte[count][][];
        boolean writes = false;
        boolean denyOom = false;
        boolean everyShard = false;
        TreeSet<Integer> shards = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            List<byte[]> command = commands.get(i);
            if (command == null || command.isEmpty()) {
                return EXEC_ABORT;
            }
            argv[i] = command.toArray(byte[][]::new);
            specs[i] = table.find(new String(argv[i][0], StandardCharsets.UTF_8));
            if (specs[i] == null || !specs[i].arityMatches(argv[i].length)) {
                return EXEC_ABORT;
            }
            writes |= specs[i].write();
            denyOom |= specs[i].denyOom();
            List<Key> keys = specs[i].keys(argv[i]);
            if (specs[i].locking() == CommandSpec.Locking.ALL || keys.isEmpty()) {
                everyShard = true;
            }
            for (Key key : keys) {
                shards.add(Keyspace.shardOf(key));
            }
        }
        if (writes && log.failure() != null) {
            return Reply.error("MISCONF Errors writing to the AOF file: " + log.failure());
        }
        if (denyOom) {
            // Redis refuses a denyoom command already when queueing it above maxmemory: EXECABORT
            try {
                if (server.evictor.makeRoom(now, log) != null) {
                    return EXEC_ABORT;
                }
            } catch (RuntimeException e) {
                return Reply.error("MISCONF Errors writing to the AOF file: " + e.getMessage());
            }
        }
        if (watch != null) {
            for (WatchToken.Watched watched : watch.keys()) {
                shards.add(Keyspace.shardOf(new Key(watched.key())));
            }
        }
        int[] locked = everyShard ? null : shards.stream().mapToInt(Integer::intValue).toArray();
        CommandLog.Pending pending = CommandLog.Pending.DONE;
        List<Reply> replies = new ArrayList<>(count);
        engine.lock(locked);
        try {
            if (watch != null && changedSince(watch, now)) {
                return Reply.NIL_ARRAY;
            }
            keyspace.beforeWrite(locked); // a running snapshot first takes these shards as of its instant
            List<byte[][]> logged = new ArrayList<>();
            logged.add(new byte[][] {MULTI});
            for (int i = 0; i < count; i++) {
                server.commandProcessed();
                long started = System.nanoTime();
                Reply reply = runOne(specs[i], argv[i], now, logged);
                observer.executed(specs[i].name(), System.nanoTime() - started, reply instanceof Reply.Error);
                replies.add(reply);
            }
            if (logged.size() > 1) {
                logged.add(new byte[][] {EXEC});
                pending = log.append(logged);
            }
        } finally {
            engine.unlock(locked);
        }
        try {
            pending.await();
        } catch (RuntimeException e) {
            return Reply.error("MISCONF Errors writing to the AOF file: " + e.getMessage());
        }
        return Reply.array(replies);
    }

    /** Runs one queued command with the transaction's shards locked, collecting what to log. */
    private Reply runOne(CommandSpec spec, byte[][] args, long now, List<byte[][]> logged) {
        CommandContext context = new CommandContext(keyspace, now, spec.write() ? null : server.keyspaceStats, server);
        Reply reply = engine.applyLocked(spec, args, spec.keys(args), context, logged);
        BlockedPop blocked = context.blockedClient();
        if (blocked != null) {
            // inside MULTI a blocking pop that finds nothing answers nil at once, as in Redis
            blocked.result.complete(blocked.nonBlockingReply());
            for (Key key : blocked.keys) {
                keyspace.shardFor(key).unblock(key, blocked);
            }
            return blocked.nonBlockingReply();
        }
        return reply;
    }

    private boolean changedSince(WatchToken watch, long now) {
        if (watch.epoch() != epoch) {
            return !watch.keys().isEmpty();
        }
        for (WatchToken.Watched watched : watch.keys()) {
            Key key = new Key(watched.key());
            if (keyspace.shardFor(key).versionOf(key, now) != watched.version()) {
                return true;
            }
        }
        return false;
    }
}
