package dev.infraplatform.search.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A date field's {@code format}: Elasticsearch's {@code ||}-separated list of named formats
 * ({@code strict_date_optional_time}, {@code date_optional_time}, {@code epoch_millis},
 * {@code epoch_second}) or Java-time patterns ({@code yyyy-MM-dd}). Dates are indexed as epoch
 * milliseconds in UTC; a value without a zone is UTC, as in Elasticsearch. The default is
 * {@code strict_date_optional_time||epoch_millis}.
 */
public final class DateFormat {

    public static final String DEFAULT = "strict_date_optional_time||epoch_millis";

    /** {@code yyyy-MM-dd}, optionally {@code 'T'HH:mm[:ss[.fraction]]} and a zone {@code Z} or {@code ±hh[:]mm}. */
    private static final Pattern STRICT_DATE_OPTIONAL_TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}(T\\d{2}(:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?");

    private final String pattern;
    private final List<String> parts;

    private DateFormat(String pattern) {
        this.pattern = pattern;
        this.parts = List.of(pattern.split("\\|\\|"));
    }

    public static DateFormat of(String pattern) {
        DateFormat format = new DateFormat(pattern == null ? DEFAULT : pattern);
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
            parseIsoOptionalTime(value);
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
        String text = value.toString();
        List<String> failures = new ArrayList<>();
        for (String part : parts) {
            try {
                Long parsed = parse(part, value, text);
                if (parsed != null) {
                    return parsed;
                }
            } catch (RuntimeException e) {
                failures.add(part);
            }
        }
        throw new IllegalArgumentException("failed to parse date field [" + text + "] with format [" + pattern + "]");
    }

    private static Long parse(String part, Object value, String text) {
        return switch (part) {
            case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos" ->
                    value instanceof Number ? null : parseIsoOptionalTime(text);
            case "epoch_millis" -> value instanceof Number n ? n.longValue() : (long) Double.parseDouble(text);
            case "epoch_second" -> value instanceof Number n ? (long) (n.doubleValue() * 1000)
                    : (long) (Double.parseDouble(text) * 1000);
            default -> {
                TemporalAccessor parsed = DateTimeFormatter.ofPattern(part, Locale.ROOT).parse(text);
                if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                    yield OffsetDateTime.from(parsed).toInstant().toEpochMilli();
                }
                if (parsed.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)) {
                    yield LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
                }
                yield LocalDate.from(parsed).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
        };
    }

    private static long parseIsoOptionalTime(String text) {
        if (!STRICT_DATE_OPTIONAL_TIME.matcher(text).matches()) {
            throw new DateTimeParseException("not strict_date_optional_time", text, 0);
        }
        if (text.length() == 10) {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        String normalized = text.replace(',', '.');
        int t = normalized.indexOf('T');
        String time = normalized.substring(t + 1);
        String zone = "";
        int zoneAt = Math.max(time.indexOf('Z'), Math.max(time.indexOf('+'), time.indexOf('-')));
        if (zoneAt >= 0) {
            zone = time.substring(zoneAt);
            time = time.substring(0, zoneAt);
        }
        if (time.length() == 2) {
            time += ":00";
        }
        if (zone.length() == 3) {
            zone += ":00";
        } else if (zone.length() == 5) {
            zone = zone.substring(0, 3) + ":" + zone.substring(3);
        }
        String iso = normalized.substring(0, t + 1) + time;
        if (zone.isEmpty()) {
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(iso + zone)).toEpochMilli();
    }

    private static boolean isNamed(String part) {
        return switch (part) {
            case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos",
                 "epoch_millis", "epoch_second" -> true;
            default -> false;
        };
    }
}
