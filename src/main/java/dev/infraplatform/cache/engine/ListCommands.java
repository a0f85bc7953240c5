package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.parseLong;
import static dev.infraplatform.cache.engine.StringCommands.ascii;

/**
 * The list type's commands (Redis' t_list.c), including the blocking pops: BLPOP / BRPOP queue
 * the client on its keys and the push that makes one non-empty serves the longest-waiting client
 * first, inside the pushing command, so no element is ever seen by two clients or by none.
 */
final class ListCommands {

    /** Timeouts are kept in milliseconds in a long, as Redis keeps them. */
    private static final BigDecimal MAX_TIMEOUT_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1000);

    private ListCommands() {
    }

    static void register(CommandTable table) {
        table.write("lpush", -3, 1, 1, 1, (c, a) -> push(c, a, true, false)).denyOom();
        table.write("rpush", -3, 1, 1, 1, (c, a) -> push(c, a, false, false)).denyOom();
        table.write("lpushx", -3, 1, 1, 1, (c, a) -> push(c, a, true, true)).denyOom();
        table.write("rpushx", -3, 1, 1, 1, (c, a) -> push(c, a, false, true)).denyOom();
        table.write("lpop", -2, 1, 1, 1, (c, a) -> pop(c, a, true));
        table.write("rpop", -2, 1, 1, 1, (c, a) -> pop(c, a, false));
        table.read("llen", 2, 1, 1, 1, (c, a) -> {
            RedisList list = list(c, new Key(a[1]));
            return Reply.integer(list == null ? 0 : list.size());
        });
        table.read("lrange", 4, 1, 1, 1, ListCommands::lrange);
        table.read("lindex", 3, 1, 1, 1, ListCommands::lindex);
        table.write("lset", 4, 1, 1, 1, ListCommands::lset).denyOom();
        table.write("lrem", 4, 1, 1, 1, ListCommands::lrem);
        table.write("linsert", 5, 1, 1, 1, ListCommands::linsert).denyOom();
        table.write("ltrim", 4, 1, 1, 1, ListCommands::ltrim);
        table.write("lmove", 5, 1, 2, 1, ListCommands::lmove).denyOom();
        table.write("blmove", 6, 1, 2, 1, ListCommands::blmove).denyOom();
        table.write("blpop", -3, 1, -2, 1, (c, a) -> blockingPop(c, a, true));
        table.write("brpop", -3, 1, -2, 1, (c, a) -> blockingPop(c, a, false));
    }

    static RedisList list(CommandContext context, Key key) {
        return context.getList(key);
    }

    private static Reply push(CommandContext context, byte[][] args, boolean left, boolean onlyIfExists) {
        Key key = new Key(args[1]);
        RedisList list = list(context, key);
        if (list == null) {
            if (onlyIfExists) {
                context.propagateNothing();
                return Reply.ZERO;
            }
            list = new RedisList();
            context.keyspace.shardFor(key).put(key, list, Entry.NO_EXPIRY);
        }
        for (int i = 2; i < args.length; i++) {
            if (left) {
                list.pushFirst(args[i]);
            } else {
                list.pushLast(args[i]);
            }
        }
        long length = list.size();
        serveBlockedClients(context, key, list);
        return Reply.integer(length);
    }

    /** Hands elements to clients blocked on {@code key}, oldest first, while there are any. Lock held. */
    static void serveBlockedClients(CommandContext context, Key key, RedisList list) {
        Keyspace.Shard shard = context.keyspace.shardFor(key);
        ArrayDeque<BlockedPop> waiting = shard.blockedOn(key);
        while (waiting != null && !waiting.isEmpty() && !list.isEmpty()) {
            BlockedPop client = waiting.pollFirst();
            if (client.result.isDone()) {
                continue;
            }
            if (client instanceof BlockedMove) {
                if (client.result.complete(BlockedMove.READY)) {
                    break; // it moves an element itself and serves those queued behind it
                }
                continue;
            }
            byte[] value = client.fromLeft ? list.popFirst() : list.popLast();
            Reply served = Reply.array(List.of(Reply.bulk(key.bytes()), Reply.bulk(value)));
            if (client.result.complete(served)) {
                context.alsoPropagate(ascii(client.fromLeft ? "LPOP" : "RPOP"), key.bytes());
            } else if (client.fromLeft) {
                list.pushFirst(value);
            } else {
                list.pushLast(value);
            }
        }
        shard.forgetBlockedIfEmpty(key);
        if (list.isEmpty()) {
            context.delete(key);
        }
    }

    private static Reply pop(CommandContext context, byte[][] args, boolean left) {
        if (args.length > 3) {
            return RedisErrors.SYNTAX;
        }
        Long count = null;
        if (args.length == 3) {
            count = parseLong(args[2]);
            if (count < 0) {
                return Reply.error("ERR value is out of range, must be positive");
            }
        }
        Key key = new Key(args[1]);
        RedisList list = list(context, key);
        if (list == null) {
            context.propagateNothing();
            return count == null ? Reply.NIL : Reply.NIL_ARRAY;
        }
        if (count == null) {
            byte[] value = left ? list.popFirst() : list.popLast();
            deleteIfEmpty(context, key, list);
            return Reply.bulk(value);
        }
        List<Reply> values = new ArrayList<>();
        for (long i = 0; i < count && !list.isEmpty(); i++) {
            values.add(Reply.bulk(left ? list.popFirst() : list.popLast()));
        }
        deleteIfEmpty(context, key, list);
        return Reply.array(values);
    }

    private static void deleteIfEmpty(CommandContext context, Key key, RedisList list) {
        if (list.isEmpty()) {
            context.delete(key);
        }
    }

    /** Redis' range normalisation: negative indexes count from the end; null if empty. */
    private static int[] range(long start, long end, int size) {
        if (start < 0) {
            start = Math.max(0, size + start);
        }
        if (end < 0) {
            end = size + end;
        }
        if (end >= size) {
            end = size - 1;
        }
        if (start > end || start >= size) {
            return null;
        }
        return new int[] {(int) start, (int) end};
    }

    private static Reply lrange(CommandContext context, byte[][] args) {
        long start = parseLong(args[2]);
        long end = parseLong(args[3]);
        RedisList list = list(context, new Key(args[1]));
        if (list == null) {
            return Reply.array(List.of());
        }
        int[] bounds = range(start, end, list.size());
        List<Reply> values = new ArrayList<>();
        if (bounds != null) {
            for (int i = bounds[0]; i <= bounds[1]; i++) {
                values.add(Reply.bulk(list.get(i)));
            }
        }
        return Reply.array(values);
    }

    private static Reply lindex(CommandContext context, byte[][] args) {
        long index = parseLong(args[2]);
        RedisList list = list(context, new Key(args[1]));
        if (list == null) {
            return Reply.NIL;
        }
        if (index < 0) {
            index += list.size();
        }
        return index < 0 || index >= list.size() ? Reply.NIL : Reply.bulk(list.get((int) index));
    }

    private static Reply lset(CommandContext context, byte[][] args) {
        long index = parseLong(args[2]);
        RedisList list = list(context, new Key(args[1]));
        if (list == null) {
            return RedisErrors.NO_SUCH_KEY;
        }
        if (index < 0) {
            index += list.size();
        }
        if (index < 0 || index >= list.size()) {
            return Reply.error("ERR index out of range");
        }
        list.set((int) index, args[3]);
        return Reply.OK;
    }

    private static Reply lrem(CommandContext context, byte[][] args) {
        long count = parseLong(args[2]);
        Key key = new Key(args[1]);
        RedisList list = list(context, key);
        if (list == null) {
            return Reply.ZERO;
        }
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < list.size() && (count == 0 || removed < count); ) {
                if (Arrays.equals(list.get(i), args[3])) {
                    list.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = list.size() - 1; i >= 0 && removed < -count; i--) {
                if (Arrays.equals(list.get(i), args[3])) {
                    list.remove(i);
                    removed++;
                }
            }
        }
        deleteIfEmpty(context, key, list);
        if (removed == 0) {
            context.propagateNothing(); // unchanged: not logged, and WATCH is not disturbed (as Redis)
        }
        return Reply.integer(removed);
    }

    private static Reply linsert(CommandContext context, byte[][] args) {
        boolean before;
        if (is(args[2], "BEFORE")) {
            before = true;
        } else if (is(args[2], "AFTER")) {
            before = false;
        } else {
            return RedisErrors.SYNTAX;
        }
        Key key = new Key(args[1]);
        RedisList list = list(context, key);
        if (list == null) {
            return Reply.ZERO;
        }
        for (int i = 0; i < list.size(); i++) {
            if (Arrays.equals(list.get(i), args[3])) {
                list.insert(before ? i : i + 1, args[4]);
                return Reply.integer(list.size());
            }
        }
        context.propagateNothing();
        return Reply.integer(-1);
    }

    private static Reply ltrim(CommandContext context, byte[][] args) {
        long start = parseLong(args[2]);
        long end = parseLong(args[3]);
        Key key = new Key(args[1]);
        RedisList list = list(context, key);
        if (list == null) {
            return Reply.OK;
        }
        int[] bounds = range(start, end, list.size());
        if (bounds == null) {
            context.delete(key);
        } else {
            list.retain(bounds[0], bounds[1]);
        }
        return Reply.OK;
    }

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT */
    private static Reply lmove(CommandContext context, byte[][] args) {
        Boolean fromLeft = side(args[3]);
        Boolean toLeft = side(args[4]);
        if (fromLeft == null || toLeft == null) {
            return RedisErrors.SYNTAX;
        }
        Key source = new Key(args[1]);
        Key destination = new Key(args[2]);
        RedisList from = list(context, source);
        if (from == null) {
            context.propagateNothing();
            return Reply.NIL; // as Redis: the destination's type is not checked then
        }
        RedisList to = list(context, destination);
        byte[] value = fromLeft ? from.popFirst() : from.popLast();
        if (source.equals(destination)) {
            to = from;
        } else {
            deleteIfEmpty(context, source, from);
        }
        if (to == null) {
            to = new RedisList();
            context.keyspace.shardFor(destination).put(destination, to, Entry.NO_EXPIRY);
        }
        if (toLeft) {
            to.pushFirst(value);
        } else {
            to.pushLast(value);
        }
        serveBlockedClients(context, destination, to);
        return Reply.bulk(value);
    }

    /**
     * BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout: LMOVE if the source has elements
     * (logged as LMOVE, as Redis rewrites it), else blocks on the source as a {@link BlockedMove}.
     */
    private static Reply blmove(CommandContext context, byte[][] args) {
        if (side(args[3]) == null || side(args[4]) == null) {
            return RedisErrors.SYNTAX;
        }
        BigDecimal timeout = timeout(args[5]);
        Key source = new Key(args[1]);
        if (list(context, source) == null) {
            context.propagateNothing();
            long timeoutMillis = timeout.multiply(BigDecimal.valueOf(1000)).longValue();
            BlockedMove client = new BlockedMove(source, timeoutMillis == 0 ? 0 : context.now + timeoutMillis);
            context.keyspace.shardFor(source).block(source, client);
            context.block(client, timeoutMillis);
            return Reply.NIL_ARRAY;
        }
        byte[][] lmove = java.util.Arrays.copyOf(args, 5);
        lmove[0] = ascii("LMOVE");
        Reply moved = lmove(context, lmove);
        context.propagate(lmove);
        RedisList rest = list(context, source);
        if (rest != null) {
            serveBlockedClients(context, source, rest); // clients queued behind this one
        }
        return moved;
    }

    /** A blocking command's timeout in seconds, checked as Redis checks it. */
    private static BigDecimal timeout(byte[] arg) {
        BigDecimal timeout = LongDoubleText.parse(arg);
        if (timeout == null) {
            throw new CommandError(Reply.error("ERR timeout is not a float or out of range"));
        }
        if (timeout.signum() < 0) {
            throw new CommandError(Reply.error("ERR timeout is negative"));
        }
        if (timeout.compareTo(MAX_TIMEOUT_SECONDS) > 0) {
            throw new CommandError(Reply.error("ERR timeout is out of range"));
        }
        return timeout;
    }

    private static Boolean side(byte[] arg) {
        return is(arg, "LEFT") ? Boolean.TRUE : is(arg, "RIGHT") ? Boolean.FALSE : null;
    }

    /** BLPOP / BRPOP key [key …] timeout */
    private static Reply blockingPop(CommandContext context, byte[][] args, boolean left) {
        BigDecimal timeout = timeout(args[args.length - 1]);
        List<Key> keys = new ArrayList<>();
        for (int i = 1; i < args.length - 1; i++) {
            Key key = new Key(args[i]);
            keys.add(key);
            RedisList list = list(context, key);
            if (list != null) {
                byte[] value = left ? list.popFirst() : list.popLast();
                deleteIfEmpty(context, key, list);
                context.propagate(ascii(left ? "LPOP" : "RPOP"), key.bytes());
                return Reply.array(List.of(Reply.bulk(key.bytes()), Reply.bulk(value)));
            }
        }
        context.propagateNothing();
        BlockedPop client = new BlockedPop(List.copyOf(keys), left);
        for (Key key : keys) {
            context.keyspace.shardFor(key).block(key, client);
        }
        long timeoutMillis = timeout.multiply(BigDecimal.valueOf(1000)).longValue();
        context.block(client, timeoutMillis);
        return Reply.NIL_ARRAY;
    }
}
