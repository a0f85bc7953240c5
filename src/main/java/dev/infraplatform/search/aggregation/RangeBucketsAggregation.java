package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.LeafReaderContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the range aggregations ({@code range}, {@code date_range}, {@code ip_range}) share: a fixed
 * list of ranges, a bucket per range whose count and sub-aggregations add up across shards, and
 * Elasticsearch's bucket shape — {@code key} (unless {@code keyed}: the buckets are then an object
 * by key), the bounds the subclass writes, {@code doc_count} and the sub-aggregations. Subclasses
 * count documents into {@link FixedBucketCounts} and hand the counts to {@link #result}.
 */
abstract class RangeBucketsAggregation extends AggregationSpec {

    private final boolean keyed;

    RangeBucketsAggregation(String name, List<AggregationSpec> subs, boolean keyed) {
        super(name, subs);
        this.keyed = keyed;
    }

    /** How many ranges (buckets) there are. */
    abstract int rangeCount();

    /** The key of a range's bucket. */
    abstract String key(int range);

    /** Writes a range's bounds into its bucket ({@code from}, {@code to}, their printed forms). */
    abstract void putBounds(int range, Map<String, Object> bucket);

    /**
     * One segment's collector: counts each document once into every range one of its values falls
     * in ({@code counts.increment(owning, range)}), handing it to {@code sub} with that bucket.
     */
    abstract LeafBucketCollector leaf(LeafReaderContext context, FixedBucketCounts counts, LeafBucketCollector sub)
            throws IOException;

    @Override
    final Aggregator create(ShardContext shard, boolean topLevel) throws IOException {
        return new Collector(new SubAggregators(subs, shard));
    }

    private final class Collector extends Aggregator {

        private final SubAggregators subAggregators;
        private final FixedBucketCounts counts = new FixedBucketCounts(rangeCount());

        Collector(SubAggregators subAggregators) {
            super(RangeBucketsAggregation.this.name);
            this.subAggregators = subAggregators;
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            return RangeBucketsAggregation.this.leaf(context, counts, subAggregators.leaf(context));
        }

        @Override
        InternalAggregation build(long owning) throws IOException {
            return result(counts.countsOf(owning), counts.subResultsOf(owning, subAggregators));
        }
    }

    @Override
    InternalAggregation empty() {
        List<Map<String, InternalAggregation>> subResults = new ArrayList<>();
        for (int i = 0; i < rangeCount(); i++) {
            subResults.add(SubAggregators.empty(subs));
        }
        return result(new long[rangeCount()], subResults);
    }

    /** One shard's (or a reduced) result: a count and the sub-aggregations per range. */
    final InternalAggregation result(long[] counts, List<Map<String, InternalAggregation>> subResults) {
        return new Result(counts, subResults);
    }

    private final class Result extends FixedBucketCounts.Result {

        Result(long[] counts, List<Map<String, InternalAggregation>> subs) {
            super(counts, subs);
        }

        @Override
        Result with(long[] counts, List<Map<String, InternalAggregation>> subs) {
            return new Result(counts, subs);
        }

        @Override
        void consumeBuckets(ReduceContext context) {
            context.consumeBuckets(rangeCount());
        }

        @Override
        public String type() {
            return RangeBucketsAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> keyedBuckets = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            for (int r = 0; r < rangeCount(); r++) {
                String key = key(r);
                Map<String, Object> bucket = new LinkedHashMap<>();
                if (!keyed) {
                    bucket.put("key", key);
                }
                putBounds(r, bucket);
                bucket.put("doc_count", counts[r]);
                SubAggregators.render(subs.get(r), bucket, typedKeys);
                keyedBuckets.put(key, bucket);
                list.add(bucket);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("buckets", keyed ? keyedBuckets : list);
            return out;
        }
    }
}
