package dev.infraplatform.cache.engine;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Parsing of command arguments with Redis' rules and error replies. */
final class Arguments {

    private Arguments() {
    }

    static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }

    static String upper(byte[] arg) {
        return text(arg).toUpperCase(Locale.ROOT);
    }

    static boolean is(byte[] arg, String keyword) {
        return text(arg).equalsIgnoreCase(keyword);
    }

    /**
     * A 64-bit integer as Redis' {@code string2ll} accepts it: optional minus, digits, no leading
     * zeros or plus sign or spaces.
     *
     * @throws CommandError "value is not an integer or out of range"
     */
    static long parseLong(byte[] arg) {
        Long value = tryParseLong(arg);
        if (value == null) {
            throw new CommandError(RedisErrors.NOT_INTEGER);
        }
        return value;
    }

    /** As {@link #parseLong} but null instead of an error. */
    static Long tryParseLong(byte[] arg) {
        int length = arg.length;
        if (length == 0 || length > 20) {
            return null;
        }
        int first = arg[0] == '-' ? 1 : 0;
        if (first == length) {
            return null;
        }
        for (int i = first; i < length; i++) {
            if (arg[i] < '0' || arg[i] > '9') {
                return null;
            }
        }
        if (arg[first] == '0' && length > 1) {
            return null; // "01", "-0" and friends are refused, as string2ll does
        }
        try {
            return Long.parseLong(text(arg));
        } catch (NumberFormatException outOfRange) {
            return null;
        }
    }

    /**
     * The integer stored as {@code stored} (0 when null) plus {@code by}, as INCRBY and HINCRBY
     * compute it.
     *
     * @throws CommandError {@code notInteger} if the stored value is not an integer, or Redis'
     *     overflow error
     */
    static long increment(byte[] stored, long by, dev.infraplatform.cache.Reply notInteger) {
        long current = 0;
        if (stored != null) {
            Long parsed = tryParseLong(stored);
            if (parsed == null) {
                throw new CommandError(notInteger);
            }
            current = parsed;
        }
        try {
            return Math.addExact(current, by);
        } catch (ArithmeticException overflow) {
            throw new CommandError(RedisErrors.OVERFLOW);
        }
    }
}
