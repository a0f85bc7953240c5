package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.infraplatform.cache.engine.Arguments.is;

/**
 * The set type's commands (Redis' t_set.c): membership, random picks, and the algebra of several
 * sets (a missing key is an empty set). A set whose last member goes is deleted, and a STORE
 * whose result is empty deletes its destination, as Redis never keeps an empty collection.
 */
final class SetCommands {

    private static final Reply EMPTY = Reply.array(List.of());

    private SetCommands() {
    }

    static void register(CommandTable table) {
        table.write("sadd", -3, 1, 1, 1, SetCommands::sadd).denyOom();
        table.write("srem", -3, 1, 1, 1, SetCommands::srem);
        table.read("smembers", 2, 1, 1, 1, SetCommands::smembers);
        table.read("sismember", 3, 1, 1, 1, SetCommands::sismember);
        table.read("smismember", -3, 1, 1, 1, SetCommands::smismember);
        table.read("scard", 2, 1, 1, 1, SetCommands::scard);
        table.write("spop", -2, 1, 1, 1, SetCommands::spop);
        table.read("srandmember", -2, 1, 1, 1, SetCommands::srandmember);
        table.write("smove", 4, 1, 2, 1, SetCommands::smove).denyOom();
        table.read("sinter", -2, 1, -1, 1, (c, a) -> members(inter(c, a, 1)));
        table.read("sunion", -2, 1, -1, 1, (c, a) -> members(union(c, a, 1)));
        table.read("sdiff", -2, 1, -1, 1, (c, a) -> members(diff(c, a, 1)));
        table.write("sinterstore", -3, 1, -1, 1, (c, a) -> store(c, a, inter(c, a, 2))).denyOom();
        table.write("sunionstore", -3, 1, -1, 1, (c, a) -> store(c, a, union(c, a, 2))).denyOom();
        table.write("sdiffstore", -3, 1, -1, 1, (c, a) -> store(c, a, diff(c, a, 2))).denyOom();
        // The keys are numkeys of the arguments after numkeys: locking all of them (LIMIT too)
        // locks a superset of the keys, which is safe.
        table.read("sintercard", -3, 2, -1, 1, SetCommands::sintercard);
        table.read("sscan", -3, 1, 1, 1, SetCommands::sscan);
    }

    private static Reply sadd(CommandContext context, byte[][] args) {
        RedisSet set = context.getOrCreateSet(new Key(args[1]));
        long added = 0;
        for (int i = 2; i < args.length; i++) {
            if (set.add(new Key(args[i]))) {
                added++;
            }
        }
        if (added == 0) {
            context.propagateNothing(); // unchanged: not logged, and WATCH is not disturbed (as Redis)
        }
        return Reply.integer(added);
    }

    private static Reply srem(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        RedisSet set = context.getSet(key);
        if (set == null) {
            return Reply.ZERO;
        }
        long removed = 0;
        for (int i = 2; i < args.length && !set.isEmpty(); i++) {
            if (set.remove(new Key(args[i]))) {
                removed++;
            }
        }
        if (set.isEmpty()) {
            context.delete(key);
        }
        if (removed == 0) {
            context.propagateNothing(); // unchanged: not logged, and WATCH is not disturbed (as Redis)
        }
        return Reply.integer(removed);
    }

    private static Reply smembers(CommandContext context, byte[][] args) {
        RedisSet set = context.getSet(new Key(args[1]));
        return set == null ? EMPTY : members(set);
    }

    private static Reply sismember(CommandContext context, byte[][] args) {
        RedisSet set = context.getSet(new Key(args[1]));
        return set != null && set.contains(new Key(args[2])) ? Reply.ONE : Reply.ZERO;
    }

    private static Reply smismember(CommandContext context, byte[][] args) {
        RedisSet set = context.getSet(new Key(args[1]));
        List<Reply> found = new ArrayList<>(args.length - 2);
        for (int i = 2; i < args.length; i++) {
            found.add(set != null && set.contains(new Key(args[i])) ? Reply.ONE : Reply.ZERO);
        }
        return Reply.array(found);
    }

    private static Reply scard(CommandContext context, byte[][] args) {
        RedisSet set = context.getSet(new Key(args[1]));
        return Reply.integer(set == null ? 0 : set.size());
    }

    /**
     * SPOP key [count]. Its effect is the removal of the members it chose at random, so the AOF
     * records it as SREM of those members (DEL when it took them all), never as SPOP.
     */
    private static Reply spop(CommandContext context, byte[][] args) {
        if (args.length > 3) {
            return RedisErrors.SYNTAX;
        }
        long count = args.length == 3 ? parsePositive(args[2], "ERR value is out of range, must be positive") : -1;
        Key key = new Key(args[1]);
        RedisSet set = context.getSet(key);
        if (set == null || count == 0) {
            context.propagateNothing();
            return set == null && count < 0 ? Reply.NIL : EMPTY;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (count < 0) {
            Key member = set.random(random);
            set.remove(member);
            if (set.isEmpty()) {
                context.delete(key);
            }
            context.propagate(StringCommands.ascii("SREM"), args[1], member.bytes());
            return Reply.bulk(member.bytes());
        }
        if (count >= set.size()) {
            context.delete(key);
            context.propagate(StringCommands.ascii("DEL"), args[1]);
            return members(set);
        }
        List<Reply> popped = new ArrayList<>((int) count);
        byte[][] logged = new byte[2 + (int) count][];
        logged[0] = StringCommands.ascii("SREM");
        logged[1] = args[1];
        for (Key member : set.randomDistinct((int) count, random)) {
            set.remove(member);
            logged[2 + popped.size()] = member.bytes();
            popped.add(Reply.bulk(member.bytes()));
        }
        context.propagate(logged);
        return Reply.array(popped);
    }

    /** SRANDMEMBER key [count]: a negative count may repeat members, a positive one does not. */
    private static Reply srandmember(CommandContext context, byte[][] args) {
        if (args.length > 3) {
            return RedisErrors.SYNTAX;
        }
        long count = args.length == 3 ? HashCommands.parseCount(args[2]) : 0;
        RedisSet set = context.getSet(new Key(args[1]));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (args.length == 2) {
            return set == null ? Reply.NIL : Reply.bulk(set.random(random).bytes());
        }
        if (set == null || count == 0) {
            return EMPTY;
        }
        if (count < 0) {
            int picks = HashCommands.replySize(-count, false);
            List<Reply> chosen = new ArrayList<>(picks);
            for (int i = 0; i < picks; i++) {
                chosen.add(Reply.bulk(set.random(random).bytes()));
            }
            return Reply.array(chosen);
        }
        if (count >= set.size()) {
            return members(set);
        }
        List<Reply> chosen = new ArrayList<>((int) count);
        for (Key member : set.randomDistinct((int) count, random)) {
            chosen.add(Reply.bulk(member.bytes()));
        }
        return Reply.array(chosen);
    }

    /** SMOVE source destination member: a missing source answers 0 before any type check. */
    private static Reply smove(CommandContext context, byte[][] args) {
        Key sourceKey = new Key(args[1]);
        Key destinationKey = new Key(args[2]);
        Key member = new Key(args[3]);
        if (context.lookup(sourceKey) == null) {
            context.propagateNothing();
            return Reply.ZERO;
        }
        RedisSet source = context.getSet(sourceKey);
        RedisSet destination = context.getSet(destinationKey);
        if (sourceKey.equals(destinationKey)) {
            context.propagateNothing();
            return source.contains(member) ? Reply.ONE : Reply.ZERO;
        }
        if (!source.remove(member)) {
            context.propagateNothing();
            return Reply.ZERO;
        }
        if (source.isEmpty()) {
            context.delete(sourceKey);
        }
        if (destination == null) {
            destination = context.getOrCreateSet(destinationKey);
        }
        destination.add(member);
        return Reply.ONE;
    }

    /** SINTERCARD numkeys key [key ...] [LIMIT limit] */
    private static Reply sintercard(CommandContext context, byte[][] args) {
        long keyCount = parsePositive(args[1], "ERR numkeys should be greater than 0");
        if (keyCount == 0) {
            return Reply.error("ERR numkeys should be greater than 0");
        }
        if (keyCount > args.length - 2) {
            return Reply.error("ERR Number of keys can't be greater than number of args");
        }
        int end = 2 + (int) keyCount;
        long limit = 0;
        for (int i = end; i < args.length; i++) {
            if (is(args[i], "LIMIT") && i + 1 < args.length) {
                limit = parsePositive(args[++i], "ERR LIMIT can't be negative");
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        List<RedisSet> sets = sources(context, args, 2, end);
        if (sets.contains(null)) {
            return Reply.ZERO;
        }
        sets.sort(Comparator.comparingInt(RedisSet::size));
        long found = 0;
        for (Key member : sets.getFirst()) {
            if (inAll(sets, member) && ++found == limit) {
                break;
            }
        }
        return Reply.integer(found);
    }

    private static Reply sscan(CommandContext context, byte[][] args) {
        HashCommands.ScanOptions options = HashCommands.ScanOptions.parseCursor(args[2]);
        RedisSet set = context.getSet(new Key(args[1]));
        if (set == null) {
            return HashCommands.EMPTY_SCAN;
        }
        options.parse(args, 3);
        List<Reply> items = new ArrayList<>();
        for (Key member : set) {
            if (options.matches(member)) {
                items.add(Reply.bulk(member.bytes()));
            }
        }
        return Reply.array(List.of(Reply.bulk("0"), Reply.array(items)));
    }

    /** The sets named by args[from..to), null for a missing key; WRONGTYPE if any is not a set. */
    private static List<RedisSet> sources(CommandContext context, byte[][] args, int from, int to) {
        List<RedisSet> sets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            sets.add(context.getSet(new Key(args[i])));
        }
        return sets;
    }

    /** The intersection of the sets named from args[from] on, as a new set. */
    private static RedisSet inter(CommandContext context, byte[][] args, int from) {
        List<RedisSet> sets = sources(context, args, from, args.length);
        RedisSet result = new RedisSet();
        if (sets.contains(null)) {
            return result;
        }
        sets.sort(Comparator.comparingInt(RedisSet::size));
        for (Key member : sets.getFirst()) {
            if (inAll(sets, member)) {
                result.add(member);
            }
        }
        return result;
    }

    private static boolean inAll(List<RedisSet> sets, Key member) {
        for (int i = 1; i < sets.size(); i++) {
            if (!sets.get(i).contains(member)) {
                return false;
            }
        }
        return true;
    }

    private static RedisSet union(CommandContext context, byte[][] args, int from) {
        RedisSet result = new RedisSet();
        for (RedisSet set : sources(context, args, from, args.length)) {
            if (set != null) {
                for (Key member : set) {
                    result.add(member);
                }
            }
        }
        return result;
    }

    /** The first set less all the others. */
    private static RedisSet diff(CommandContext context, byte[][] args, int from) {
        List<RedisSet> sets = sources(context, args, from, args.length);
        RedisSet result = new RedisSet();
        RedisSet first = sets.getFirst();
        if (first == null) {
            return result;
        }
        for (Key member : first) {
            boolean elsewhere = false;
            for (int i = 1; i < sets.size() && !elsewhere; i++) {
                elsewhere = sets.get(i) != null && sets.get(i).contains(member);
            }
            if (!elsewhere) {
                result.add(member);
            }
        }
        return result;
    }

    /** The STORE variants: the destination becomes the result (no TTL), or goes if it is empty. */
    private static Reply store(CommandContext context, byte[][] args, RedisSet result) {
        Key destination = new Key(args[1]);
        if (result.isEmpty()) {
            context.delete(destination);
            return Reply.ZERO;
        }
        context.keyspace.shardFor(destination).put(destination, result, Entry.NO_EXPIRY);
        return Reply.integer(result.size());
    }

    private static Reply members(RedisSet set) {
        List<Reply> items = new ArrayList<>(set.size());
        for (Key member : set) {
            items.add(Reply.bulk(member.bytes()));
        }
        return Reply.array(items);
    }

    /** A non-negative integer argument; anything else is answered with {@code message}. */
    private static long parsePositive(byte[] arg, String message) {
        Long value = Arguments.tryParseLong(arg);
        if (value == null || value < 0) {
            throw new CommandError(Reply.error(message));
        }
        return value;
    }
}
