package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.LeafReaderContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bucket aggregation's sub-aggregations on one shard, collected with the bucket's ordinal, and
 * their results per bucket by name (in request order). Also reduces and renders them per bucket.
 */
final class SubAggregators {

    private final Aggregator[] aggregators;
    private final List<AggregationSpec> specs;

    SubAggregators(List<AggregationSpec> specs, ShardContext shard) throws IOException {
        this.specs = specs;
        this.aggregators = new Aggregator[specs.size()];
        for (int i = 0; i < aggregators.length; i++) {
            aggregators[i] = specs.get(i).create(shard, false);
        }
    }

    boolean isEmpty() {
        return aggregators.length == 0;
    }

    /** One leaf collector feeding every sub-aggregation (a no-op when there are none). */
    LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
        if (aggregators.length == 0) {
            return LeafBucketCollector.NO_OP;
        }
        if (aggregators.length == 1) {
            return aggregators[0].leaf(context);
        }
        LeafBucketCollector[] leaves = new LeafBucketCollector[aggregators.length];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = aggregators[i].leaf(context);
        }
        return (doc, bucket) -> {
            for (LeafBucketCollector leaf : leaves) {
                leaf.collect(doc, bucket);
            }
        };
    }

    Map<String, InternalAggregation> build(long bucket) throws IOException {
        Map<String, InternalAggregation> results = new LinkedHashMap<>();
        for (Aggregator aggregator : aggregators) {
            results.put(aggregator.name, aggregator.build(bucket));
        }
        return results;
    }

    static Map<String, InternalAggregation> empty(List<AggregationSpec> specs) {
        Map<String, InternalAggregation> results = new LinkedHashMap<>();
        for (AggregationSpec spec : specs) {
            results.put(spec.name, spec.empty());
        }
        return results;
    }

    /** The sub-aggregations of one final bucket, each reduced over the partial buckets merged into it. */
    static Map<String, InternalAggregation> reduce(List<Map<String, InternalAggregation>> partials,
                                                   ReduceContext context) {
        Map<String, InternalAggregation> first = partials.getFirst();
        Map<String, InternalAggregation> reduced = new LinkedHashMap<>();
        for (Map.Entry<String, InternalAggregation> entry : first.entrySet()) {
            List<InternalAggregation> same = new ArrayList<>(partials.size());
            for (Map<String, InternalAggregation> partial : partials) {
                same.add(partial.get(entry.getKey()));
            }
            reduced.put(entry.getKey(), entry.getValue().reduce(same, context));
        }
        return reduced;
    }

    /**
     * Adds each sub-aggregation's rendering to a bucket's JSON object, named {@code type#name} with
     * {@code typedKeys}.
     */
    static void render(Map<String, InternalAggregation> subs, Map<String, Object> bucket, boolean typedKeys) {
        subs.forEach((name, result) -> bucket.put(key(name, result, typedKeys), result.render(typedKeys)));
    }

    /** An aggregation's name in its parent's JSON object: {@code type#name} under {@code typed_keys}. */
    static String key(String name, InternalAggregation result, boolean typedKeys) {
        return typedKeys ? result.type() + "#" + name : name;
    }

    /**
     * The value of an order path ({@code "agg"}, {@code "agg.metric"}, {@code "single_bucket>agg"}) among a bucket's
     * sub-aggregations.
     */
    static double sortValue(Map<String, InternalAggregation> subs, String path) {
        int angle = path.indexOf('>');
        int dot = angle >= 0 ? angle : path.indexOf('.');
        String name = dot < 0 ? path : path.substring(0, dot);
        InternalAggregation sub = subs.get(name);
        return sub.sortValue(dot < 0 ? null : path.substring(dot + 1));
    }

    List<AggregationSpec> specs() {
        return specs;
    }
}
