package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;

import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Elasticsearch's {@code histogram} (numeric keys {@code floor((value − offset) / interval) ×
 * interval + offset}) and {@code date_histogram} (keys rounded by a {@link DateRounding}, shown as
 * epoch millis and {@code key_as_string}). Buckets are numbered through {@link BucketOrds} keyed by
 * (parent bucket, key), so memory follows the number of non-empty buckets. The reduce merges
 * buckets by key and, with {@code min_doc_count} 0 (the default), adds the empty buckets between
 * the first and last key, widened to {@code extended_bounds}; every bucket is counted against
 * {@code search.max_buckets} as it is added, so a too-fine interval fails before it fills memory.
 */
final class HistogramAggregation extends AggregationSpec {

    @Override
    String type() {
        return keysFactory instanceof DateKeys ? "date_histogram" : "histogram";
    }

    /** How keys are computed, ordered and shown; one per collector or reduce (date rounding remembers its last bucket). */
    interface Keys {
        long keyOfRaw(long raw);

        long next(long key);

        int compare(long a, long b);

        void render(long key, Map<String, Object> bucket);

        String keyedName(long key);
    }

    /** Makes a fresh {@link Keys}. */
    interface KeysFactory {
        Keys create();
    }

    private final FieldSource field;
    private final KeysFactory keysFactory;
    private final long minDocCount;
    private final Long extendedMin;
    private final Long extendedMax;
    private final boolean keyed;
    private final BucketOrder order;
    private final Long missingRaw;

    /**
     * @param extendedMin {@code extended_bounds.min} already as a key ({@code null}: none)
     * @param missingRaw  the doc-values long standing for documents without a value ({@code null}: skipped)
     */
    HistogramAggregation(String name, List<AggregationSpec> subs, FieldSource field, KeysFactory keysFactory,
                         long minDocCount, Long extendedMin, Long extendedMax, boolean keyed, BucketOrder order,
                         Long missingRaw) {
        super(name, subs);
        this.field = field;
        this.keysFactory = keysFactory;
        this.minDocCount = minDocCount;
        this.extendedMin = extendedMin;
        this.extendedMax = extendedMax;
        this.keyed = keyed;
        this.order = order;
        this.missingRaw = missingRaw;
    }

    /**
     * Numeric histogram keys, as doubles in their long bits; with a {@code format} (a
     * {@link DecimalFormat} pattern, as Elasticsearch's numeric formats) buckets also show the key
     * formatted as {@code key_as_string}, and keyed buckets are named by it.
     */
    static KeysFactory numeric(FieldSource field, double interval, double offset, String format) {
        return () -> new Keys() {
            @Override
            public long keyOfRaw(long raw) {
                return Double.doubleToLongBits(round(field.toDouble(raw)));
            }

            double round(double value) {
                return Math.floor((value - offset) / interval) * interval + offset;
            }

            @Override
            public long next(long key) {
                double value = Double.longBitsToDouble(key);
                long index = Math.round((value - offset) / interval);
                return Double.doubleToLongBits((index + 1) * interval + offset);
            }

            @Override
            public int compare(long a, long b) {
                return Double.compare(Double.longBitsToDouble(a), Double.longBitsToDouble(b));
            }

            @Override
            public void render(long key, Map<String, Object> bucket) {
                if (format != null) {
                    bucket.put("key_as_string", keyedName(key));
                }
                bucket.put("key", Double.longBitsToDouble(key));
            }

            @Override
            public String keyedName(long key) {
                double value = Double.longBitsToDouble(key);
                return format == null ? Double.toString(value) : decimalFormat(format).format(value);
            }
        };
    }

    /**
     * A number format for a pattern ({@code "##0.0"}, {@code "Value is ##0.0"}), in the root locale.
     *
     * @throws IllegalArgumentException if the pattern is invalid
     */
    static DecimalFormat decimalFormat(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** The keys of a {@code date_histogram} (rather than a numeric {@code histogram}). */
    interface DateKeys extends KeysFactory {
    }

    /** Date histogram keys: epoch millis. */
    static KeysFactory dates(DateRounding rounding, DateRendering rendering) {
        return (DateKeys) () -> {
            DateRounding.Rounder rounder = rounding.prepare();
            return new Keys() {
                @Override
                public long keyOfRaw(long raw) {
                    return rounder.round(raw);
                }

                @Override
                public long next(long key) {
                    return rounder.nextKey(key);
                }

                @Override
                public int compare(long a, long b) {
                    return Long.compare(a, b);
                }

                @Override
                public void render(long key, Map<String, Object> bucket) {
                    bucket.put("key_as_string", rendering.print(key));
                    bucket.put("key", key);
                }

                @Override
                public String keyedName(long key) {
                    return rendering.print(key);
                }
            };
        };
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) throws IOException {
        return new Collector(new SubAggregators(subs, shard));
    }

    @Override
    InternalAggregation empty() {
        return new Result(List.of());
    }

    private record Bucket(long key, long docCount, Map<String, InternalAggregation> subs) {
    }

    private final class Collector extends Aggregator {

        private final SubAggregators subAggregators;
        private final Keys keys = keysFactory.create();
        private final BucketOrds ords = new BucketOrds();
        private long[] counts = new long[16];

        Collector(SubAggregators subAggregators) {
            super(HistogramAggregation.this.name);
            this.subAggregators = subAggregators;
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            SortedNumericDocValues values = field.longs(context.reader());
            LeafBucketCollector sub = subAggregators.leaf(context);
            return (doc, owning) -> {
                if (values.advanceExact(doc)) {
                    long previous = 0;
                    for (int i = 0, n = values.docValueCount(); i < n; i++) {
                        long key = keys.keyOfRaw(values.nextValue());
                        if (i == 0 || key != previous) {
                            collect(doc, ords.add(owning, key), sub);
                        }
                        previous = key;
                    }
                } else if (missingRaw != null) {
                    collect(doc, ords.add(owning, keys.keyOfRaw(missingRaw)), sub);
                }
            };
        }

        private void collect(int doc, long bucketOrd, LeafBucketCollector sub) throws IOException {
            counts = BucketCounts.increment(counts, bucketOrd);
            sub.collect(doc, bucketOrd);
        }

        @Override
        InternalAggregation build(long owning) throws IOException {
            int[] bucketOrds = ords.ordsOf(owning);
            List<Bucket> buckets = new ArrayList<>(bucketOrds.length);
            for (int bucketOrd : bucketOrds) {
                buckets.add(new Bucket(ords.key(bucketOrd), counts[bucketOrd], subAggregators.build(bucketOrd)));
            }
            return new Result(buckets);
        }
    }

    private final class Result implements InternalAggregation {

        private final List<Bucket> buckets;

        Result(List<Bucket> buckets) {
            this.buckets = buckets;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            Keys keys = keysFactory.create();
            Map<Long, List<Bucket>> byKey = new HashMap<>();
            for (InternalAggregation partial : partials) {
                for (Bucket bucket : ((Result) partial).buckets) {
                    byKey.computeIfAbsent(bucket.key(), key -> new ArrayList<>()).add(bucket);
                }
            }
            List<Long> sortedKeys = new ArrayList<>(byKey.keySet());
            sortedKeys.sort(keys::compare);
            List<Bucket> reduced = new ArrayList<>();
            Long previous = null;
            if (minDocCount == 0 && extendedMin != null && (sortedKeys.isEmpty()
                    || keys.compare(extendedMin, sortedKeys.getFirst()) < 0)) {
                previous = addEmptyUntil(keys, null, extendedMin, true, reduced, context);
            }
            for (long key : sortedKeys) {
                if (minDocCount == 0 && previous != null) {
                    addEmptyUntil(keys, previous, key, false, reduced, context);
                }
                List<Bucket> same = byKey.get(key);
                long docCount = same.stream().mapToLong(Bucket::docCount).sum();
                previous = key;
                if (docCount < minDocCount) {
                    continue;
                }
                context.consumeBuckets(1);
                reduced.add(new Bucket(key, docCount,
                        SubAggregators.reduce(same.stream().map(Bucket::subs).toList(), context)));
            }
            if (minDocCount == 0 && extendedMax != null && previous != null && keys.compare(previous, extendedMax) < 0) {
                addEmptyUntil(keys, previous, keys.next(extendedMax), false, reduced, context);
            }
            if (!(order.isKeyOrder() && order.items().getFirst().ascending())) {
                reduced.sort(order.comparator(Bucket::docCount, (a, b) -> keys.compare(a.key(), b.key()),
                        Bucket::subs));
            }
            return new Result(reduced);
        }

        /**
         * Adds empty buckets after {@code from} (or from {@code from == null}'s {@code until} itself when
         * {@code inclusive}) up to, excluding, {@code until}; answers the last key added.
         */
        private Long addEmptyUntil(Keys keys, Long from, long until, boolean inclusive, List<Bucket> out,
                                   ReduceContext context) {
            long key = inclusive ? until : keys.next(from);
            Long last = from;
            if (inclusive) {
                context.consumeBuckets(1);
                out.add(new Bucket(key, 0, SubAggregators.empty(subs)));
                return key;
            }
            while (keys.compare(key, until) < 0) {
                context.consumeBuckets(1);
                out.add(new Bucket(key, 0, SubAggregators.empty(subs)));
                last = key;
                key = keys.next(key);
            }
            return last;
        }

        @Override
        public String type() {
            return HistogramAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Keys keys = keysFactory.create();
            Map<String, Object> keyedBuckets = new LinkedHashMap<>();
            List<Object> list = new ArrayList<>(buckets.size());
            for (Bucket bucket : buckets) {
                Map<String, Object> json = new LinkedHashMap<>();
                keys.render(bucket.key(), json);
                json.put("doc_count", bucket.docCount());
                SubAggregators.render(bucket.subs(), json, typedKeys);
                keyedBuckets.put(keys.keyedName(bucket.key()), json);
                list.add(json);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("buckets", keyed ? keyedBuckets : list);
            return out;
        }
    }
}
