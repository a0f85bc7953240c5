package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.parseLong;

/** The string type's commands (Redis' t_string.c): SET and its variants, counters, ranges. */
final class StringCommands {

    /** proto-max-bulk-len: the largest string Redis accepts. */
    static final long MAX_STRING_BYTES = 512L * 1024 * 1024;

    private StringCommands() {
    }

    static void register(CommandTable table) {
        table.write("set", -3, 1, 1, 1, StringCommands::set).denyOom();
        table.read("get", 2, 1, 1, 1, (c, a) -> Reply.bulk(c.getString(new Key(a[1]))));
        table.write("getset", 3, 1, 1, 1, StringCommands::getSet).denyOom();
        table.write("getdel", 2, 1, 1, 1, StringCommands::getDel);
        table.read("mget", -2, 1, -1, 1, StringCommands::mget);
        table.write("mset", -3, 1, -1, 2, StringCommands::mset).denyOom();
        table.write("setnx", 3, 1, 1, 1, StringCommands::setNx).denyOom();
        table.write("setex", 4, 1, 1, 1, (c, a) -> setWithTtl(c, a, 1000, "setex")).denyOom();
        table.write("psetex", 4, 1, 1, 1, (c, a) -> setWithTtl(c, a, 1, "psetex")).denyOom();
        table.write("incr", 2, 1, 1, 1, (c, a) -> incrementBy(c, new Key(a[1]), 1)).denyOom();
        table.write("decr", 2, 1, 1, 1, (c, a) -> incrementBy(c, new Key(a[1]), -1)).denyOom();
        table.write("incrby", 3, 1, 1, 1, (c, a) -> incrementBy(c, new Key(a[1]), parseLong(a[2]))).denyOom();
        table.write("decrby", 3, 1, 1, 1, StringCommands::decrBy).denyOom();
        table.write("incrbyfloat", 3, 1, 1, 1, StringCommands::incrByFloat).denyOom();
        table.write("append", 3, 1, 1, 1, StringCommands::append).denyOom();
        table.read("strlen", 2, 1, 1, 1, StringCommands::strlen);
        table.read("getrange", 4, 1, 1, 1, StringCommands::getRange);
        table.write("setrange", 4, 1, 1, 1, StringCommands::setRange).denyOom();
    }

    /** SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL] */
    private static Reply set(CommandContext context, byte[][] args) {
        boolean nx = false;
        boolean xx = false;
        boolean get = false;
        boolean keepTtl = false;
        String expiryUnit = null;
        byte[] expiryArg = null;
        for (int i = 3; i < args.length; i++) {
            byte[] arg = args[i];
            boolean hasNext = i + 1 < args.length;
            if (is(arg, "NX") && !xx) {
                nx = true;
            } else if (is(arg, "XX") && !nx) {
                xx = true;
            } else if (is(arg, "GET")) {
                get = true;
            } else if (is(arg, "KEEPTTL") && expiryUnit == null) {
                keepTtl = true;
            } else if ((is(arg, "EX") || is(arg, "PX") || is(arg, "EXAT") || is(arg, "PXAT"))
                    && (expiryUnit == null || expiryUnit.equals(Arguments.upper(arg))) && !keepTtl && hasNext) {
                // the same unit may repeat (the last one wins), as Redis' parser allows
                expiryUnit = Arguments.upper(arg);
                expiryArg = args[++i];
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        long expiresAt = Entry.NO_EXPIRY;
        if (expiryUnit != null) {
            expiresAt = expiryTime(context, expiryUnit, expiryArg, "set");
        }
        Key key = new Key(args[1]);
        Entry existing = context.lookup(key);
        byte[] previous = null;
        if (existing != null) {
            if (!(existing.value instanceof byte[] bytes)) {
                if (get) {
                    return RedisErrors.WRONG_TYPE;
                }
            } else {
                previous = bytes;
            }
        }
        boolean conditionHolds = (!nx || existing == null) && (!xx || existing != null);
        if (conditionHolds) {
            long finalExpiry = keepTtl ? (existing != null ? existing.expiresAt : Entry.NO_EXPIRY) : expiresAt;
            context.setString(key, args[2], finalExpiry);
            context.propagate(setCommand(args[1], args[2], finalExpiry));
        } else {
            context.propagateNothing();
        }
        if (get) {
            return Reply.bulk(previous);
        }
        return conditionHolds ? Reply.OK : Reply.NIL;
    }

    /** Absolute expiry time from an EX / PX / EXAT / PXAT argument, with Redis' checks. */
    static long expiryTime(CommandContext context, String unit, byte[] arg, String command) {
        long value = parseLong(arg);
        if (value <= 0) {
            throw new CommandError(RedisErrors.invalidExpireTime(command));
        }
        long millis;
        try {
            millis = switch (unit) {
                case "EX" -> Math.addExact(context.now, Math.multiplyExact(value, 1000L));
                case "PX" -> Math.addExact(context.now, value);
                case "EXAT" -> Math.multiplyExact(value, 1000L);
                case "PXAT" -> value;
                default -> throw new IllegalArgumentException(unit);
            };
        } catch (ArithmeticException overflow) {
            throw new CommandError(RedisErrors.invalidExpireTime(command));
        }
        return millis;
    }

    private static Reply setWithTtl(CommandContext context, byte[][] args, long unitMillis, String command) {
        long expiresAt = expiryTime(context, unitMillis == 1000 ? "EX" : "PX", args[2], command);
        context.setString(new Key(args[1]), args[3], expiresAt);
        context.propagate(setCommand(args[1], args[3], expiresAt));
        return Reply.OK;
    }

    /** {@code SET key value [PXAT when]}: the deterministic AOF form of any string write with a TTL. */
    static byte[][] setCommand(byte[] key, byte[] value, long expiresAt) {
        if (expiresAt == Entry.NO_EXPIRY) {
            return new byte[][] {ascii("SET"), key, value};
        }
        return new byte[][] {ascii("SET"), key, value, ascii("PXAT"), ascii(Long.toString(expiresAt))};
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Reply getSet(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        byte[] previous = context.getString(key);
        context.setString(key, args[2], Entry.NO_EXPIRY);
        return Reply.bulk(previous);
    }

    private static Reply getDel(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        byte[] previous = context.getString(key);
        if (previous != null) {
            context.delete(key);
            context.propagate(ascii("DEL"), args[1]);
        } else {
            context.propagateNothing();
        }
        return Reply.bulk(previous);
    }

    private static Reply mget(CommandContext context, byte[][] args) {
        List<Reply> values = new ArrayList<>(args.length - 1);
        for (int i = 1; i < args.length; i++) {
            Entry entry = context.lookup(new Key(args[i]));
            values.add(entry != null && entry.value instanceof byte[] bytes ? Reply.bulk(bytes) : Reply.NIL);
        }
        return Reply.array(values);
    }

    private static Reply mset(CommandContext context, byte[][] args) {
        if (args.length % 2 == 0) {
            return RedisErrors.wrongArity("mset");
        }
        for (int i = 1; i < args.length; i += 2) {
            context.setString(new Key(args[i]), args[i + 1], Entry.NO_EXPIRY);
        }
        return Reply.OK;
    }

    private static Reply setNx(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        if (context.lookup(key) != null) {
            context.propagateNothing();
            return Reply.ZERO;
        }
        context.setString(key, args[2], Entry.NO_EXPIRY);
        return Reply.ONE;
    }

    private static Reply decrBy(CommandContext context, byte[][] args) {
        long by = parseLong(args[2]);
        if (by == Long.MIN_VALUE) {
            return Reply.error("ERR decrement would overflow");
        }
        return incrementBy(context, new Key(args[1]), -by);
    }

    static Reply incrementBy(CommandContext context, Key key, long by) {
        Entry entry = context.lookup(key);
        if (entry != null && !(entry.value instanceof byte[])) {
            return RedisErrors.WRONG_TYPE;
        }
        long result = Arguments.increment(entry == null ? null : (byte[]) entry.value, by, RedisErrors.NOT_INTEGER);
        byte[] text = Long.toString(result).getBytes(StandardCharsets.US_ASCII);
        if (entry != null) {
            context.replaceString(key, entry, text);
        } else {
            context.setString(key, text, Entry.NO_EXPIRY);
        }
        return Reply.integer(result);
    }

    /** INCRBYFLOAT with Redis' long double arithmetic and formatting ({@link LongDoubleText}). */
    private static Reply incrByFloat(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        Entry entry = context.lookup(key);
        BigDecimal current = BigDecimal.ZERO;
        if (entry != null) {
            if (!(entry.value instanceof byte[] bytes)) {
                return RedisErrors.WRONG_TYPE;
            }
            if (LongDoubleText.isInfinity(bytes)) {
                return RedisErrors.NAN_OR_INFINITY;
            }
            current = LongDoubleText.parse(bytes);
            if (current == null) {
                return RedisErrors.NOT_FLOAT;
            }
        }
        if (LongDoubleText.isInfinity(args[2])) {
            return RedisErrors.NAN_OR_INFINITY;
        }
        BigDecimal by = LongDoubleText.parse(args[2]);
        if (by == null) {
            return RedisErrors.NOT_FLOAT;
        }
        BigDecimal sum = LongDoubleText.add(current, by);
        if (sum == null) {
            return RedisErrors.NAN_OR_INFINITY;
        }
        byte[] text = LongDoubleText.format(sum).getBytes(StandardCharsets.US_ASCII);
        if (entry != null) {
            context.replaceString(key, entry, text);
        } else {
            context.setString(key, text, Entry.NO_EXPIRY);
        }
        // the logged form carries the result, not the increment: replay must not redo float math
        context.propagate(ascii("SET"), args[1], text, ascii("KEEPTTL"));
        return Reply.bulk(text);
    }

    private static Reply append(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        Entry entry = context.lookup(key);
        if (entry == null) {
            context.setString(key, args[2], Entry.NO_EXPIRY);
            return Reply.integer(args[2].length);
        }
        if (!(entry.value instanceof byte[] bytes)) {
            return RedisErrors.WRONG_TYPE;
        }
        if ((long) bytes.length + args[2].length > MAX_STRING_BYTES) {
            return RedisErrors.STRING_TOO_LONG;
        }
        byte[] joined = Arrays.copyOf(bytes, bytes.length + args[2].length);
        System.arraycopy(args[2], 0, joined, bytes.length, args[2].length);
        context.replaceString(key, entry, joined);
        return Reply.integer(joined.length);
    }

    private static Reply strlen(CommandContext context, byte[][] args) {
        byte[] value = context.getString(new Key(args[1]));
        return Reply.integer(value == null ? 0 : value.length);
    }

    private static Reply getRange(CommandContext context, byte[][] args) {
        long start = parseLong(args[2]);
        long end = parseLong(args[3]);
        byte[] value = context.getString(new Key(args[1]));
        if (value == null) {
            return Reply.bulk(new byte[0]);
        }
        long length = value.length;
        if (start < 0 && end < 0 && start > end) {
            return Reply.bulk(new byte[0]);
        }
        if (start < 0) {
            start = Math.max(0, length + start);
        }
        if (end < 0) {
            end = Math.max(0, length + end);
        }
        end = Math.min(end, length - 1);
        if (start > end || length == 0) {
            return Reply.bulk(new byte[0]);
        }
        return Reply.bulk(Arrays.copyOfRange(value, (int) start, (int) end + 1));
    }

    private static Reply setRange(CommandContext context, byte[][] args) {
        long offset = parseLong(args[2]);
        if (offset < 0) {
            return RedisErrors.OFFSET_OUT_OF_RANGE;
        }
        Key key = new Key(args[1]);
        byte[] patch = args[3];
        Entry entry = context.lookup(key);
        byte[] current;
        if (entry == null) {
            if (patch.length == 0) {
                return Reply.ZERO;
            }
            current = new byte[0];
        } else if (!(entry.value instanceof byte[] bytes)) {
            return RedisErrors.WRONG_TYPE;
        } else {
            current = bytes;
            if (patch.length == 0) {
                return Reply.integer(current.length);
            }
        }
        if (offset + patch.length > MAX_STRING_BYTES) {
            return RedisErrors.STRING_TOO_LONG;
        }
        int newLength = (int) Math.max(current.length, offset + patch.length);
        byte[] updated = Arrays.copyOf(current, newLength);
        System.arraycopy(patch, 0, updated, (int) offset, patch.length);
        if (entry == null) {
            context.setString(key, updated, Entry.NO_EXPIRY);
        } else {
            context.replaceString(key, entry, updated);
        }
        return Reply.integer(updated.length);
    }
}
