package dev.infraplatform.search.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * {@code date}: a field parsed with the first of {@code formats} that reads it and written to
 * {@code target_field} (default {@code @timestamp}) in {@code output_format} (default
 * {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX}) in {@code timezone} (default UTC). Formats: {@code ISO8601},
 * {@code UNIX} (seconds, with fraction), {@code UNIX_MS}, {@code TAI64N} and Java-time patterns such as
 * {@code dd/MMM/yyyy:HH:mm:ss Z} read in {@code locale} (default ROOT); a value without a zone is in
 * {@code timezone}, a pattern without a year takes the current year — all as Elasticsearch does.
 * {@code timezone} and {@code locale} may be templates.
 */
final class DateProcessor implements Processor {

    /** Elasticsearch's lenient {@code iso8601}: a date, optionally a time ({@code T} or space) and an offset. */
    private static final DateTimeFormatter ISO8601 = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendPattern("['T'][' ']HH[:mm[:ss]]").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String field;
    private final String targetField;
    private final List<BiFunction<String, Settings, ZonedDateTime>> parsers;
    private final Template timezone;
    private final Template locale;
    private final DateTimeFormatter output;

    private record Settings(ZoneId zone, Locale locale) {
    }

    private DateProcessor(String field, String targetField, List<BiFunction<String, Settings, ZonedDateTime>> parsers,
                          Template timezone, Template locale, DateTimeFormatter output) {
        this.field = field;
        this.targetField = targetField;
        this.parsers = parsers;
        this.timezone = timezone;
        this.locale = locale;
        this.output = output;
    }

    static Processor create(ProcessorConfig config) {
        String field = config.requiredString("field");
        String targetField = config.string("target_field", "@timestamp");
        String timezone = config.optionalString("timezone");
        String locale = config.optionalString("locale");
        List<String> formats = config.requiredStrings("formats");
        String outputFormat = config.string("output_format", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        DateTimeFormatter output;
        try {
            output = DateTimeFormatter.ofPattern(outputFormat, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw config.error("output_format", "invalid output format [" + outputFormat + "]");
        }
        List<BiFunction<String, Settings, ZonedDateTime>> parsers = new ArrayList<>();
        for (String format : formats) {
            parsers.add(parser(config, format));
        }
        Template zoneTemplate = timezone == null ? null : config.template("timezone", timezone);
        Template localeTemplate = locale == null ? null : config.template("locale", locale);
        if (zoneTemplate != null && zoneTemplate.isConstant()) {
            zone(config, timezone);
        }
        return new DateProcessor(field, targetField, parsers, zoneTemplate, localeTemplate, output);
    }

    private static BiFunction<String, Settings, ZonedDateTime> parser(ProcessorConfig config, String format) {
        return switch (format) {
            case "ISO8601" -> (text, settings) -> toZoned(ISO8601.parse(text), settings.zone());
            case "UNIX" -> (text, settings) -> Instant.ofEpochMilli((long) (Double.parseDouble(text) * 1000.0))
                    .atZone(settings.zone());
            case "UNIX_MS" -> (text, settings) -> Instant.ofEpochMilli(Long.parseLong(text)).atZone(settings.zone());
            case "TAI64N" -> (text, settings) -> Instant.ofEpochMilli(tai64nMillis(text)).atZone(settings.zone());
            default -> {
                String pattern = format.startsWith("8") ? format.substring(1) : format;
                try {
                    DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw config.error("formats", "Invalid format: [" + format + "]: " + e.getMessage());
                }
                // formatters by locale: usually one (a constant locale), bounded for templated locales
                java.util.Map<Locale, DateTimeFormatter> formatters = new java.util.concurrent.ConcurrentHashMap<>();
                yield (text, settings) -> {
                    if (formatters.size() > 64) {
                        formatters.clear();
                    }
                    DateTimeFormatter formatter = formatters.computeIfAbsent(settings.locale(),
                            locale -> DateTimeFormatter.ofPattern(pattern, locale));
                    return toZoned(formatter.parse(text), settings.zone());
                };
            }
        };
    }

    private static long tai64nMillis(String text) {
        String date = text.startsWith("@") ? text.substring(1) : text;
        long base = Long.parseLong(date.substring(1, 16), 16);
        long rest = Long.parseLong(date.substring(16, 24), 16);
        return ((base * 1000) - 10000) + (rest / 1000000);
    }

    /** The parsed fields as a time in {@code zone}; missing year: this year, missing date parts: 1, time: 0. */
    private static ZonedDateTime toZoned(TemporalAccessor parsed, ZoneId zone) {
        ZoneId parsedZone = parsed.query(TemporalQueries.zone());
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) {
            int year = parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR)
                    : parsed.isSupported(ChronoField.YEAR_OF_ERA) ? parsed.get(ChronoField.YEAR_OF_ERA)
                    : LocalDate.now(ZoneOffset.UTC).getYear();
            date = LocalDate.of(year, get(parsed, ChronoField.MONTH_OF_YEAR, 1), get(parsed, ChronoField.DAY_OF_MONTH, 1));
        }
        LocalTime time = parsed.query(TemporalQueries.localTime());
        if (time == null) {
            time = LocalTime.of(get(parsed, ChronoField.HOUR_OF_DAY, 0), get(parsed, ChronoField.MINUTE_OF_HOUR, 0),
                    get(parsed, ChronoField.SECOND_OF_MINUTE, 0), get(parsed, ChronoField.NANO_OF_SECOND, 0));
        }
        return ZonedDateTime.of(date, time, parsedZone != null ? parsedZone : zone).withZoneSameInstant(zone);
    }

    private static int get(TemporalAccessor parsed, ChronoField field, int defaultValue) {
        return parsed.isSupported(field) ? parsed.get(field) : defaultValue;
    }

    private static ZoneId zone(ProcessorConfig config, String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw config.error("timezone", "unknown time zone [" + timezone + "]");
        }
    }

    @Override
    public void execute(IngestDocument document) {
        Object value = document.getFieldValue(field);
        String text = value == null ? null : value.toString();
        ZonedDateTime parsed = null;
        RuntimeException last = null;
        Settings settings = settings(document);
        for (BiFunction<String, Settings, ZonedDateTime> parser : parsers) {
            try {
                parsed = parser.apply(text, settings);
                break;
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (parsed == null) {
            throw new IllegalArgumentException("unable to parse date [" + text + "]", last);
        }
        document.setFieldValue(targetField, output.format(parsed));
    }

    private Settings settings(IngestDocument document) {
        ZoneId zone = ZoneOffset.UTC;
        if (timezone != null) {
            String name = timezone.render(document);
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone [" + name + "]", e);
            }
        }
        Locale parsedLocale = Locale.ROOT;
        if (locale != null) {
            String name = locale.render(document);
            try {
                parsedLocale = new Locale.Builder().setLanguageTag(name.replace('_', '-')).build();
            } catch (IllformedLocaleException e) {
                throw new IllegalArgumentException("Unknown language: " + name, e);
            }
        }
        return new Settings(zone, parsedLocale);
    }
}
