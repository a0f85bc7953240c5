package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;

import java.util.List;

/**
 * A partial result of one aggregation (one shard's, or a bucket's within it) that reduces with the
 * other shards' partials of the same aggregation into the final result, rendered in
 * Elasticsearch's response shape. Immutable once built.
 */
interface InternalAggregation {

    /**
     * The final result of this aggregation over all partials ({@code partials} holds this one
     * too, all of the same kind).
     */
    InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context);

    /**
     * Elasticsearch's JSON shape of a final result (maps, lists, strings, numbers, {@code null});
     * with {@code typedKeys} (Elasticsearch's {@code typed_keys}) the sub-aggregations' names are
     * prefixed with their {@link #type()} as {@code type#name}.
     */
    Object render(boolean typedKeys);

    /**
     * Elasticsearch's type name of this result ({@code sterms}, {@code avg}, {@code date_histogram}, …),
     * the prefix of its name under {@code typed_keys}.
     */
    String type();

    /**
     * The value buckets are ordered by when a terms aggregation orders by this metric;
     * {@code metric} is the part after the dot in {@code "name.metric"} ({@code null} if none).
     */
    default double sortValue(String metric) {
        throw new IllegalSearchArgumentException("Buckets can only be sorted on a sub-aggregator path that is built out "
                + "of zero or more single-bucket aggregations within the path and a final single-bucket or a "
                + "metrics aggregation at the path end.");
    }
}
