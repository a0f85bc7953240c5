package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.ArrayUtil;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-pass numeric metrics {@code avg}, {@code sum}, {@code min}, {@code max}, {@code stats},
 * {@code extended_stats} and {@code value_count}: each keeps count, sum (Kahan-compensated, as
 * Elasticsearch), min, max and sum of squares per bucket (48 bytes), and renders the part its kind
 * shows. {@code value_count} also counts keyword values.
 */
final class StatsAggregation extends AggregationSpec {

    @Override
    String type() {
        return kind.esName;
    }

    enum Kind {
        AVG("avg"), SUM("sum"), MIN("min"), MAX("max"), STATS("stats"), EXTENDED_STATS("extended_stats"),
        VALUE_COUNT("value_count");

        final String esName;

        Kind(String esName) {
            this.esName = esName;
        }
    }

    private final Kind kind;
    private final FieldSource field;
    private final DateRendering dates;
    private final double sigma;

    StatsAggregation(String name, Kind kind, FieldSource field, String format) {
        this(name, kind, field, format, 2);
    }

    /** {@code sigma}: how many standard deviations {@code extended_stats}' bounds lie from the mean. */
    StatsAggregation(String name, Kind kind, FieldSource field, String format, double sigma) {
        super(name, List.of());
        this.kind = kind;
        this.sigma = sigma;
        this.field = kind == Kind.VALUE_COUNT ? field : field.requireNumeric(kind.esName);
        this.dates = field.date() ? (format == null ? DateRendering.of(field.format()) : DateRendering.of(format,
                java.time.ZoneOffset.UTC)) : null;
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) {
        return new Collector();
    }

    @Override
    InternalAggregation empty() {
        return new Result(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);
    }

    private final class Collector extends Aggregator {

        private long[] counts = new long[1];
        private double[] sums = new double[1];
        private double[] compensations = new double[1];
        private double[] mins = {Double.POSITIVE_INFINITY};
        private double[] maxes = {Double.NEGATIVE_INFINITY};
        private double[] squares = new double[1];

        Collector() {
            super(StatsAggregation.this.name);
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws java.io.IOException {
            if (field.unmapped()) {
                return LeafBucketCollector.NO_OP;
            }
            if (field.ordinals()) {
                SortedSetDocValues terms = field.ordinals(context.reader());
                return (doc, bucket) -> {
                    if (terms.advanceExact(doc)) {
                        grow(bucket);
                        counts[(int) bucket] += terms.docValueCount();
                    }
                };
            }
            SortedNumericDocValues values = field.longs(context.reader());
            boolean needsValues = kind != Kind.VALUE_COUNT;
            boolean needsSquares = kind == Kind.EXTENDED_STATS;
            return (doc, bucket) -> {
                if (!values.advanceExact(doc)) {
                    return;
                }
                grow(bucket);
                int b = (int) bucket;
                int n = values.docValueCount();
                counts[b] += n;
                if (!needsValues) {
                    return;
                }
                double sum = sums[b];
                double compensation = compensations[b];
                double min = mins[b];
                double max = maxes[b];
                double sumOfSquares = squares[b];
                for (int i = 0; i < n; i++) {
                    double value = field.toDouble(values.nextValue());
                    if (needsSquares) {
                        sumOfSquares += value * value;
                    }
                    double corrected = value - compensation;
                    double next = sum + corrected;
                    compensation = (next - sum) - corrected;
                    sum = next;
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
                sums[b] = sum;
                compensations[b] = compensation;
                mins[b] = min;
                maxes[b] = max;
                squares[b] = sumOfSquares;
            };
        }

        private void grow(long bucket) {
            if (bucket < counts.length) {
                return;
            }
            int old = counts.length;
            counts = ArrayUtil.grow(counts, (int) bucket + 1);
            int length = counts.length;
            sums = ArrayUtil.growExact(sums, length);
            compensations = ArrayUtil.growExact(compensations, length);
            mins = ArrayUtil.growExact(mins, length);
            maxes = ArrayUtil.growExact(maxes, length);
            squares = ArrayUtil.growExact(squares, length);
            Arrays.fill(mins, old, length, Double.POSITIVE_INFINITY);
            Arrays.fill(maxes, old, length, Double.NEGATIVE_INFINITY);
        }

        @Override
        InternalAggregation build(long bucket) {
            if (bucket >= counts.length) {
                return empty();
            }
            int b = (int) bucket;
            return new Result(counts[b], sums[b], mins[b], maxes[b], squares[b]);
        }
    }

    private final class Result implements InternalAggregation {

        final long count;
        final double sum;
        final double min;
        final double max;
        final double sumOfSquares;

        Result(long count, double sum, double min, double max, double sumOfSquares) {
            this.count = count;
            this.sum = sum;
            this.min = min;
            this.max = max;
            this.sumOfSquares = sumOfSquares;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            long count = 0;
            double sum = 0;
            double compensation = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sumOfSquares = 0;
            for (InternalAggregation partial : partials) {
                Result r = (Result) partial;
                count += r.count;
                sumOfSquares += r.sumOfSquares;
                double corrected = r.sum - compensation;
                double next = sum + corrected;
                compensation = (next - sum) - corrected;
                sum = next;
                min = Math.min(min, r.min);
                max = Math.max(max, r.max);
            }
            return new Result(count, sum, min, max, sumOfSquares);
        }

        private double variancePopulation() {
            double average = sum / count;
            return Math.max(0, sumOfSquares / count - average * average);
        }

        private double varianceSampling() {
            return Math.max(0, (sumOfSquares - sum * sum / count) / (count - 1));
        }

        private Double orNull(double value) {
            return count == 0 || Double.isNaN(value) || Double.isInfinite(value) ? null : value;
        }

        private void extended(Map<String, Object> out) {
            double population = variancePopulation();
            double sampling = varianceSampling();
            double average = sum / count;
            out.put("sum_of_squares", count == 0 ? null : sumOfSquares);
            out.put("variance", orNull(population));
            out.put("variance_population", orNull(population));
            out.put("variance_sampling", orNull(sampling));
            out.put("std_deviation", orNull(Math.sqrt(population)));
            out.put("std_deviation_population", orNull(Math.sqrt(population)));
            out.put("std_deviation_sampling", orNull(Math.sqrt(sampling)));
            Map<String, Object> bounds = new LinkedHashMap<>();
            bounds.put("upper", orNull(average + sigma * Math.sqrt(population)));
            bounds.put("lower", orNull(average - sigma * Math.sqrt(population)));
            bounds.put("upper_population", orNull(average + sigma * Math.sqrt(population)));
            bounds.put("lower_population", orNull(average - sigma * Math.sqrt(population)));
            bounds.put("upper_sampling", orNull(average + sigma * Math.sqrt(sampling)));
            bounds.put("lower_sampling", orNull(average - sigma * Math.sqrt(sampling)));
            out.put("std_deviation_bounds", bounds);
        }

        private Double avg() {
            return count == 0 ? null : sum / count;
        }

        private Double finite(double value) {
            return Double.isInfinite(value) ? null : value;
        }

        @Override
        public String type() {
            return StatsAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> out = new LinkedHashMap<>();
            switch (kind) {
                case AVG -> value(out, "value", avg());
                case SUM -> value(out, "value", sum);
                case MIN -> value(out, "value", finite(min));
                case MAX -> value(out, "value", finite(max));
                case VALUE_COUNT -> out.put("value", count);
                case STATS, EXTENDED_STATS -> {
                    out.put("count", count);
                    out.put("min", finite(min));
                    out.put("max", finite(max));
                    out.put("avg", avg());
                    out.put("sum", sum);
                    if (dates != null && count > 0) {
                        out.put("min_as_string", dates.print(min));
                        out.put("max_as_string", dates.print(max));
                        out.put("avg_as_string", dates.print(sum / count));
                        out.put("sum_as_string", dates.print(sum));
                    }
                    if (kind == Kind.EXTENDED_STATS) {
                        extended(out);
                    }
                }
            }
            return out;
        }

        private void value(Map<String, Object> out, String key, Double value) {
            out.put(key, value);
            if (dates != null && value != null && kind != Kind.SUM) {
                out.put(key + "_as_string", dates.print(value));
            }
        }

        @Override
        public double sortValue(String metric) {
            String which = kind == Kind.STATS || kind == Kind.EXTENDED_STATS ? metric : kind.esName;
            if (which == null) {
                throw new IllegalSearchArgumentException("Missing value key in [" + name + "] which refers to a "
                        + "multi-value metric aggregation");
            }
            return switch (which) {
                case "count", "value_count" -> count;
                case "sum" -> sum;
                case "min" -> min;
                case "max" -> max;
                case "avg" -> count == 0 ? Double.NaN : sum / count;
                case "sum_of_squares" -> sumOfSquares;
                case "variance", "variance_population" -> count == 0 ? Double.NaN : variancePopulation();
                case "variance_sampling" -> count == 0 ? Double.NaN : varianceSampling();
                case "std_deviation", "std_deviation_population" -> count == 0 ? Double.NaN
                        : Math.sqrt(variancePopulation());
                case "std_deviation_sampling" -> count == 0 ? Double.NaN : Math.sqrt(varianceSampling());
                default -> throw new IllegalSearchArgumentException("Unknown value key [" + metric
                        + "] for multi-value metric aggregation [" + name + "]");
            };
        }
    }
}
