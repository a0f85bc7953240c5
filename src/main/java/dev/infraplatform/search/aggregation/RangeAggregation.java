package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code range} and {@code date_range}: a bucket per range, {@code from} inclusive
 * and {@code to} exclusive, ranges sorted by {@code from} then {@code to} as Elasticsearch shows
 * them. A document counts once per range even when several of its values fall in it. Bucket
 * ordinal = parent bucket × ranges + range, so no hashing is needed. Keys default to
 * {@code "from-to"} with {@code *} for an open end ({@code "*-100.0"}); dates print their bounds in
 * the field's or the aggregation's format, as {@code from_as_string}/{@code to_as_string} too.
 */
final class RangeAggregation extends RangeBucketsAggregation {

    @Override
    String type() {
        return dates == null ? "range" : "date_range";
    }

    /** One range; {@code from}/{@code to} are infinite when open. */
    record Range(String key, double from, double to) {
    }

    private final FieldSource field;
    private final List<Range> ranges;
    private final DateRendering dates;

    RangeAggregation(String name, List<AggregationSpec> subs, FieldSource field, List<Range> ranges, boolean keyed,
                     DateRendering dates) {
        super(name, subs, keyed);
        this.field = field.requireNumeric(dates == null ? "range" : "date_range");
        this.ranges = ranges.stream().sorted((a, b) -> a.from() != b.from() ? Double.compare(a.from(), b.from())
                : Double.compare(a.to(), b.to())).toList();
        this.dates = dates;
    }

    @Override
    int rangeCount() {
        return ranges.size();
    }

    @Override
    String key(int range) {
        Range r = ranges.get(range);
        return r.key() != null ? r.key() : bound(r.from()) + "-" + bound(r.to());
    }

    @Override
    void putBounds(int range, Map<String, Object> bucket) {
        Range r = ranges.get(range);
        if (!Double.isInfinite(r.from())) {
            bucket.put("from", r.from());
            if (dates != null) {
                bucket.put("from_as_string", dates.print(r.from()));
            }
        }
        if (!Double.isInfinite(r.to())) {
            bucket.put("to", r.to());
            if (dates != null) {
                bucket.put("to_as_string", dates.print(r.to()));
            }
        }
    }

    private String bound(double value) {
        if (Double.isInfinite(value)) {
            return "*";
        }
        return dates != null ? dates.print(value) : Double.toString(value);
    }

    @Override
    LeafBucketCollector leaf(LeafReaderContext context, FixedBucketCounts counts, LeafBucketCollector sub)
            throws IOException {
        SortedNumericDocValues values = field.longs(context.reader());
        int n = ranges.size();
        double[] froms = ranges.stream().mapToDouble(Range::from).toArray();
        double[] tos = ranges.stream().mapToDouble(Range::to).toArray();
        boolean[] hit = new boolean[n];
        return (doc, owning) -> {
            if (!values.advanceExact(doc)) {
                return;
            }
            java.util.Arrays.fill(hit, false);
            for (int v = values.docValueCount(); v > 0; v--) {
                double value = field.toDouble(values.nextValue());
                for (int r = 0; r < n; r++) {
                    if (!hit[r] && value >= froms[r] && value < tos[r]) {
                        hit[r] = true;
                        sub.collect(doc, counts.increment(owning, r));
                    }
                }
            }
        };
    }
}
