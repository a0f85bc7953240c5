package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.LeafReaderContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregation with a {@code meta} object: collects and reduces as the aggregation it wraps and
 * echoes {@code meta} first in its result, as Elasticsearch does.
 */
final class MetaAggregation extends AggregationSpec {

    private final AggregationSpec inner;
    private final Map<String, Object> meta;

    MetaAggregation(AggregationSpec inner, Map<String, Object> meta) {
        super(inner.name, inner.subs);
        this.inner = inner;
        this.meta = meta;
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) throws IOException {
        Aggregator aggregator = inner.create(shard, topLevel);
        return new Aggregator(name) {
            @Override
            LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
                return aggregator.leaf(context);
            }

            @Override
            InternalAggregation build(long bucket) throws IOException {
                return new Result(aggregator.build(bucket));
            }
        };
    }

    @Override
    String type() {
        return inner.type();
    }

    @Override
    InternalAggregation empty() {
        return new Result(inner.empty());
    }

    private final class Result implements InternalAggregation {

        private final InternalAggregation result;

        Result(InternalAggregation result) {
            this.result = result;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            List<InternalAggregation> unwrapped = new ArrayList<>(partials.size());
            for (InternalAggregation partial : partials) {
                unwrapped.add(((Result) partial).result);
            }
            return new Result(result.reduce(unwrapped, context));
        }

        @Override
        public String type() {
            return result.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("meta", meta);
            if (result.render(typedKeys) instanceof Map<?, ?> rendered) {
                rendered.forEach((key, value) -> out.put(key.toString(), value));
            }
            return out;
        }

        @Override
        public double sortValue(String metric) {
            return result.sortValue(metric);
        }
    }
}
