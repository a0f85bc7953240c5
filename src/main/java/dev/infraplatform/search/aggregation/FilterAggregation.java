package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code filter} (documents matching a query), {@code filters} (one bucket per
 * named or listed query) and {@code missing} (documents without a value in a field). Bucket
 * ordinal = parent bucket × filters + filter. A filter's query is matched by advancing its
 * iterator alongside the collected documents (ascending within a segment), without scores.
 */
final class FilterAggregation extends AggregationSpec {

    /** What makes a document fall in a bucket, per segment. */
    interface Matcher {
        boolean matches(int doc) throws IOException;
    }

    /** Makes a bucket's matcher for a segment. */
    interface MatcherFactory {
        Matcher create(ShardContext shard, LeafReaderContext context, Object prepared) throws IOException;

        /** Per-shard preparation (a query's weight), {@code null} if none. */
        Object prepare(ShardContext shard) throws IOException;
    }

    /**
     * @param keys  the {@code filters} keys ({@code null} for a single-bucket aggregation)
     * @param keyed whether {@code filters} renders its buckets as an object (named filters) or a list
     */
    private final List<String> keys;
    private final List<MatcherFactory> matchers;
    private final boolean keyed;
    /** {@code filter}, {@code filters} or {@code missing}. */
    private final String type;

    private FilterAggregation(String type, String name, List<AggregationSpec> subs, List<String> keys,
                              List<MatcherFactory> matchers, boolean keyed) {
        super(name, subs);
        this.type = type;
        this.keys = keys;
        this.matchers = matchers;
        this.keyed = keyed;
    }

    @Override
    String type() {
        return type;
    }

    static FilterAggregation filter(String name, List<AggregationSpec> subs, Query query) {
        return new FilterAggregation("filter", name, subs, null, List.of(queryMatcher(query)), false);
    }

    static FilterAggregation filters(String name, List<AggregationSpec> subs, List<String> keys, List<Query> queries,
                                     boolean keyed) {
        return new FilterAggregation("filters", name, subs, keys, queries.stream().map(FilterAggregation::queryMatcher).toList(),
                keyed);
    }

    static FilterAggregation missing(String name, List<AggregationSpec> subs, FieldSource field) {
        return new FilterAggregation("missing", name, subs, null, List.of(new MatcherFactory() {
            @Override
            public Matcher create(ShardContext shard, LeafReaderContext context, Object prepared) throws IOException {
                if (field.unmapped()) {
                    return doc -> true;
                }
                if (field.ordinals()) {
                    SortedSetDocValues values = field.ordinals(context.reader());
                    return doc -> !values.advanceExact(doc);
                }
                SortedNumericDocValues values = field.longs(context.reader());
                return doc -> !values.advanceExact(doc);
            }

            @Override
            public Object prepare(ShardContext shard) {
                return null;
            }
        }), false);
    }

    private static MatcherFactory queryMatcher(Query query) {
        return new MatcherFactory() {
            @Override
            public Matcher create(ShardContext shard, LeafReaderContext context, Object prepared) throws IOException {
                Scorer scorer = ((Weight) prepared).scorer(context);
                if (scorer == null) {
                    return doc -> false;
                }
                DocIdSetIterator iterator = scorer.iterator();
                return doc -> {
                    if (iterator.docID() < doc) {
                        iterator.advance(doc);
                    }
                    return iterator.docID() == doc;
                };
            }

            @Override
            public Object prepare(ShardContext shard) throws IOException {
                IndexSearcher searcher = shard.searcher();
                return searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
            }
        };
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) throws IOException {
        Object[] prepared = new Object[matchers.size()];
        for (int i = 0; i < prepared.length; i++) {
            prepared[i] = matchers.get(i).prepare(shard);
        }
        return new Collector(shard, prepared, new SubAggregators(subs, shard));
    }

    @Override
    InternalAggregation empty() {
        long[] counts = new long[matchers.size()];
        List<Map<String, InternalAggregation>> subResults = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            subResults.add(SubAggregators.empty(subs));
        }
        return new Result(counts, subResults);
    }

    private final class Collector extends Aggregator {

        private final ShardContext shard;
        private final Object[] prepared;
        private final SubAggregators subAggregators;
        private final FixedBucketCounts counts = new FixedBucketCounts(matchers.size());

        Collector(ShardContext shard, Object[] prepared, SubAggregators subAggregators) {
            super(FilterAggregation.this.name);
            this.shard = shard;
            this.prepared = prepared;
            this.subAggregators = subAggregators;
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            int n = matchers.size();
            Matcher[] leafMatchers = new Matcher[n];
            for (int i = 0; i < n; i++) {
                leafMatchers[i] = matchers.get(i).create(shard, context, prepared[i]);
            }
            LeafBucketCollector sub = subAggregators.leaf(context);
            return (doc, owning) -> {
                for (int i = 0; i < n; i++) {
                    if (leafMatchers[i].matches(doc)) {
                        sub.collect(doc, counts.increment(owning, i));
                    }
                }
            };
        }

        @Override
        InternalAggregation build(long owning) throws IOException {
            return new Result(counts.countsOf(owning), counts.subResultsOf(owning, subAggregators));
        }
    }

    private final class Result extends FixedBucketCounts.Result {

        Result(long[] counts, List<Map<String, InternalAggregation>> subs) {
            super(counts, subs);
        }

        @Override
        Result with(long[] counts, List<Map<String, InternalAggregation>> subs) {
            return new Result(counts, subs);
        }

        @Override
        void consumeBuckets(ReduceContext context) {
            if (keys != null) {
                context.consumeBuckets(counts.length);
            }
        }

        @Override
        public String type() {
            return FilterAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            if (keys == null) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("doc_count", counts[0]);
                SubAggregators.render(subs.getFirst(), out, typedKeys);
                return out;
            }
            Map<String, Object> keyedBuckets = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                Map<String, Object> bucket = new LinkedHashMap<>();
                bucket.put("doc_count", counts[i]);
                SubAggregators.render(subs.get(i), bucket, typedKeys);
                keyedBuckets.put(keys.get(i), bucket);
                list.add(bucket);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("buckets", keyed ? keyedBuckets : list);
            return out;
        }

        @Override
        public double sortValue(String metric) {
            if (keys != null) {
                return super.sortValue(metric);
            }
            if (metric == null || metric.equals("doc_count") || metric.equals("_count")) {
                return counts[0];
            }
            return SubAggregators.sortValue(subs.getFirst(), metric);
        }
    }
}
