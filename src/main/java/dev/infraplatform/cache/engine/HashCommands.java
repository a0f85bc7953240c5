package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.infraplatform.cache.engine.Arguments.is;

/**
 * The hash type's commands (Redis' t_hash.c): fields and values under one key. A hash whose last
 * field goes is deleted, as Redis never keeps an empty collection.
 */
final class HashCommands {

    static final Reply EMPTY_SCAN = Reply.array(List.of(Reply.bulk("0"), Reply.array(List.of())));

    private static final Reply NOT_INTEGER_FIELD = Reply.error("ERR hash value is not an integer");
    private static final Reply NOT_FLOAT_FIELD = Reply.error("ERR hash value is not a float");
    private static final Reply NAN_OR_INFINITY_ARGUMENT = Reply.error("ERR value is NaN or Infinity");

    private HashCommands() {
    }

    static void register(CommandTable table) {
        table.write("hset", -4, 1, 1, 1, (c, a) -> hset(c, a, false)).denyOom();
        table.write("hmset", -4, 1, 1, 1, (c, a) -> hset(c, a, true)).denyOom();
        table.write("hsetnx", 4, 1, 1, 1, HashCommands::hsetnx).denyOom();
        table.read("hget", 3, 1, 1, 1, HashCommands::hget);
        table.read("hmget", -3, 1, 1, 1, HashCommands::hmget);
        table.read("hgetall", 2, 1, 1, 1, (c, a) -> listing(c, a, true, true));
        table.read("hkeys", 2, 1, 1, 1, (c, a) -> listing(c, a, true, false));
        table.read("hvals", 2, 1, 1, 1, (c, a) -> listing(c, a, false, true));
        table.write("hdel", -3, 1, 1, 1, HashCommands::hdel);
        table.read("hexists", 3, 1, 1, 1, HashCommands::hexists);
        table.read("hlen", 2, 1, 1, 1, HashCommands::hlen);
        table.read("hstrlen", 3, 1, 1, 1, HashCommands::hstrlen);
        table.write("hincrby", 4, 1, 1, 1, HashCommands::hincrby).denyOom();
        table.write("hincrbyfloat", 4, 1, 1, 1, HashCommands::hincrbyfloat).denyOom();
        table.read("hscan", -3, 1, 1, 1, HashCommands::hscan);
        table.read("hrandfield", -2, 1, 1, 1, HashCommands::hrandfield);
    }

    /** HSET key field value [field value ...] (reply: new fields) and HMSET (reply: OK). */
    private static Reply hset(CommandContext context, byte[][] args, boolean legacy) {
        if (args.length % 2 == 1) {
            return RedisErrors.wrongArity(legacy ? "hmset" : "hset");
        }
        RedisHash hash = context.getOrCreateHash(new Key(args[1]));
        long created = 0;
        for (int i = 2; i < args.length; i += 2) {
            if (hash.put(new Key(args[i]), args[i + 1])) {
                created++;
            }
        }
        return legacy ? Reply.OK : Reply.integer(created);
    }

    private static Reply hsetnx(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        Key field = new Key(args[2]);
        RedisHash hash = context.getHash(key);
        if (hash != null && hash.contains(field)) {
            context.propagateNothing();
            return Reply.ZERO;
        }
        context.getOrCreateHash(key).put(field, args[3]);
        return Reply.ONE;
    }

    private static Reply hget(CommandContext context, byte[][] args) {
        RedisHash hash = context.getHash(new Key(args[1]));
        return Reply.bulk(hash == null ? null : hash.get(new Key(args[2])));
    }

    private static Reply hmget(CommandContext context, byte[][] args) {
        RedisHash hash = context.getHash(new Key(args[1]));
        List<Reply> values = new ArrayList<>(args.length - 2);
        for (int i = 2; i < args.length; i++) {
            values.add(Reply.bulk(hash == null ? null : hash.get(new Key(args[i]))));
        }
        return Reply.array(values);
    }

    /** HGETALL (fields and values, flat), HKEYS, HVALS. */
    private static Reply listing(CommandContext context, byte[][] args, boolean fields, boolean values) {
        RedisHash hash = context.getHash(new Key(args[1]));
        if (hash == null) {
            return Reply.array(List.of());
        }
        List<Reply> items = new ArrayList<>(fields && values ? hash.size() * 2 : hash.size());
        for (Map.Entry<Key, byte[]> entry : hash.entries()) {
            if (fields) {
                items.add(Reply.bulk(entry.getKey().bytes()));
            }
            if (values) {
                items.add(Reply.bulk(entry.getValue()));
            }
        }
        return Reply.array(items);
    }

    private static Reply hdel(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        RedisHash hash = context.getHash(key);
        if (hash == null) {
            return Reply.ZERO;
        }
        long deleted = 0;
        for (int i = 2; i < args.length && !hash.isEmpty(); i++) {
            if (hash.remove(new Key(args[i]))) {
                deleted++;
            }
        }
        if (hash.isEmpty()) {
            context.delete(key);
        }
        if (deleted == 0) {
            context.propagateNothing(); // unchanged: not logged, and WATCH is not disturbed (as Redis)
        }
        return Reply.integer(deleted);
    }

    private static Reply hexists(CommandContext context, byte[][] args) {
        RedisHash hash = context.getHash(new Key(args[1]));
        return hash != null && hash.contains(new Key(args[2])) ? Reply.ONE : Reply.ZERO;
    }

    private static Reply hlen(CommandContext context, byte[][] args) {
        RedisHash hash = context.getHash(new Key(args[1]));
        return Reply.integer(hash == null ? 0 : hash.size());
    }

    private static Reply hstrlen(CommandContext context, byte[][] args) {
        RedisHash hash = context.getHash(new Key(args[1]));
        byte[] value = hash == null ? null : hash.get(new Key(args[2]));
        return Reply.integer(value == null ? 0 : value.length);
    }

    /** HINCRBY key field increment: the increment is checked first, then the key's type. */
    private static Reply hincrby(CommandContext context, byte[][] args) {
        long by = Arguments.parseLong(args[3]);
        Key key = new Key(args[1]);
        Key field = new Key(args[2]);
        RedisHash hash = context.getHash(key);
        byte[] stored = hash == null ? null : hash.get(field);
        long result = Arguments.increment(stored, by, NOT_INTEGER_FIELD);
        context.getOrCreateHash(key).put(field, Long.toString(result).getBytes(StandardCharsets.US_ASCII));
        return Reply.integer(result);
    }

    /**
     * HINCRBYFLOAT key field increment, computed and printed as Redis does in {@code long double}
     * (see {@link LongDoubleText}). Logged as HSET of the result.
     */
    private static Reply hincrbyfloat(CommandContext context, byte[][] args) {
        if (LongDoubleText.isInfinity(args[3])) {
            return NAN_OR_INFINITY_ARGUMENT;
        }
        BigDecimal by = LongDoubleText.parse(args[3]);
        if (by == null) {
            return RedisErrors.NOT_FLOAT;
        }
        Key key = new Key(args[1]);
        Key field = new Key(args[2]);
        RedisHash hash = context.getHash(key);
        byte[] stored = hash == null ? null : hash.get(field);
        BigDecimal current = BigDecimal.ZERO;
        if (stored != null) {
            if (LongDoubleText.isInfinity(stored)) {
                return RedisErrors.NAN_OR_INFINITY;
            }
            current = LongDoubleText.parse(stored);
            if (current == null) {
                return NOT_FLOAT_FIELD;
            }
        }
        BigDecimal sum = LongDoubleText.add(current, by);
        if (sum == null) {
            return RedisErrors.NAN_OR_INFINITY;
        }
        byte[] text = LongDoubleText.format(sum).getBytes(StandardCharsets.US_ASCII);
        context.getOrCreateHash(key).put(field, text);
        // the logged form carries the result, not the increment: replay must not redo float math
        context.propagate(StringCommands.ascii("HSET"), args[1], args[2], text);
        return Reply.bulk(text);
    }

    /** HSCAN key cursor [MATCH pattern] [COUNT count]: the whole hash in one reply, cursor 0. */
    private static Reply hscan(CommandContext context, byte[][] args) {
        ScanOptions options = ScanOptions.parseCursor(args[2]);
        RedisHash hash = context.getHash(new Key(args[1]));
        if (hash == null) {
            return EMPTY_SCAN;
        }
        options.parse(args, 3);
        List<Reply> items = new ArrayList<>();
        for (Map.Entry<Key, byte[]> entry : hash.entries()) {
            if (options.matches(entry.getKey())) {
                items.add(Reply.bulk(entry.getKey().bytes()));
                items.add(Reply.bulk(entry.getValue()));
            }
        }
        return Reply.array(List.of(Reply.bulk("0"), Reply.array(items)));
    }

    /** HRANDFIELD key [count [WITHVALUES]] */
    private static Reply hrandfield(CommandContext context, byte[][] args) {
        if (args.length == 2) {
            RedisHash hash = context.getHash(new Key(args[1]));
            if (hash == null) {
                return Reply.NIL;
            }
            int pick = ThreadLocalRandom.current().nextInt(hash.size());
            for (Map.Entry<Key, byte[]> entry : hash.entries()) {
                if (pick-- == 0) {
                    return Reply.bulk(entry.getKey().bytes());
                }
            }
            throw new IllegalStateException("hash changed while read");
        }
        long count = parseCount(args[2]);
        if (args.length > 4 || (args.length == 4 && !is(args[3], "WITHVALUES"))) {
            return RedisErrors.SYNTAX;
        }
        boolean withValues = args.length == 4;
        if (withValues && (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2)) {
            return Reply.error("ERR value is out of range");
        }
        RedisHash hash = context.getHash(new Key(args[1]));
        if (hash == null || count == 0) {
            return Reply.array(List.of());
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<Map.Entry<Key, byte[]>> entries = hash.snapshot();
        int size = entries.size();
        List<Reply> items = new ArrayList<>();
        if (count < 0) {
            int repeats = replySize(-count, withValues);
            for (int i = 0; i < repeats; i++) {
                addField(items, entries.get(random.nextInt(size)), withValues);
            }
        } else {
            int picks = (int) Math.min(count, size);
            for (int i = 0; i < picks; i++) {
                int chosen = count >= size ? i : i + random.nextInt(size - i);
                Map.Entry<Key, byte[]> entry = entries.get(chosen);
                entries.set(chosen, entries.get(i));
                addField(items, entry, withValues);
            }
        }
        return Reply.array(items);
    }

    private static void addField(List<Reply> items, Map.Entry<Key, byte[]> entry, boolean withValues) {
        items.add(Reply.bulk(entry.getKey().bytes()));
        if (withValues) {
            items.add(Reply.bulk(entry.getValue()));
        }
    }

    /**
     * A count of HRANDFIELD / SRANDMEMBER: any long but {@link Long#MIN_VALUE}, with Redis' error
     * replies.
     */
    static long parseCount(byte[] arg) {
        long count = Arguments.parseLong(arg);
        if (count == Long.MIN_VALUE) {
            throw new CommandError(Reply.error("ERR value is out of range, value must between "
                    + -Long.MAX_VALUE + " and " + Long.MAX_VALUE));
        }
        return count;
    }

    /**
     * The number of random picks a negative count asks for, refused when the reply could not be
     * built at all (Redis would try, and run out of memory).
     */
    static int replySize(long picks, boolean pairs) {
        if (picks > (Integer.MAX_VALUE - 8) / (pairs ? 2 : 1)) {
            throw new CommandError(Reply.error("ERR value is out of range"));
        }
        return (int) picks;
    }

    /**
     * The arguments of HSCAN / SSCAN. Redis checks the cursor before the key, and the options
     * after the key's type, so a missing key answers an empty scan whatever the options.
     */
    static final class ScanOptions {

        private static final BigInteger MAX_CURSOR = new BigInteger("18446744073709551615");

        private byte[] pattern;

        private ScanOptions() {
        }

        /**
         * Checks the cursor as Redis' {@code strtoul} does: optional sign, digits, at most 2^64-1;
         * an empty cursor is 0. The value is not needed: every scan returns the whole collection.
         */
        static ScanOptions parseCursor(byte[] cursor) {
            int start = cursor.length > 0 && (cursor[0] == '+' || cursor[0] == '-') ? 1 : 0;
            boolean valid = cursor.length == 0 || start < cursor.length;
            for (int i = start; i < cursor.length && valid; i++) {
                valid = cursor[i] >= '0' && cursor[i] <= '9';
            }
            if (valid && cursor.length > start
                    && new BigInteger(new String(cursor, start, cursor.length - start, StandardCharsets.US_ASCII))
                            .compareTo(MAX_CURSOR) > 0) {
                valid = false;
            }
            if (!valid) {
                throw new CommandError(Reply.error("ERR invalid cursor"));
            }
            return new ScanOptions();
        }

        /** [MATCH pattern] [COUNT count], in any order, repeated options taking the last value. */
        void parse(byte[][] args, int from) {
            for (int i = from; i < args.length; i++) {
                boolean hasValue = i + 1 < args.length;
                if (is(args[i], "COUNT") && hasValue) {
                    if (Arguments.parseLong(args[++i]) < 1) {
                        throw new CommandError(RedisErrors.SYNTAX);
                    }
                } else if (is(args[i], "MATCH") && hasValue) {
                    pattern = args[++i];
                } else {
                    throw new CommandError(RedisErrors.SYNTAX);
                }
            }
        }

        boolean matches(Key element) {
            return pattern == null || Glob.matches(pattern, element.bytes());
        }
    }

}
