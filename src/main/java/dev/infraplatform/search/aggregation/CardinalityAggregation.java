package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.StringHelper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code cardinality}: the approximate number of distinct values, one
 * {@link CardinalitySketch} per bucket. Keyword values hash with MurmurHash3 (x64, 128 bit, first
 * half) of their UTF-8 bytes, as Elasticsearch; numbers by mixing their 64 bits.
 */
final class CardinalityAggregation extends AggregationSpec {

    private static final String TYPE = "cardinality";

    @Override
    String type() {
        return TYPE;
    }

    private final FieldSource field;
    private final long threshold;

    CardinalityAggregation(String name, FieldSource field, long threshold) {
        super(name, List.of());
        this.field = field;
        this.threshold = threshold;
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) {
        return new Collector();
    }

    @Override
    InternalAggregation empty() {
        return new Result(new CardinalitySketch(threshold));
    }

    private static final int MAX_CACHED_HASHES = 1 << 16;

    private static long hash(BytesRef term) {
        return StringHelper.murmurhash3_x64_128(term)[0];
    }

    static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private final class Collector extends Aggregator {

        private CardinalitySketch[] sketches = new CardinalitySketch[1];

        Collector() {
            super(CardinalityAggregation.this.name);
        }

        private CardinalitySketch sketch(long bucket) {
            if (bucket >= sketches.length) {
                sketches = ArrayUtil.grow(sketches, (int) bucket + 1);
            }
            CardinalitySketch sketch = sketches[(int) bucket];
            if (sketch == null) {
                sketch = new CardinalitySketch(threshold);
                sketches[(int) bucket] = sketch;
            }
            return sketch;
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            if (field.unmapped()) {
                return LeafBucketCollector.NO_OP;
            }
            if (field.ordinals()) {
                SortedSetDocValues terms = field.ordinals(context.reader());
                // a segment's terms are hashed once each (when it has few enough of them to keep the hashes)
                long valueCount = terms.getValueCount();
                long[] hashes = valueCount <= MAX_CACHED_HASHES ? new long[(int) valueCount] : null;
                FixedBitSet hashed = hashes == null ? null : new FixedBitSet((int) valueCount);
                return (doc, bucket) -> {
                    if (terms.advanceExact(doc)) {
                        CardinalitySketch sketch = sketch(bucket);
                        for (int i = terms.docValueCount(); i > 0; i--) {
                            long ord = terms.nextOrd();
                            long hash;
                            if (hashes == null) {
                                hash = hash(terms.lookupOrd(ord));
                            } else if (hashed.getAndSet((int) ord)) {
                                hash = hashes[(int) ord];
                            } else {
                                hash = hash(terms.lookupOrd(ord));
                                hashes[(int) ord] = hash;
                            }
                            sketch.add(hash);
                        }
                    }
                };
            }
            SortedNumericDocValues values = field.longs(context.reader());
            return (doc, bucket) -> {
                if (values.advanceExact(doc)) {
                    CardinalitySketch sketch = sketch(bucket);
                    for (int i = values.docValueCount(); i > 0; i--) {
                        sketch.add(mix(values.nextValue()));
                    }
                }
            };
        }

        @Override
        InternalAggregation build(long bucket) {
            return bucket < sketches.length && sketches[(int) bucket] != null ? new Result(sketches[(int) bucket])
                    : empty();
        }
    }

    private static final class Result implements InternalAggregation {

        private final CardinalitySketch sketch;

        Result(CardinalitySketch sketch) {
            this.sketch = sketch;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            CardinalitySketch merged = ((Result) partials.getFirst()).sketch.copy();
            for (int i = 1; i < partials.size(); i++) {
                merged.merge(((Result) partials.get(i)).sketch);
            }
            return new Result(merged);
        }

        @Override
        public String type() {
            return TYPE;
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("value", sketch.cardinality());
            return out;
        }

        @Override
        public double sortValue(String metric) {
            return sketch.cardinality();
        }
    }
}
