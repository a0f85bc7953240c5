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

    /** The counts and sub-aggregation results of an owning bucket's {@code n} buckets. */
    record Totals(long[] counts, List<Map<String, InternalAggregation>> subs) {
    }

    /** A result of an aggregation with fixed buckets: its counts and sub-aggregation results. */
    interface Partial {
        Totals totals();
    }

    /**
     * Partial results (one per shard, all {@link Partial}s) added up bucket by bucket: counts
     * summed, sub-aggregations reduced.
     */
    static Totals reduce(List<InternalAggregation> partials, ReduceContext context) {
        List<Totals> totals = partials.stream().map(partial -> ((Partial) partial).totals()).toList();
        int n = totals.getFirst().counts().length;
        long[] total = new long[n];
        List<Map<String, InternalAggregation>> reduced = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Map<String, InternalAggregation>> same = new ArrayList<>(totals.size());
            for (Totals partial : totals) {
                total[i] += partial.counts()[i];
                same.add(partial.subs().get(i));
            }
            reduced.add(SubAggregators.reduce(same, context));
        }
        return new Totals(total, reduced);
    }
}
