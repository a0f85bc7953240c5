package dev.infraplatform.cache.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import static dev.infraplatform.cache.engine.Arguments.is;

/**
 * INCRBYFLOAT's and HINCRBYFLOAT's numbers (and blocking timeouts) exactly as Redis on x86-64
 * computes them: read with {@code strtold}
 * ({@code string2ld}: decimal or hexadecimal, {@code inf}, no surrounding spaces, no NaN,
 * nothing that overflows or underflows to 0) into an x87 80-bit {@code long double} (64-bit
 * significand), added in that precision, printed with {@code "%.17Lf"} less trailing zeros.
 * Each such value is held as the {@link BigDecimal} it exactly is, so every rounding step is
 * reproduced: 123456.125 + 0.000244140625 is "123456.125244140625", 0.1 + 0.2 is "0.3".
 */
final class LongDoubleText {

    /** Redis' MAX_LONG_DOUBLE_CHARS: longer arguments are not floats. */
    private static final int MAX_CHARS = 5 * 1024;
    private static final int SIGNIFICAND_BITS = 64;
    /** The weight of the lowest bit of the smallest subnormal: 2^-16445. */
    private static final int MIN_LOW_BIT = -16445;
    /** Values from 2^16384 up are infinite. */
    private static final int MAX_EXPONENT = 16384;
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final java.util.regex.Pattern HEX =
            java.util.regex.Pattern.compile("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?\\d+)?");

    private LongDoubleText() {
    }

    /** True for what {@code strtold} reads as infinity: [+-]inf or [+-]infinity, any case. */
    static boolean isInfinity(byte[] text) {
        String s = new String(text, StandardCharsets.ISO_8859_1);
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        String word = s.substring(start);
        return word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity");
    }

    /** The finite {@code long double} the text reads as, or null where Redis answers "not a valid float". */
    static BigDecimal parse(byte[] text) {
        if (text.length >= MAX_CHARS) {
            return null;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        BigDecimal exact;
        if (DECIMAL.matcher(s).matches()) {
            exact = parseDecimal(s);
        } else if (HEX.matcher(s).matches()) {
            exact = parseHex(s);
        } else {
            return null;
        }
        if (exact == null) {
            return null;
        }
        BigDecimal rounded = round(exact);
        if (rounded == null || (rounded.signum() == 0 && exact.signum() != 0)) {
            return null; // ERANGE: overflow to infinity, or underflow to zero
        }
        return rounded;
    }

    /** {@code a + b} in {@code long double}, or null if it is infinite. */
    static BigDecimal add(BigDecimal a, BigDecimal b) {
        return round(a.add(b));
    }

    /** {@code "%.17Lf"} with trailing zeros (and a bare point) removed, and "-0" printed as "0". */
    static String format(BigDecimal value) {
        String text = value.setScale(17, java.math.RoundingMode.HALF_EVEN).toPlainString();
        int end = text.length();
        while (text.charAt(end - 1) == '0') {
            end--;
        }
        if (text.charAt(end - 1) == '.') {
            end--;
        }
        text = text.substring(0, end);
        return text.equals("-0") ? "0" : text;
    }

    /**
     * The nearest {@code long double} (ties to even, subnormals included), or null if that is
     * infinite.
     */
    static BigDecimal round(BigDecimal exact) {
        if (exact.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigInteger numerator = exact.unscaledValue().abs();
        BigInteger denominator = BigInteger.ONE;
        if (exact.scale() > 0) {
            denominator = BigInteger.TEN.pow(exact.scale());
        } else {
            numerator = numerator.multiply(BigInteger.TEN.pow(-exact.scale()));
        }
        // 2^exponent <= |exact| < 2^(exponent + 1)
        int exponent = numerator.bitLength() - denominator.bitLength();
        if (compareScaled(numerator, denominator, exponent) < 0) {
            exponent--;
        }
        if (exponent >= MAX_EXPONENT) {
            return null;
        }
        int lowBit = Math.max(exponent - (SIGNIFICAND_BITS - 1), MIN_LOW_BIT);
        BigInteger scaledNumerator = lowBit < 0 ? numerator.shiftLeft(-lowBit) : numerator;
        BigInteger scaledDenominator = lowBit < 0 ? denominator : denominator.shiftLeft(lowBit);
        BigInteger[] division = scaledNumerator.divideAndRemainder(scaledDenominator);
        BigInteger significand = division[0];
        int half = division[1].shiftLeft(1).compareTo(scaledDenominator);
        if (half > 0 || (half == 0 && significand.testBit(0))) {
            significand = significand.add(BigInteger.ONE);
        }
        if (significand.bitLength() + lowBit > MAX_EXPONENT) {
            return null; // rounded up to 2^16384
        }
        BigDecimal value = lowBit >= 0
                ? new BigDecimal(significand.shiftLeft(lowBit))
                : new BigDecimal(significand.multiply(BigInteger.valueOf(5).pow(-lowBit)), -lowBit);
        return exact.signum() < 0 ? value.negate() : value;
    }

    /** Compares numerator / denominator with 2^exponent. */
    private static int compareScaled(BigInteger numerator, BigInteger denominator, int exponent) {
        return exponent >= 0
                ? numerator.compareTo(denominator.shiftLeft(exponent))
                : numerator.shiftLeft(-exponent).compareTo(denominator);
    }

    private static BigDecimal parseDecimal(String s) {
        BigDecimal value;
        try {
            value = new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException outOfRange) {
            return null; // exponent beyond int range
        }
        // Far out of range either way: decided here, so that 1e999999999 is never expanded.
        long magnitude = (long) value.precision() - value.scale();
        if (value.signum() != 0 && (magnitude > 4940 || magnitude < -4960)) {
            return null;
        }
        return value;
    }

    private static BigDecimal parseHex(String s) {
        boolean negative = s.charAt(0) == '-';
        int start = s.charAt(0) == '+' || negative ? 3 : 2;
        int p = Math.max(s.indexOf('p'), s.indexOf('P'));
        String mantissa = s.substring(start, p < 0 ? s.length() : p);
        long exponent = p < 0 ? 0 : parseExponent(s.substring(p + 1));
        int dot = mantissa.indexOf('.');
        if (dot >= 0) {
            exponent -= 4L * (mantissa.length() - dot - 1);
            mantissa = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        }
        BigInteger digits = new BigInteger(mantissa, 16);
        if (digits.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long top = digits.bitLength() + exponent;
        if (top > MAX_EXPONENT + 1 || top < MIN_LOW_BIT - 1) {
            return null; // far out of range either way
        }
        BigDecimal value = exponent >= 0
                ? new BigDecimal(digits.shiftLeft((int) exponent))
                : new BigDecimal(digits.multiply(BigInteger.valueOf(5).pow((int) -exponent)), (int) -exponent);
        return negative ? value.negate() : value;
    }

    private static long parseExponent(String text) {
        String digits = text.startsWith("+") ? text.substring(1) : text;
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException huge) {
            return digits.startsWith("-") ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        }
    }
}
