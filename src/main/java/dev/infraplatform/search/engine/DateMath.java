package dev.infraplatform.search.engine;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.function.LongSupplier;

/**
 * Elasticsearch's date math in range bounds: an anchor, {@code now} or a date followed by
 * {@code ||}, then operations {@code +N<unit>}, {@code -N<unit>} and roundings {@code /<unit>}
 * with the units {@code y M w d h H m s} ({@code now-1d/d}, {@code 2024-01-01||+1M/d}). Roundings
 * and dates without an offset are taken in {@code time_zone} (UTC by default); {@code now} is the
 * engine's clock.
 *
 * <p>Round-up follows Elasticsearch's range semantics: {@code gt} and {@code lte} bounds are parsed
 * with {@code roundUp}, so that a rounding {@code /d} goes to the last millisecond of the day and a
 * date without time covers its whole day ({@code lte: 2024-01-01} includes 23:59:59.999); {@code gte}
 * and {@code lt} round down to the first millisecond.
 */
final class DateMath {

    private DateMath() {
    }

    /**
     * Epoch milliseconds of a range bound.
     *
     * @throws ParsingException on malformed math or a date the format cannot read ({@code parse_exception})
     */
    static long parse(Object value, DateFormat format, ZoneId zone, LongSupplier now, boolean roundUp) {
        if (value instanceof Number) {
            return format.toEpochMillis(value, zone, roundUp);
        }
        String text = value.toString();
        ZonedDateTime time;
        String math;
        if (text.startsWith("now")) {
            time = Instant.ofEpochMilli(now.getAsLong()).atZone(zone);
            math = text.substring(3);
        } else {
            int separator = text.indexOf("||");
            if (separator < 0) {
                return parseDate(text, format, zone, roundUp);
            }
            time = Instant.ofEpochMilli(parseDate(text.substring(0, separator), format, zone, false)).atZone(zone);
            math = text.substring(separator + 2);
        }
        return apply(math, time, roundUp, text);
    }

    private static long parseDate(String text, DateFormat format, ZoneId zone, boolean roundUp) {
        try {
            return format.toEpochMillis(text, zone, roundUp);
        } catch (IllegalArgumentException e) {
            throw new ParsingException("failed to parse date field [" + text + "] with format [" + format.pattern()
                    + "]: [" + e.getMessage() + "]");
        }
    }

    private static long apply(String math, ZonedDateTime start, boolean roundUp, String text) {
        ZonedDateTime time = start;
        int i = 0;
        while (i < math.length()) {
            char operator = math.charAt(i++);
            boolean round = operator == '/';
            int sign = operator == '+' ? 1 : operator == '-' ? -1 : 0;
            if (!round && sign == 0) {
                throw new ParsingException("operator not supported for date math [" + text + "]");
            }
            if (i >= math.length()) {
                throw new ParsingException("truncated date math [" + text + "]");
            }
            int amount = 1;
            if (Character.isDigit(math.charAt(i))) {
                if (round) {
                    throw new ParsingException("rounding `/` can only be used on single unit types [" + text + "]");
                }
                int digits = i;
                while (i < math.length() && Character.isDigit(math.charAt(i))) {
                    i++;
                }
                if (i >= math.length()) {
                    throw new ParsingException("truncated date math [" + text + "]");
                }
                try {
                    amount = Integer.parseInt(math.substring(digits, i));
                } catch (NumberFormatException e) {
                    throw new ParsingException("date math amount out of range [" + text + "]");
                }
            }
            char unitChar = math.charAt(i++);
            ChronoUnit unit = switch (unitChar) {
                case 'y' -> ChronoUnit.YEARS;
                case 'M' -> ChronoUnit.MONTHS;
                case 'w' -> ChronoUnit.WEEKS;
                case 'd' -> ChronoUnit.DAYS;
                case 'h', 'H' -> ChronoUnit.HOURS;
                case 'm' -> ChronoUnit.MINUTES;
                case 's' -> ChronoUnit.SECONDS;
                default -> throw new ParsingException("unit [" + unitChar + "] not supported for date math [" + text
                        + "]");
            };
            if (round) {
                time = roundDown(time, unit);
                if (roundUp) {
                    time = time.plus(1, unit).minus(1, ChronoUnit.MILLIS);
                }
            } else {
                time = time.plus((long) sign * amount, unit);
            }
        }
        return time.toInstant().toEpochMilli();
    }

    private static ZonedDateTime roundDown(ZonedDateTime time, ChronoUnit unit) {
        return switch (unit) {
            case YEARS -> time.withDayOfYear(1).truncatedTo(ChronoUnit.DAYS);
            case MONTHS -> time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            case WEEKS -> time.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS);
            default -> time.truncatedTo(unit);
        };
    }
}
