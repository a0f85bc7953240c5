package dev.infraplatform.search.aggregation;

import java.io.IOException;

/** Collects one document of a segment into one bucket of its aggregator (bucket 0 at the top level). */
@FunctionalInterface
interface LeafBucketCollector {

    LeafBucketCollector NO_OP = (doc, bucket) -> {
    };

    /** {@code doc} ascends within a segment for a given collector. */
    void collect(int doc, long bucket) throws IOException;
}
