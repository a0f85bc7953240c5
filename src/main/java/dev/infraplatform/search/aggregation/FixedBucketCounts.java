package dev.infraplatform.search.aggregation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The document counts of an aggregation with a fixed number {@code n} of buckets under each
 * owning bucket (filters, ranges): bucket {@code i} of owning bucket {@code o} is
 * {@code o × n + i}, and the array grows as owning buckets appear. One per shard collector.
 */
final class FixedBucketCounts {

    private final int n;
    private long[] counts;

    FixedBucketCounts(int n) {
        this.n = n;
        this.counts = new long[n];
    }

    /** Counts a document in bucket {@code i} of {@code owning}; returns that bucket's ordinal (for sub-aggregations). */
    long increment(long owning, int i) {
        long bucket = owning * n + i;
        counts = BucketCounts.increment(counts, bucket);
        return bucket;
    }

    /** The counts of the {@code n} buckets of {@code owning}. */
    long[] countsOf(long owning) {
        long[] result = new long[n];
        for (int i = 0; i < n; i++) {
            long bucket = owning * n + i;
            result[i] = bucket < counts.length ? counts[(int) bucket] : 0;
        }
        return result;
    }

    /** The sub-aggregations' results of the {@code n} buckets of {@code owning}. */
    List<Map<String, InternalAggregation>> subResultsOf(long owning, SubAggregators subAggregators)
            throws IOException {
        List<Map<String, InternalAggregation>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            results.add(subAggregators.build(owning * n + i));
        }
        return results;
    }

    /**
     * A result of an aggregation with fixed buckets: its counts and sub-aggregation results, which
     * add up across shards bucket by bucket; subclasses render them.
     */
    abstract static class Result implements InternalAggregation {

        final long[] counts;
        final List<Map<String, InternalAggregation>> subs;

        Result(long[] counts, List<Map<String, InternalAggregation>> subs) {
            this.counts = counts;
            this.subs = subs;
        }

        /** A result of the same aggregation with these counts and sub-aggregation results. */
        abstract Result with(long[] counts, List<Map<String, InternalAggregation>> subs);

        /** Accounts for the buckets a reduce makes ({@code search.max_buckets}). */
        abstract void consumeBuckets(ReduceContext context);

        /** The partial results (one per shard, of the same aggregation) added up bucket by bucket. */
        @Override
        public final InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            consumeBuckets(context);
            int n = counts.length;
            long[] total = new long[n];
            List<Map<String, InternalAggregation>> reduced = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<Map<String, InternalAggregation>> same = new ArrayList<>(partials.size());
                for (InternalAggregation partial : partials) {
                    Result result = (Result) partial;
                    total[i] += result.counts[i];
                    same.add(result.subs.get(i));
                }
                reduced.add(SubAggregators.reduce(same, context));
            }
            return with(total, reduced);
        }
    }
}
