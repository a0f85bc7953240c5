package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.Mapping;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The aggregations of one search, parsed once, then collected on every shard in the same pass as
 * the hits ({@link #collectorManager}, to pass next to the hits' manager in a
 * {@code MultiCollectorManager}) and reduced across the shards' partial results into
 * Elasticsearch's {@code aggregations} object ({@link #reduce}). Immutable and thread-safe; each
 * collector manager is for one shard and one search.
 */
public final class Aggregations {

    /** Elasticsearch's default {@code search.max_buckets}. */
    public static final int DEFAULT_MAX_BUCKETS = 65_536;

    private final List<AggregationSpec> specs;
    private final int maxBuckets;

    private Aggregations(List<AggregationSpec> specs, int maxBuckets) {
        this.specs = specs;
        this.maxBuckets = maxBuckets;
    }

    /**
     * Parses an {@code aggs} object under an index's mapping; {@code queries} turns a query DSL
     * object into a Lucene query (for {@code filter}/{@code filters}); {@code index} is the index's
     * name (what {@code _index} reads as).
     *
     * @return {@code null} when there are no aggregations ({@code null} or empty object)
     * @throws dev.infraplatform.search.engine.SearchException (400) for what Elasticsearch refuses
     */
    public static Aggregations parse(Map<String, Object> aggs, Mapping mapping,
                                     Function<Map<String, Object>, Query> queries, String index) {
        if (aggs == null || aggs.isEmpty()) {
            return null;
        }
        return new Aggregations(new AggregationParser(mapping, queries, index).parse(aggs), DEFAULT_MAX_BUCKETS);
    }

    /** Collects this search's aggregations on one shard's searcher (the one its hits are collected on). */
    public CollectorManager<?, ShardAggregations> collectorManager(IndexSearcher searcher) {
        return new Manager(searcher);
    }

    /**
     * Reduces the shards' partial results into the {@code aggregations} object: a map from each
     * aggregation's name, in request order, to its Elasticsearch-shaped result.
     *
     * @throws TooManyBucketsException if the result holds more than {@code search.max_buckets} buckets
     */
    public Map<String, Object> reduce(List<ShardAggregations> shards) {
        return reduce(shards, false);
    }

    /**
     * As {@link #reduce(List)}; with {@code typedKeys} (Elasticsearch's {@code typed_keys}) every
     * aggregation's name, at every level, is prefixed with its type: {@code sterms#genres}.
     */
    public Map<String, Object> reduce(List<ShardAggregations> shards, boolean typedKeys) {
        ReduceContext context = new ReduceContext(maxBuckets);
        Map<String, Object> rendered = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            List<InternalAggregation> partials = new ArrayList<>(shards.size());
            for (ShardAggregations shard : shards) {
                for (List<InternalAggregation> slice : shard.slices) {
                    partials.add(slice.get(i));
                }
            }
            if (partials.isEmpty()) {
                partials.add(specs.get(i).empty());
            }
            InternalAggregation result = partials.getFirst().reduce(partials, context);
            rendered.put(SubAggregators.key(specs.get(i).name, result, typedKeys), result.render(typedKeys));
        }
        return rendered;
    }

    /** One shard's partial results, one per top-level aggregation; only {@link #reduce} reads them. */
    public static final class ShardAggregations {

        private final List<List<InternalAggregation>> slices;

        private ShardAggregations(List<List<InternalAggregation>> slices) {
            this.slices = slices;
        }
    }

    private final class Manager implements CollectorManager<ShardCollector, ShardAggregations> {

        private final IndexSearcher searcher;

        Manager(IndexSearcher searcher) {
            this.searcher = searcher;
        }

        @Override
        public ShardCollector newCollector() throws IOException {
            return new ShardCollector(new ShardContext(searcher));
        }

        @Override
        public ShardAggregations reduce(Collection<ShardCollector> collectors) {
            // a shard searched in slices gives one partial per slice: each reduces like a shard's
            List<List<InternalAggregation>> slices = new ArrayList<>(collectors.size());
            for (ShardCollector collector : collectors) {
                slices.add(collector.build());
            }
            return new ShardAggregations(slices);
        }
    }

    /** One shard's (or slice's) collector: feeds every top-level aggregator with bucket 0. */
    private final class ShardCollector implements Collector {

        private final Aggregator[] aggregators;

        ShardCollector(ShardContext shard) throws IOException {
            aggregators = new Aggregator[specs.size()];
            for (int i = 0; i < aggregators.length; i++) {
                aggregators[i] = specs.get(i).create(shard, true);
            }
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            LeafBucketCollector[] leaves = new LeafBucketCollector[aggregators.length];
            for (int i = 0; i < leaves.length; i++) {
                leaves[i] = aggregators[i].leaf(context);
            }
            if (leaves.length == 1) {
                LeafBucketCollector only = leaves[0];
                return new LeafCollector() {
                    @Override
                    public void setScorer(Scorable scorer) {
                    }

                    @Override
                    public void collect(int doc) throws IOException {
                        only.collect(doc, 0);
                    }
                };
            }
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    for (LeafBucketCollector leaf : leaves) {
                        leaf.collect(doc, 0);
                    }
                }
            };
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        List<InternalAggregation> build() {
            List<InternalAggregation> results = new ArrayList<>(aggregators.length);
            try {
                for (Aggregator aggregator : aggregators) {
                    results.add(aggregator.build(0));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return results;
        }
    }
}
