package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateFormat;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How an aggregation prints dates ({@code key_as_string}, {@code value_as_string}): the
 * aggregation's {@code format}, else the first format of the date field, in the aggregation's
 * {@code time_zone} (UTC by default), as Elasticsearch does. {@code strict_date_optional_time}
 * prints {@code 2024-01-31T00:00:00.000Z}. Immutable.
 */
record DateRendering(String format, DateTimeFormatter formatter, ZoneId zone) {

    static final DateRendering UTC = of(null, ZoneOffset.UTC);

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

    static DateRendering of(String format, ZoneId zone) {
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
    static DateRendering of(DateFormat fieldFormat) {
        return of(fieldFormat == null ? null : fieldFormat.pattern(), ZoneOffset.UTC);
    }

    String print(long epochMillis) {
        if (formatter == null) {
            return format.equals("epoch_second") ? Long.toString(Math.floorDiv(epochMillis, 1000L))
                    : Long.toString(epochMillis);
        }
        return formatter.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    String print(double epochMillis) {
        return print((long) epochMillis);
    }
}
