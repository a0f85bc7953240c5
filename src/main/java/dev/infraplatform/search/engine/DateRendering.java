package dev.infraplatform.search.engine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How dates print (aggregations' {@code key_as_string} and {@code value_as_string}, stored date
 * fields): a requested {@code format}, else the first format of the date field, in a
 * {@code time_zone} (UTC by default), as Elasticsearch does. {@code strict_date_optional_time}
 * prints {@code 2024-01-31T00:00:00.000Z}. Immutable.
 */
public record DateRendering(String format, DateTimeFormatter formatter, ZoneId zone) {

    public static final DateRendering UTC = of(null, ZoneOffset.UTC);

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    public static DateRendering of(String format, ZoneId zone) {
        String first = format == null ? "strict_date_optional_time" : format.split("\\|\\|")[0];
        DateTimeFormatter formatter = switch (first) {
            case "strict_date_optional_time", "date_optional_time", "strict_date_optional_time_nanos" -> ISO;
            case "epoch_millis", "epoch_second" -> null;
            default -> {
                try {
                    yield DateTimeFormatter.ofPattern(DateFormat.javaPattern(first), Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalSearchArgumentException("Invalid format: [" + format + "]: " + e.getMessage());
                }
            }
        };
        return new DateRendering(first, formatter, zone);
    }

    /** The field's own format, in UTC. */
    public static DateRendering of(DateFormat fieldFormat) {
        return of(fieldFormat == null ? null : fieldFormat.pattern(), ZoneOffset.UTC);
    }

    public String print(long epochMillis) {
        if (formatter == null) {
            return format.equals("epoch_second") ? Long.toString(Math.floorDiv(epochMillis, 1000L))
                    : Long.toString(epochMillis);
        }
        return formatter.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    public String print(double epochMillis) {
        return print((long) epochMillis);
    }
}
