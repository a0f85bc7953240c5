package dev.infraplatform.search.aggregation;

import org.apache.lucene.util.ArrayUtil;

/** Document counts by bucket ordinal in a plain array that grows as ordinals appear (collectors' hot path). */
final class BucketCounts {

    private BucketCounts() {
    }

    /** Counts one document in {@code bucket}; returns the array, grown if it was too short. */
    static long[] increment(long[] counts, long bucket) {
        long[] target = bucket < counts.length ? counts : ArrayUtil.grow(counts, Math.toIntExact(bucket + 1));
        target[(int) bucket]++;
        return target;
    }
}
