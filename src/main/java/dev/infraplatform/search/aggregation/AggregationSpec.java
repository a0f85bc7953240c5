package dev.infraplatform.search.aggregation;

import java.io.IOException;
import java.util.List;

/**
 * One parsed aggregation of the request: its name, its settings (in the subclass) and its
 * sub-aggregations. Immutable and shared by all shards of a search; {@link #create} makes the
 * per-shard collector.
 */
abstract class AggregationSpec {

    final String name;
    final List<AggregationSpec> subs;

    AggregationSpec(String name, List<AggregationSpec> subs) {
        this.name = name;
        this.subs = subs;
    }

    /**
     * The collector of this aggregation on one shard; {@code topLevel} when it only ever sees
     * bucket 0 (no bucket aggregation above it), which allows dense per-value arrays.
     */
    abstract Aggregator create(ShardContext shard, boolean topLevel) throws IOException;

    /**
     * Elasticsearch's type name of this aggregation's results ({@code getType()} of its internal
     * aggregation), shown as {@code type#name} under {@code typed_keys}.
     */
    abstract String type();

    /** The result of a bucket that collected no document (empty histogram buckets, unmatched filters). */
    abstract InternalAggregation empty();
}
