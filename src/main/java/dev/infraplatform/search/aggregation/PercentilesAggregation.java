package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import com.tdunning.math.stats.TDigest;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.util.ArrayUtil;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code percentiles}: a TDigest per bucket (compression 100, Elasticsearch's
 * default; memory bounded by the compression, not the number of values), merged across shards.
 * Default percents 1, 5, 25, 50, 75, 95, 99; {@code keyed} (default true) renders
 * {@code {"values": {"50.0": x}}}, otherwise a list of {@code {key, value}}. Dates add
 * {@code "50.0_as_string"}.
 */
final class PercentilesAggregation extends AggregationSpec {

    @Override
    String type() {
        return "tdigest_percentiles";
    }

    static final double[] DEFAULT_PERCENTS = {1, 5, 25, 50, 75, 95, 99};

    private final FieldSource field;
    private final double[] percents;
    private final boolean keyed;
    private final double compression;
    private final DateRendering dates;

    PercentilesAggregation(String name, FieldSource field, double[] percents, boolean keyed, double compression,
                           String format) {
        super(name, List.of());
        this.field = field.requireNumeric("percentiles");
        this.percents = percents;
        this.keyed = keyed;
        this.compression = compression;
        this.dates = field.date() ? (format == null ? DateRendering.of(field.format())
                : DateRendering.of(format, java.time.ZoneOffset.UTC)) : null;
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) {
        return new Collector();
    }

    @Override
    InternalAggregation empty() {
        return new Result(null);
    }

    private final class Collector extends Aggregator {

        private TDigest[] digests = new TDigest[1];

        Collector() {
            super(PercentilesAggregation.this.name);
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            if (field.unmapped()) {
                return LeafBucketCollector.NO_OP;
            }
            SortedNumericDocValues values = field.longs(context.reader());
            return (doc, bucket) -> {
                if (values.advanceExact(doc)) {
                    if (bucket >= digests.length) {
                        digests = ArrayUtil.grow(digests, (int) bucket + 1);
                    }
                    TDigest digest = digests[(int) bucket];
                    if (digest == null) {
                        digest = TDigest.createMergingDigest(compression);
                        digests[(int) bucket] = digest;
                    }
                    for (int i = values.docValueCount(); i > 0; i--) {
                        digest.add(field.toDouble(values.nextValue()));
                    }
                }
            };
        }

        @Override
        InternalAggregation build(long bucket) {
            return new Result(bucket < digests.length ? digests[(int) bucket] : null);
        }
    }

    private final class Result implements InternalAggregation {

        /** {@code null}: no values. */
        private final TDigest digest;

        Result(TDigest digest) {
            this.digest = digest;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            List<TDigest> digests = new ArrayList<>();
            for (InternalAggregation partial : partials) {
                TDigest d = ((Result) partial).digest;
                if (d != null && d.size() > 0) {
                    digests.add(d);
                }
            }
            if (digests.isEmpty()) {
                return new Result(null);
            }
            TDigest merged = TDigest.createMergingDigest(compression);
            merged.add(digests);
            return new Result(merged);
        }

        private Double percentile(double percent) {
            if (digest == null || digest.size() == 0) {
                return null;
            }
            return digest.quantile(percent / 100);
        }

        @Override
        public String type() {
            return PercentilesAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (keyed) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (double percent : percents) {
                    Double value = percentile(percent);
                    values.put(Double.toString(percent), value);
                    if (dates != null && value != null) {
                        values.put(percent + "_as_string", dates.print(value));
                    }
                }
                out.put("values", values);
            } else {
                List<Map<String, Object>> values = new ArrayList<>();
                for (double percent : percents) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    Double value = percentile(percent);
                    entry.put("key", percent);
                    entry.put("value", value);
                    if (dates != null && value != null) {
                        entry.put("value_as_string", dates.print(value));
                    }
                    values.add(entry);
                }
                out.put("values", values);
            }
            return out;
        }

        @Override
        public double sortValue(String metric) {
            if (metric == null) {
                throw new dev.infraplatform.search.engine.IllegalSearchArgumentException("Missing value key in ["
                        + name + "] which refers to a multi-value metric aggregation");
            }
            Double value = percentile(Double.parseDouble(metric));
            return value == null ? Double.NaN : value;
        }
    }
}
