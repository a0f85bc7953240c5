package dev.infraplatform.search.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Elasticsearch's date math index names: {@code <static{date_math{format|time_zone}}static>}, e.g.
 * {@code <logs-{now/d}>} is {@code logs-2026.11.26} today. Each {@code {…}} placeholder is date math
 * ({@link DateMath}: {@code now}, {@code now-1d/d}, {@code now/M}) printed with a Java-time pattern
 * or a named format ({@code uuuu.MM.dd} by default) in a time zone (UTC by default); {@code \{} and
 * {@code \}} are literal braces, {@code \\} a backslash. A name that is not wrapped in
 * {@code < >} is returned as it is. Elasticsearch resolves these wherever an index or alias name
 * is expected, against the time the request started.
 */
public final class DateMathIndexNames {

    private static final DateTimeFormatter DEFAULT_FORMAT = DateTimeFormatter.ofPattern("uuuu.MM.dd", Locale.ROOT);

    private DateMathIndexNames() {
    }

    /** Whether {@code name} is a date math expression (and {@link #resolve} may change it). */
    public static boolean isExpression(String name) {
        return name.length() > 1 && name.charAt(0) == '<' && name.charAt(name.length() - 1) == '>';
    }

    /**
     * The name the expression resolves to at {@code now}; any other name unchanged.
     *
     * @throws ParsingException on a malformed expression, date math, format or time zone
     *         ({@code parse_exception}, with Elasticsearch's reasons)
     */
    public static String resolve(String name, LongSupplier now) {
        if (!isExpression(name)) {
            return name;
        }
        String text = name.substring(1, name.length() - 1);
        StringBuilder resolved = new StringBuilder();
        StringBuilder placeholder = null; // inside { … }
        boolean inFormat = false; // inside the placeholder's { format|zone }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean escaped = c == '\\' && i + 1 < text.length();
            if (escaped) {
                c = text.charAt(++i);
            }
            if (placeholder == null) {
                if (c == '{' && !escaped) {
                    placeholder = new StringBuilder();
                } else if (c == '}' && !escaped) {
                    throw invalid(text, "invalid character at position [" + (i + 1) + "]. `{` and `}` are reserved "
                            + "characters and should be escaped when used as part of the index name using `\\` "
                            + "(e.g. `\\{text\\}`)");
                } else {
                    resolved.append(c);
                }
            } else if (escaped || (c != '{' && c != '}')) {
                placeholder.append(c);
            } else if (c == '{') {
                if (inFormat) {
                    throw invalid(text, "invalid character in placeholder at position [" + (i + 1) + "]");
                }
                inFormat = true;
                placeholder.append(c);
            } else if (inFormat) {
                inFormat = false;
                placeholder.append(c);
            } else {
                resolved.append(placeholder(placeholder.toString(), now));
                placeholder = null;
            }
        }
        if (placeholder != null) {
            throw invalid(text, "date math placeholder is open ended");
        }
        if (resolved.isEmpty()) {
            throw new ParsingException("nothing captured");
        }
        return resolved.toString();
    }

    /** One placeholder's text between its outer braces: {@code math} or {@code math{format}} or {@code math{format|zone}}. */
    private static String placeholder(String placeholder, LongSupplier now) {
        int formatStart = placeholder.indexOf('{');
        String math = formatStart < 0 ? placeholder : placeholder.substring(0, formatStart);
        DateTimeFormatter printer = DEFAULT_FORMAT;
        DateFormat anchorFormat = DateFormat.of(null);
        ZoneId zone = ZoneOffset.UTC;
        if (formatStart >= 0) {
            if (placeholder.charAt(placeholder.length() - 1) != '}') {
                throw invalid(placeholder, "missing closing `}` for date math format");
            }
            String formatAndZone = placeholder.substring(formatStart + 1, placeholder.length() - 1);
            if (formatAndZone.isEmpty()) {
                throw invalid(placeholder, "missing date format");
            }
            int bar = formatAndZone.indexOf('|');
            String pattern = bar < 0 ? formatAndZone : formatAndZone.substring(0, bar);
            try {
                if (bar >= 0) {
                    zone = ZoneId.of(formatAndZone.substring(bar + 1));
                }
                printer = DateTimeFormatter.ofPattern(DateFormat.javaPattern(pattern), Locale.ROOT);
                anchorFormat = DateFormat.of(pattern);
            } catch (DateTimeException | IllegalArgumentException | MapperParsingException e) {
                throw invalid(placeholder, e.getMessage());
            }
        }
        long millis = DateMath.parse(math, anchorFormat, zone, now, false);
        try {
            return printer.format(Instant.ofEpochMilli(millis).atZone(zone));
        } catch (DateTimeException e) {
            throw invalid(placeholder, e.getMessage());
        }
    }

    private static ParsingException invalid(String expression, String why) {
        return new ParsingException("invalid dynamic name expression [" + expression + "]. " + why);
    }
}
