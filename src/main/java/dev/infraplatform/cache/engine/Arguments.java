package dev.infraplatform.cache.engine;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Parsing of command arguments with Redis' rules and error replies. */
final class Arguments {

    private static final java.util.regex.Pattern HEX_FLOAT =
            java.util.regex.Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?");

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
     * A decimal number as Redis' {@code string2ld} accepts it (no spaces, no NaN).
     *
     * @throws CommandError "value is not a valid float"
     */
    static BigDecimal parseDecimal(byte[] arg) {
        String text = text(arg);
        if (text.isEmpty() || Character.isWhitespace(text.charAt(0))
                || Character.isWhitespace(text.charAt(text.length() - 1))) {
            throw new CommandError(RedisErrors.NOT_FLOAT);
        }
        try {
            if (HEX_FLOAT.matcher(text).matches()) {
                // strtold reads C99 hex floats ("0x1A", "0x1.8p3"); Java needs the binary exponent
                String withExponent = text.indexOf('p') < 0 && text.indexOf('P') < 0 ? text + "p0" : text;
                double value = Double.parseDouble(withExponent);
                if (Double.isInfinite(value)) {
                    throw new CommandError(RedisErrors.NOT_FLOAT);
                }
                return new BigDecimal(value);
            }
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new CommandError(RedisErrors.NOT_FLOAT);
        }
    }

    /** Redis' textual form of a long double result: 17 significant digits, no trailing zeros. */
    static String formatDecimal(BigDecimal value) {
        BigDecimal rounded = value.round(new java.math.MathContext(17)).stripTrailingZeros();
        if (rounded.signum() == 0) {
            return "0";
        }
        return rounded.toPlainString();
    }
}
