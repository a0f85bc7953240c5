package dev.infraplatform.search.engine;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Elasticsearch's {@code unsigned_long}: whole numbers from 0 to 2^64 − 1. Points and doc values
 * hold a value as the signed long {@code value − 2^63} (the value's 64 bits with the top one
 * flipped), so that signed order is the values' order and Lucene's long points, ranges and sorts
 * work on them unchanged. A value answers as a {@code long} when it fits one, else as a
 * {@link BigInteger}.
 */
public final class UnsignedLongs {

    /** 2^64 − 1. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private UnsignedLongs() {
    }

    /**
     * A value as points and doc values hold it.
     *
     * @param coerce whether decimals and numeric strings are accepted (a decimal part is cut off)
     * @throws IllegalArgumentException if it is no number, or out of range
     */
    public static long encode(Object value, boolean coerce) {
        return parse(value, coerce).longValue() ^ Long.MIN_VALUE;
    }

    /** The value an encoded long stands for: a {@code Long} when it fits, else a {@code BigInteger}. */
    public static Number decode(long encoded) {
        long bits = encoded ^ Long.MIN_VALUE;
        return bits >= 0 ? (Number) bits : (Number) new BigInteger(Long.toUnsignedString(bits));
    }

    /** The value an encoded long stands for, as a double (for metrics and ranges of numbers). */
    public static double toDouble(long encoded) {
        long bits = encoded ^ Long.MIN_VALUE;
        return bits >= 0 ? bits : (double) (bits >>> 1) * 2.0 + (bits & 1);
    }

    /**
     * A value as a whole number in range.
     *
     * @throws IllegalArgumentException if it is no number, out of range, or a decimal without {@code coerce}
     */
    public static BigInteger parse(Object value, boolean coerce) {
        BigInteger parsed;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            parsed = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            parsed = big;
        } else if (value instanceof Boolean || value == null) {
            throw new IllegalArgumentException("Value [" + value + "] is not a number");
        } else {
            if (!coerce && !(value instanceof Number)) {
                throw new IllegalArgumentException("Value [" + value + "] is not a whole number and [coerce] is false");
            }
            try {
                parsed = new BigDecimal(value.toString().trim()).toBigInteger();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("For input string: \"" + value + "\"");
            }
        }
        if (parsed.signum() < 0 || parsed.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("Value [" + value + "] is out of range for an unsigned long");
        }
        return parsed;
    }
}
