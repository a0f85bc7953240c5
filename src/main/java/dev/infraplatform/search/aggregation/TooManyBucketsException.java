package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.SearchException;

/**
 * An aggregation result with more buckets than {@code search.max_buckets}: Elasticsearch's
 * {@code too_many_buckets_exception} (400 since 7.x), with {@code max_buckets} in the error.
 */
public final class TooManyBucketsException extends SearchException {

    TooManyBucketsException(int maxBuckets, long count) {
        super("Trying to create too many buckets. Must be less than or equal to: [" + maxBuckets + "] but was ["
                + count + "]. This limit can be set by changing the [search.max_buckets] cluster level setting.");
        put("max_buckets", maxBuckets);
    }

    @Override
    public String type() {
        return "too_many_buckets_exception";
    }
}
