package dev.infraplatform.search.engine;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A date field's {@code format}: Elasticsearch's {@code ||}-separated list of named formats
 * ({@code strict_date_optional_time}, {@code date_optional_time}, {@code epoch_millis},
 * {@code epoch_second}, {@code strict_date}, {@code date_time}, {@code basic_date},
 * {@code date_hour_minute_second}, … with or without {@code strict_}) or Java-time patterns
 * ({@code yyyy-MM-dd}). Dates are indexed as epoch
 * milliseconds in UTC; a value without a zone is UTC, as in Elasticsearch. The default is
 * {@code strict_date_optional_time||epoch_millis}.
 */
public final class DateFormat {

    public static final String DEFAULT = "strict_date_optional_time||epoch_millis";

    /** {@code yyyy-MM-dd}, optionally {@code 'T'HH:mm[:ss[.fraction]]} and a zone {@code Z} or {@code ±hh[:]mm}. */
    private static final Pattern STRICT_DATE_OPTIONAL_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}(:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?");

    /** Formats checked so far, at most {@link #CHECKED_LIMIT} (patterns come from mappings and queries). */
    private static final java.util.Map<String, DateFormat> CHECKED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CHECKED_LIMIT = 1024;

    private final String pattern;
    private final List<String> parts;

    private DateFormat(String pattern) {
        this.pattern = pattern;
        this.parts = List.of(pattern.split("\\|\\|"));
    }

    /**
     * The format for a pattern, checked; formats already seen come from a bounded cache (a date
     * field's format is read for every value indexed).
     *
     * @throws MapperParsingException if a part is neither a named format nor a valid pattern
     */
    public static DateFormat of(String pattern) {
        String key = pattern == null ? DEFAULT : pattern;
        DateFormat cached = CHECKED.get(key);
        if (cached != null) {
            return cached;
        }
        DateFormat format = check(new DateFormat(key));
        if (CHECKED.size() < CHECKED_LIMIT) {
            CHECKED.putIfAbsent(key, format);
        }
        return format;
    }

    private static DateFormat check(DateFormat format) {
        String pattern = format.pattern;
        for (String part : format.parts) {
            if (!isNamed(part)) {
                try {
                    DateTimeFormatter.ofPattern(part, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new MapperParsingException("Invalid format: [" + pattern + "]: " + e.getMessage());
                }
            }
        }
        return format;
    }

    public String pattern() {
        return pattern;
    }

    /** Whether dynamic date detection takes this string for a date (Elasticsearch's {@code strict_date_optional_time}). */
    public static boolean looksLikeDate(String value) {
        if (!STRICT_DATE_OPTIONAL_TIME.matcher(value).matches()) {
            return false;
        }
        try {
            parseIsoOptionalTime(value, ZoneOffset.UTC, false);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Epoch milliseconds of a value (a string or a number).
     *
     * @throws IllegalArgumentException if no part of the format parses it
     */
    public long toEpochMillis(Object value) {
        return toEpochMillis(value, ZoneOffset.UTC, false);
    }

    /**
     * Epoch milliseconds of a value read in {@code zone} when it names no offset itself. With
     * {@code roundUp}, the fields the value leaves out are filled with their largest values rather
     * than their smallest, as Elasticsearch's round-up parser does for {@code gt} and {@code lte}
     * bounds: {@code 2024-01-01} rounds up to {@code 2024-01-01T23:59:59.999}.
     *
     * @throws IllegalArgumentException if no part of the format parses it
     */
    public long toEpochMillis(Object value, ZoneId zone, boolean roundUp) {
        String text = value.toString();
        for (String part : parts) {
            try {
                Long parsed = parse(part, value, text, zone, roundUp);
                if (parsed != null) {
                    return parsed;
                }
            } catch (RuntimeException e) {
                // try the next part of the format
            }
        }
        throw new IllegalArgumentException("failed to parse date field [" + text + "] with format [" + pattern + "]");
    }

    private static Long parse(String part, Object value, String text, ZoneId zone, boolean roundUp) {
        return switch (part) {
            case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos", "iso8601" ->
                    value instanceof Number ? null : parseIsoOptionalTime(text, zone, roundUp);
            case "epoch_millis" -> value instanceof Number n ? n.longValue() : (long) Double.parseDouble(text);
            case "epoch_second" -> value instanceof Number n ? (long) (n.doubleValue() * 1000)
                    : (long) (Double.parseDouble(text) * 1000);
            default -> parsePattern(parser(part).parse(text), zone, roundUp);
        };
    }

    /**
     * Elasticsearch's named formats as Java-time patterns ({@code strict_} and lenient names alike;
     * {@code .SSS} reads 1 to 9 fraction digits).
     */
    private static final Map<String, String> NAMED = named();

    private static Map<String, String> named() {
        Map<String, String> patterns = new HashMap<>();
        String[][] entries = {
                {"basic_date", "uuuuMMdd"},
                {"basic_date_time", "uuuuMMdd'T'HHmmss.SSSXX"},
                {"basic_date_time_no_millis", "uuuuMMdd'T'HHmmssXX"},
                {"basic_ordinal_date", "uuuuDDD"},
                {"basic_ordinal_date_time", "uuuuDDD'T'HHmmss.SSSXX"},
                {"basic_time", "HHmmss.SSSXX"},
                {"basic_time_no_millis", "HHmmssXX"},
                {"date", "uuuu-MM-dd"},
                {"date_hour", "uuuu-MM-dd'T'HH"},
                {"date_hour_minute", "uuuu-MM-dd'T'HH:mm"},
                {"date_hour_minute_second", "uuuu-MM-dd'T'HH:mm:ss"},
                {"date_hour_minute_second_fraction", "uuuu-MM-dd'T'HH:mm:ss.SSS"},
                {"date_hour_minute_second_millis", "uuuu-MM-dd'T'HH:mm:ss.SSS"},
                {"date_time", "uuuu-MM-dd'T'HH:mm:ss.SSSXXX"},
                {"date_time_no_millis", "uuuu-MM-dd'T'HH:mm:ssXXX"},
                {"hour", "HH"},
                {"hour_minute", "HH:mm"},
                {"hour_minute_second", "HH:mm:ss"},
                {"hour_minute_second_fraction", "HH:mm:ss.SSS"},
                {"hour_minute_second_millis", "HH:mm:ss.SSS"},
                {"ordinal_date", "uuuu-DDD"},
                {"ordinal_date_time", "uuuu-DDD'T'HH:mm:ss.SSSXXX"},
                {"ordinal_date_time_no_millis", "uuuu-DDD'T'HH:mm:ssXXX"},
                {"time", "HH:mm:ss.SSSXXX"},
                {"time_no_millis", "HH:mm:ssXXX"},
                {"t_time", "'T'HH:mm:ss.SSSXXX"},
                {"t_time_no_millis", "'T'HH:mm:ssXXX"},
                {"year", "uuuu"},
                {"year_month", "uuuu-MM"},
                {"year_month_day", "uuuu-MM-dd"},
        };
        for (String[] entry : entries) {
            patterns.put(entry[0], entry[1]);
            patterns.put("strict_" + entry[0], entry[1]);
        }
        return Map.copyOf(patterns);
    }

    /**
     * The Java-time pattern of a format part: a named format's equivalent, else the part itself
     * (for printing dates in a field's format).
     */
    public static String javaPattern(String part) {
        return NAMED.getOrDefault(part, part);
    }

    private static DateTimeFormatter parser(String part) {
        String pattern = javaPattern(part);
        int fraction = NAMED.containsKey(part) ? pattern.indexOf(".SSS") : -1;
        if (fraction < 0) {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        }
        return new DateTimeFormatterBuilder()
                .appendPattern(pattern.substring(0, fraction))
                .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                .appendPattern(pattern.substring(fraction + 4))
                .toFormatter(Locale.ROOT);
    }

    /** The fields a pattern may set, coarsest first, with the unit one step of each spans. */
    private static final ChronoField[] FIELDS = {ChronoField.YEAR, ChronoField.MONTH_OF_YEAR,
            ChronoField.DAY_OF_MONTH, ChronoField.HOUR_OF_DAY, ChronoField.MINUTE_OF_HOUR,
            ChronoField.SECOND_OF_MINUTE, ChronoField.NANO_OF_SECOND};
    private static final ChronoUnit[] UNITS = {ChronoUnit.YEARS, ChronoUnit.MONTHS, ChronoUnit.DAYS,
            ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.SECONDS, ChronoUnit.NANOS};

    private static long parsePattern(TemporalAccessor parsed, ZoneId zone, boolean roundUp) {
        int[] values = {1970, 1, 1, 0, 0, 0, 0};
        int finest = -1;
        for (int i = 0; i < FIELDS.length; i++) {
            if (parsed.isSupported(FIELDS[i])) {
                values[i] = parsed.get(FIELDS[i]);
                finest = i;
            }
        }
        if (finest < 0) {
            throw new DateTimeParseException("no date fields", parsed.toString(), 0);
        }
        ZoneId effective = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : zone;
        ZonedDateTime start = ZonedDateTime.of(values[0], values[1], values[2], values[3], values[4], values[5],
                values[6], effective);
        return roundUp ? endOf(start, UNITS[finest]) : start.toInstant().toEpochMilli();
    }

    /** The last millisecond of the {@code unit} that starts at {@code start}. */
    static long endOf(ZonedDateTime start, ChronoUnit unit) {
        if (unit == ChronoUnit.NANOS) {
            return start.toInstant().toEpochMilli();
        }
        return start.plus(1, unit).toInstant().toEpochMilli() - 1;
    }

    private static long parseIsoOptionalTime(String text, ZoneId zone, boolean roundUp) {
        if (!STRICT_DATE_OPTIONAL_TIME.matcher(text).matches()) {
            throw new DateTimeParseException("not strict_date_optional_time", text, 0);
        }
        if (text.length() == 10) {
            ZonedDateTime day = LocalDate.parse(text).atStartOfDay(zone);
            return roundUp ? endOf(day, ChronoUnit.DAYS) : day.toInstant().toEpochMilli();
        }
        String normalized = text.replace(',', '.');
        int t = normalized.indexOf('T');
        String time = normalized.substring(t + 1);
        String offset = "";
        int zoneAt = Math.max(time.indexOf('Z'), Math.max(time.indexOf('+'), time.indexOf('-')));
        if (zoneAt >= 0) {
            offset = time.substring(zoneAt);
            time = time.substring(0, zoneAt);
        }
        ChronoUnit precision = time.length() == 2 ? ChronoUnit.HOURS : time.length() == 5 ? ChronoUnit.MINUTES
                : time.length() == 8 ? ChronoUnit.SECONDS : ChronoUnit.NANOS;
        if (time.length() == 2) {
            time += ":00";
        }
        if (offset.length() == 3) {
            offset += ":00";
        } else if (offset.length() == 5) {
            offset = offset.substring(0, 3) + ":" + offset.substring(3);
        }
        LocalDateTime local = LocalDateTime.parse(normalized.substring(0, t + 1) + time);
        ZonedDateTime start = local.atZone(offset.isEmpty() ? zone : ZoneOffset.of(offset));
        return roundUp ? endOf(start, precision) : start.toInstant().toEpochMilli();
    }

    private static boolean isNamed(String part) {
        return switch (part) {
            case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos", "iso8601",
                 "epoch_millis", "epoch_second" -> true;
            default -> NAMED.containsKey(part);
        };
    }
}
