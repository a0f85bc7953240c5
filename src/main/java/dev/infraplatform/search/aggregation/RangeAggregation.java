package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
final class RangeAggregation extends AggregationSpec {

    @Override
    String type() {
        return dates == null ? "range" : "date_range";
    }

    /** One range; {@code from}/{@code to} are infinite when open. */
    record Range(String key, double from, double to) {
    }

    private final FieldSource field;
    private final List<Range> ranges;
    private final boolean keyed;
    private final DateRendering dates;

    RangeAggregation(String name, List<AggregationSpec> subs, FieldSource field, List<Range> ranges, boolean keyed,
                     DateRendering dates) {
        super(name, subs);
        this.field = field.requireNumeric(dates == null ? "range" : "date_range");
        this.ranges = ranges.stream().sorted((a, b) -> a.from() != b.from() ? Double.compare(a.from(), b.from())
                : Double.compare(a.to(), b.to())).toList();
        this.keyed = keyed;
        this.dates = dates;
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) throws IOException {
        return new Collector(new SubAggregators(subs, shard));
    }

    @Override
    InternalAggregation empty() {
        long[] counts = new long[ranges.size()];
        List<Map<String, InternalAggregation>> subResults = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            subResults.add(SubAggregators.empty(subs));
        }
        return new Result(counts, subResults);
    }

    private final class Collector extends Aggregator {

        private final SubAggregators subAggregators;
        private final FixedBucketCounts counts = new FixedBucketCounts(ranges.size());

        Collector(SubAggregators subAggregators) {
            super(RangeAggregation.this.name);
            this.subAggregators = subAggregators;
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            SortedNumericDocValues values = field.longs(context.reader());
            LeafBucketCollector sub = subAggregators.leaf(context);
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

        @Override
        InternalAggregation build(long owning) throws IOException {
            return new Result(counts.countsOf(owning), counts.subResultsOf(owning, subAggregators));
        }
    }

    private final class Result implements InternalAggregation {

        private final long[] counts;
        private final List<Map<String, InternalAggregation>> subs;

        Result(long[] counts, List<Map<String, InternalAggregation>> subs) {
            this.counts = counts;
            this.subs = subs;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            int n = ranges.size();
            context.consumeBuckets(n);
            long[] total = new long[n];
            List<Map<String, InternalAggregation>> reduced = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                List<Map<String, InternalAggregation>> same = new ArrayList<>(partials.size());
                for (InternalAggregation partial : partials) {
                    Result result = (Result) partial;
                    total[r] += result.counts[r];
                    same.add(result.subs.get(r));
                }
                reduced.add(SubAggregators.reduce(same, context));
            }
            return new Result(total, reduced);
        }

        @Override
        public String type() {
            return RangeAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> keyedBuckets = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            for (int r = 0; r < ranges.size(); r++) {
                Range range = ranges.get(r);
                String key = range.key() != null ? range.key() : bound(range.from()) + "-" + bound(range.to());
                Map<String, Object> bucket = new LinkedHashMap<>();
                if (!keyed) {
                    bucket.put("key", key);
                }
                if (!Double.isInfinite(range.from())) {
                    bucket.put("from", range.from());
                    if (dates != null) {
                        bucket.put("from_as_string", dates.print(range.from()));
                    }
                }
                if (!Double.isInfinite(range.to())) {
                    bucket.put("to", range.to());
                    if (dates != null) {
                        bucket.put("to_as_string", dates.print(range.to()));
                    }
                }
                bucket.put("doc_count", counts[r]);
                SubAggregators.render(subs.get(r), bucket, typedKeys);
                keyedBuckets.put(key, bucket);
                list.add(bucket);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("buckets", keyed ? keyedBuckets : list);
            return out;
        }

        private String bound(double value) {
            if (Double.isInfinite(value)) {
                return "*";
            }
            return dates != null ? dates.print(value) : Double.toString(value);
        }
    }
}
