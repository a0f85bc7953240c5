package dev.infraplatform.search.aggregation;

/**
 * State of one final reduce: counts the buckets of the whole result tree and refuses more than
 * {@code search.max_buckets}, as Elasticsearch's {@code MultiBucketConsumer} does.
 */
final class ReduceContext {

    private final int maxBuckets;
    private long buckets;

    ReduceContext(int maxBuckets) {
        this.maxBuckets = maxBuckets;
    }

    /** Counts {@code count} more buckets. @throws TooManyBucketsException past the limit */
    void consumeBuckets(int count) {
        buckets += count;
        if (buckets > maxBuckets) {
            throw new TooManyBucketsException(maxBuckets, buckets);
        }
    }

    int maxBuckets() {
        return maxBuckets;
    }
}
