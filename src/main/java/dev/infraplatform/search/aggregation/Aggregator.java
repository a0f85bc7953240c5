package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.LeafReaderContext;

import java.io.IOException;

/**
 * One aggregation's collection on one shard: documents arrive per segment with the ordinal of the
 * bucket they belong to in the parent (0 at the top level; a bucket aggregation numbers its own
 * buckets densely for its sub-aggregations), and {@link #build} turns a bucket's state into the
 * shard's partial result. State is kept in arrays indexed by bucket ordinal, so memory grows with
 * the number of buckets, not documents. Not thread-safe: one per shard and collector.
 */
abstract class Aggregator {

    final String name;

    Aggregator(String name) {
        this.name = name;
    }

    abstract LeafBucketCollector leaf(LeafReaderContext context) throws IOException;

    /** The partial result of bucket {@code bucket} (one that collected nothing answers an empty result). */
    abstract InternalAggregation build(long bucket) throws IOException;
}
