package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How {@code date_histogram} rounds epoch milliseconds down to a bucket key: a
 * {@code calendar_interval} (minute, hour, day, week starting Monday, month, quarter, year — one
 * unit, as Elasticsearch allows) or a {@code fixed_interval} ({@code 30s}, {@code 1h}, {@code 10d}, …),
 * in a {@code time_zone} (bucket starts are local midnight, first of the month, … in that zone) and
 * shifted by an {@code offset}. UTC calendar units up to a week and fixed intervals are arithmetic;
 * the rest goes through {@code java.time}, with the last bucket's bounds remembered so that
 * consecutive values in one bucket cost a comparison. Immutable; {@link #prepare()} gives a
 * single-threaded rounder with that memory.
 */
final class DateRounding {

    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    enum Unit { MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR }

    private final Unit unit;
    private final long fixedMillis;
    private final ZoneId zone;
    private final long offset;

    private DateRounding(Unit unit, long fixedMillis, ZoneId zone, long offset) {
        this.unit = unit;
        this.fixedMillis = fixedMillis;
        this.zone = zone;
        this.offset = offset;
    }

    static DateRounding calendar(String interval, ZoneId zone, long offset) {
        Unit unit = switch (interval) {
            case "minute", "1m" -> Unit.MINUTE;
            case "hour", "1h" -> Unit.HOUR;
            case "day", "1d" -> Unit.DAY;
            case "week", "1w" -> Unit.WEEK;
            case "month", "1M" -> Unit.MONTH;
            case "quarter", "1q" -> Unit.QUARTER;
            case "year", "1y" -> Unit.YEAR;
            default -> throw new IllegalSearchArgumentException("The supplied interval [" + interval
                    + "] could not be parsed as a calendar interval.");
        };
        return new DateRounding(unit, 0, zone, offset);
    }

    static DateRounding fixed(String interval, ZoneId zone, long offset) {
        long millis = parseTime(interval, "date_histogram.fixedInterval");
        if (millis <= 0) {
            throw new IllegalSearchArgumentException("Zero or negative time interval [" + interval + "] not supported");
        }
        return new DateRounding(null, millis, zone, offset);
    }

    /** Elasticsearch's time values: a number and one of ms, s, m, h, d (also negative, for offsets). */
    static long parseTime(String value, String setting) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        boolean negative = text.startsWith("-");
        if (negative || text.startsWith("+")) {
            text = text.substring(1);
        }
        long[] units = {1, SECOND, MINUTE, HOUR, DAY};
        String[] suffixes = {"ms", "s", "m", "h", "d"};
        for (int i = 0; i < suffixes.length; i++) {
            if (text.endsWith(suffixes[i]) && !(suffixes[i].equals("s") && text.endsWith("ms"))
                    && !(suffixes[i].equals("m") && value.trim().endsWith("M"))) {
                String number = text.substring(0, text.length() - suffixes[i].length());
                try {
                    long millis = Math.multiplyExact(Long.parseLong(number.trim()), units[i]);
                    return negative ? -millis : millis;
                } catch (NumberFormatException | ArithmeticException e) {
                    break;
                }
            }
        }
        throw new IllegalSearchArgumentException("failed to parse setting [" + setting + "] with value [" + value
                + "] as a time value: unit is missing or unrecognized");
    }

    ZoneId zone() {
        return zone;
    }

    Rounder prepare() {
        return new Rounder();
    }

    /** Rounds values; remembers the last bucket. Not thread-safe. */
    final class Rounder {

        private long lastStart = Long.MAX_VALUE;
        private long lastEnd = Long.MIN_VALUE;

        long round(long utcMillis) {
            if (utcMillis >= lastStart && utcMillis < lastEnd) {
                return lastStart;
            }
            long start = roundDown(utcMillis - offset) + offset;
            lastStart = start;
            lastEnd = roundDown(next(start - offset)) + offset;
            if (lastEnd <= start) {
                lastEnd = start + 1;
            }
            return start;
        }

        /** The key of the bucket after the one starting at {@code key}. */
        long nextKey(long key) {
            return roundDown(next(key - offset)) + offset;
        }
    }

    private long roundDown(long utcMillis) {
        if (unit == null) {
            if (zone.equals(ZoneOffset.UTC)) {
                return Math.floorDiv(utcMillis, fixedMillis) * fixedMillis;
            }
            // fixed intervals in a zone: round the local time (so that 1d buckets start at local midnight)
            long zoneOffset = zone.getRules().getOffset(Instant.ofEpochMilli(utcMillis)).getTotalSeconds() * SECOND;
            return Math.floorDiv(utcMillis + zoneOffset, fixedMillis) * fixedMillis - zoneOffset;
        }
        if (zone.equals(ZoneOffset.UTC)) {
            switch (unit) {
                case MINUTE -> {
                    return Math.floorDiv(utcMillis, MINUTE) * MINUTE;
                }
                case HOUR -> {
                    return Math.floorDiv(utcMillis, HOUR) * HOUR;
                }
                case DAY -> {
                    return Math.floorDiv(utcMillis, DAY) * DAY;
                }
                case WEEK -> {
                    // 1970-01-01 was a Thursday: weeks start on Mondays, 3 days earlier
                    return Math.floorDiv(utcMillis + 3 * DAY, 7 * DAY) * 7 * DAY - 3 * DAY;
                }
                default -> {
                }
            }
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(utcMillis), zone);
        LocalDateTime start = switch (unit) {
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> local.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case QUARTER -> local.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1)
                    .withMonth((local.getMonthValue() - 1) / 3 * 3 + 1);
            case YEAR -> local.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
        };
        long rounded = ZonedDateTime.of(start, zone).toInstant().toEpochMilli();
        return Math.min(rounded, utcMillis);
    }

    /** A point inside the next bucket after the one starting at {@code start}. */
    private long next(long start) {
        if (unit == null) {
            return start + fixedMillis;
        }
        ZonedDateTime local = Instant.ofEpochMilli(start).atZone(zone);
        ZonedDateTime next = switch (unit) {
            case MINUTE -> local.plusMinutes(1);
            case HOUR -> local.plusHours(1);
            case DAY -> local.plusDays(1);
            case WEEK -> local.plusWeeks(1);
            case MONTH -> local.plusMonths(1);
            case QUARTER -> local.plusMonths(3);
            case YEAR -> local.plusYears(1);
        };
        return next.toInstant().toEpochMilli();
    }
}
