package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import org.apache.lucene.document.DoubleRange;
import org.apache.lucene.document.IntRange;
import org.apache.lucene.document.LongRange;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.search.Query;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The range field types ({@code integer_range}, {@code long_range}, {@code double_range},
 * {@code date_range}) as Lucene's {@link IntRange}, {@link LongRange} and {@link DoubleRange}
 * (date ranges as epoch milliseconds): values are {@code {"gte"|"gt": …, "lte"|"lt": …}} with
 * open ends where a bound is left out, exclusive bounds stored as the next inclusive value; queries
 * are {@code range} queries whose {@code relation} is {@code intersects} (default),
 * {@code within} or {@code contains}. Stateless.
 */
final class RangeValues {

    private RangeValues() {
    }

    /** The Lucene field of one range value. */
    static IndexableField field(String path, FieldMapping field, Object value) {
        if (!(value instanceof Map<?, ?> bounds)) {
            throw new IllegalArgumentException("error parsing field [" + path + "], expected an object but got "
                    + value);
        }
        Object lower = null;
        Object upper = null;
        boolean includeLower = true;
        boolean includeUpper = true;
        for (Map.Entry<?, ?> bound : bounds.entrySet()) {
            switch (String.valueOf(bound.getKey())) {
                case "gte", "from" -> lower = bound.getValue();
                case "gt" -> {
                    lower = bound.getValue();
                    includeLower = false;
                }
                case "lte", "to" -> upper = bound.getValue();
                case "lt" -> {
                    upper = bound.getValue();
                    includeUpper = false;
                }
                default -> throw new IllegalArgumentException("error parsing field [" + path
                        + "], with unknown parameter [" + bound.getKey() + "]");
            }
        }
        Bounds parsed = bounds(field, lower, includeLower, upper, includeUpper, DateFormat.of(field.format()),
                java.time.ZoneOffset.UTC, () -> System.currentTimeMillis(), false);
        if (parsed.empty()) {
            throw new IllegalArgumentException("range [" + bounds + "] is empty: its lower bound is above its upper");
        }
        return switch (field.type()) {
            case INTEGER_RANGE -> new IntRange(path, new int[] {(int) parsed.min}, new int[] {(int) parsed.max});
            case DOUBLE_RANGE -> new DoubleRange(path, new double[] {parsed.dmin}, new double[] {parsed.dmax});
            default -> new LongRange(path, new long[] {parsed.min}, new long[] {parsed.max});
        };
    }

    /** A {@code range} query on a range field. */
    static Query query(String path, FieldMapping field, Object lower, boolean includeLower, Object upper,
                       boolean includeUpper, String relation, DateFormat format, ZoneId zone, LongSupplier now) {
        Relation type = switch (relation == null ? "intersects" : relation.toLowerCase(java.util.Locale.ROOT)) {
            case "intersects" -> Relation.INTERSECTS;
            case "within" -> Relation.WITHIN;
            case "contains" -> Relation.CONTAINS;
            default -> throw new QueryParsingException("[range] query does not support relation [" + relation + "]");
        };
        Bounds bounds = bounds(field, lower, includeLower, upper, includeUpper, format, zone, now, true);
        if (bounds.empty()) {
            return new org.apache.lucene.search.MatchNoDocsQuery();
        }
        return switch (field.type()) {
            case INTEGER_RANGE -> {
                int[] min = {(int) Math.max(Integer.MIN_VALUE, bounds.min)};
                int[] max = {(int) Math.min(Integer.MAX_VALUE, bounds.max)};
                yield switch (type) {
                    case WITHIN -> IntRange.newWithinQuery(path, min, max);
                    case CONTAINS -> IntRange.newContainsQuery(path, min, max);
                    default -> IntRange.newIntersectsQuery(path, min, max);
                };
            }
            case DOUBLE_RANGE -> {
                double[] min = {bounds.dmin};
                double[] max = {bounds.dmax};
                yield switch (type) {
                    case WITHIN -> DoubleRange.newWithinQuery(path, min, max);
                    case CONTAINS -> DoubleRange.newContainsQuery(path, min, max);
                    default -> DoubleRange.newIntersectsQuery(path, min, max);
                };
            }
            default -> {
                long[] min = {bounds.min};
                long[] max = {bounds.max};
                yield switch (type) {
                    case WITHIN -> LongRange.newWithinQuery(path, min, max);
                    case CONTAINS -> LongRange.newContainsQuery(path, min, max);
                    default -> LongRange.newIntersectsQuery(path, min, max);
                };
            }
        };
    }

    private enum Relation { INTERSECTS, WITHIN, CONTAINS }

    /** Inclusive bounds: {@code min}/{@code max} for whole-number and date ranges, {@code dmin}/{@code dmax} for doubles. */
    private record Bounds(long min, long max, double dmin, double dmax, boolean isDouble) {
        boolean empty() {
            return isDouble ? dmin > dmax : min > max;
        }
    }

    private static Bounds bounds(FieldMapping field, Object lower, boolean includeLower, Object upper,
                                 boolean includeUpper, DateFormat format, ZoneId zone, LongSupplier now,
                                 boolean dateMath) {
        FieldType type = field.type();
        if (type == FieldType.DOUBLE_RANGE) {
            double min = lower == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(lower.toString());
            double max = upper == null ? Double.POSITIVE_INFINITY : Double.parseDouble(upper.toString());
            if (lower != null && !includeLower) {
                min = Math.nextUp(min);
            }
            if (upper != null && !includeUpper) {
                max = Math.nextDown(max);
            }
            return new Bounds(0, 0, min, max, true);
        }
        long floor = type == FieldType.INTEGER_RANGE ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long ceiling = type == FieldType.INTEGER_RANGE ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long min;
        long max;
        if (type == FieldType.DATE_RANGE) {
            min = lower == null ? floor : dateMath ? DateMath.parse(lower, format, zone, now, !includeLower)
                    : format.toEpochMillis(lower);
            max = upper == null ? ceiling : dateMath ? DateMath.parse(upper, format, zone, now, includeUpper)
                    : format.toEpochMillis(upper);
        } else {
            min = lower == null ? floor : new BigDecimal(lower.toString()).longValueExact();
            max = upper == null ? ceiling : new BigDecimal(upper.toString()).longValueExact();
            if (type == FieldType.INTEGER_RANGE && (min < floor || max > ceiling) && (lower != null || upper != null)) {
                if ((lower != null && (min < floor || min > ceiling)) || (upper != null && (max < floor || max > ceiling))) {
                    throw new IllegalArgumentException("Value out of range for an integer range");
                }
            }
        }
        if (lower != null && !includeLower) {
            min = min == Long.MAX_VALUE ? min : min + 1;
        }
        if (upper != null && !includeUpper) {
            max = max == Long.MIN_VALUE ? max : max - 1;
        }
        return new Bounds(min, max, 0, 0, false);
    }
}
