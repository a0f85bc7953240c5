package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import dev.infraplatform.search.engine.FieldType;
import dev.infraplatform.search.engine.UnsignedLongs;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.LongValues;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Elasticsearch's {@code terms} aggregation: a bucket per distinct value of a field.
 *
 * <p>Per shard, keyword values are counted by ordinal: at the top level in one array indexed by
 * global ordinal (per segment into an array of segment ordinals, mapped to global ordinals once at
 * the end of the segment when there is no sub-aggregation), below another bucket aggregation
 * through {@link BucketOrds} keyed by (parent bucket, global ordinal); numbers through
 * {@link BucketOrds} keyed by their raw doc value. Terms are looked up only for the
 * {@code shard_size} buckets a shard returns (default {@code size × 1.5 + 10}).
 *
 * <p>The reduce is Elasticsearch's: buckets merge by key, the top {@code size} by {@code order} with
 * at least {@code min_doc_count} documents are kept, {@code sum_other_doc_count} counts the
 * documents of every bucket left out (on the shards or in the reduce), and
 * {@code doc_count_error_upper_bound} sums, over the shards that returned a full page, the count
 * of their last bucket (0 when ordered by key, -1 when ordered otherwise than by count descending).
 */
final class TermsAggregation extends AggregationSpec {

    /** Elasticsearch's {@code sterms} (keywords, unmapped fields), {@code dterms} (floating point), else {@code lterms}. */
    @Override
    String type() {
        if (field.unmapped() || field.ordinals()) {
            return "sterms";
        }
        return field.floatingPoint() ? "dterms" : "lterms";
    }

    private final FieldSource field;
    private final int size;
    private final int shardSize;
    private final long minDocCount;
    private final BucketOrder order;
    private final Object missing;
    private final IncludeExclude includeExclude;
    private final DateRendering dates;
    private final boolean showDocCountError;

    TermsAggregation(String name, List<AggregationSpec> subs, FieldSource field, int size, int shardSize,
                     long minDocCount, BucketOrder order, Object missing, IncludeExclude includeExclude,
                     String format, boolean showDocCountError) {
        super(name, subs);
        this.showDocCountError = showDocCountError;
        this.field = field;
        this.size = size;
        this.shardSize = shardSize;
        this.minDocCount = minDocCount;
        this.order = order;
        this.missing = missing;
        this.includeExclude = includeExclude;
        this.dates = field.date() ? (format == null ? DateRendering.of(field.format())
                : DateRendering.of(format, java.time.ZoneOffset.UTC)) : null;
    }

    @Override
    Aggregator create(ShardContext shard, boolean topLevel) throws IOException {
        if (field.unmapped()) {
            return new Aggregator(name) {
                @Override
                LeafBucketCollector leaf(LeafReaderContext context) {
                    return LeafBucketCollector.NO_OP;
                }

                @Override
                InternalAggregation build(long bucket) {
                    return empty();
                }
            };
        }
        SubAggregators subAggregators = new SubAggregators(subs, shard);
        return field.ordinals() ? new OrdinalsCollector(shard, topLevel, subAggregators)
                : new NumericCollector(subAggregators);
    }

    @Override
    InternalAggregation empty() {
        return new Result(List.of(), 0, 0);
    }

    /**
     * A bucket before its key is looked up: its ordinal for sub-aggregations, a key that sorts as
     * the value, its count, and its sub-aggregations once built (when the order needs them).
     */
    private record Candidate(long bucketOrd, long sortKey, long docCount, Map<String, InternalAggregation>[] subs) {
    }

    /** Shared end of both collectors: pick the shard's top {@code shard_size} buckets and build them. */
    private abstract class TermsCollector extends Aggregator {

        final SubAggregators subAggregators;

        TermsCollector(SubAggregators subAggregators) {
            super(TermsAggregation.this.name);
            this.subAggregators = subAggregators;
        }

        /** The key of a candidate as the response shows it (BytesRef, Long or Double). */
        abstract Object key(long sortKey) throws IOException;

        InternalAggregation buildShard(List<Candidate> candidates) throws IOException {
            if (includeExclude != null) {
                List<Candidate> kept = new ArrayList<>(candidates.size());
                for (Candidate candidate : candidates) {
                    Object key = key(candidate.sortKey());
                    if (includeExclude.accepts(key, keyText(key), !field.ordinals()
                            && field.type() != FieldType.BOOLEAN)) {
                        kept.add(candidate);
                    }
                }
                candidates = kept;
            }
            if (order.usesSubAggregations()) {
                for (Candidate candidate : candidates) {
                    candidate.subs()[0] = subs(candidate.bucketOrd());
                }
            }
            Comparator<Candidate> comparator = order.comparator(Candidate::docCount,
                    Comparator.comparingLong(Candidate::sortKey), candidate -> candidate.subs()[0]);
            PriorityQueue<Candidate> top = new PriorityQueue<>(Math.min(candidates.size(), shardSize) + 1,
                    comparator.reversed());
            long otherDocCount = 0;
            for (Candidate candidate : candidates) {
                top.add(candidate);
                if (top.size() > shardSize) {
                    otherDocCount += top.poll().docCount();
                }
            }
            List<Candidate> selected = new ArrayList<>(top);
            selected.sort(comparator);
            List<Bucket> buckets = new ArrayList<>(selected.size());
            for (Candidate candidate : selected) {
                Map<String, InternalAggregation> subs = candidate.subs()[0] != null ? candidate.subs()[0]
                        : subs(candidate.bucketOrd());
                buckets.add(new Bucket(key(candidate.sortKey()), candidate.docCount(), 0, subs));
            }
            return new Result(buckets, otherDocCount, 0);
        }

        private Map<String, InternalAggregation> subs(long bucketOrd) throws IOException {
            return bucketOrd < 0 ? SubAggregators.empty(subs) : subAggregators.build(bucketOrd);
        }
    }

    @SuppressWarnings("unchecked")
    private static Candidate candidate(long bucketOrd, long sortKey, long docCount) {
        return new Candidate(bucketOrd, sortKey, docCount, new Map[1]);
    }

    private final class OrdinalsCollector extends TermsCollector {

        private final GlobalOrdinals globals;
        private final boolean dense;
        private final long missingOrd;
        private final BytesRef missingTerm;
        /** Dense: doc count by global ordinal; else by bucket ordinal. */
        private long[] counts;
        private final BucketOrds ords;
        private int[] segmentCounts;
        private LongValues segmentToGlobal;

        OrdinalsCollector(ShardContext shard, boolean topLevel, SubAggregators subAggregators) throws IOException {
            super(subAggregators);
            this.globals = shard.globalOrdinals(field);
            this.dense = topLevel;
            this.missingTerm = missing == null ? null : new BytesRef(missing.toString());
            long found = missingTerm == null ? -1 : globals.find(missingTerm);
            this.missingOrd = missingTerm == null ? -1 : found >= 0 ? found : globals.valueCount();
            this.counts = new long[dense ? Math.toIntExact(globals.valueCount() + 1) : 16];
            this.ords = dense ? null : new BucketOrds();
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            flushSegment();
            SortedSetDocValues values = field.ordinals(context.reader());
            LongValues toGlobal = globals.segmentToGlobal(context.ord);
            SortedDocValues single = DocValues.unwrapSingleton(values);
            if (dense && subAggregators.isEmpty() && missingOrd < 0) {
                long[] globalCounts = counts;
                if (globals.identity()) {
                    if (single != null) {
                        return (doc, bucket) -> {
                            if (single.advanceExact(doc)) {
                                globalCounts[single.ordValue()]++;
                            }
                        };
                    }
                    return (doc, bucket) -> {
                        if (values.advanceExact(doc)) {
                            for (int i = values.docValueCount(); i > 0; i--) {
                                globalCounts[(int) values.nextOrd()]++;
                            }
                        }
                    };
                }
                int[] local = new int[Math.toIntExact(values.getValueCount())];
                segmentCounts = local;
                segmentToGlobal = toGlobal;
                if (single != null) {
                    return (doc, bucket) -> {
                        if (single.advanceExact(doc)) {
                            local[single.ordValue()]++;
                        }
                    };
                }
                return (doc, bucket) -> {
                    if (values.advanceExact(doc)) {
                        for (int i = values.docValueCount(); i > 0; i--) {
                            local[(int) values.nextOrd()]++;
                        }
                    }
                };
            }
            LeafBucketCollector sub = subAggregators.leaf(context);
            return (doc, owning) -> {
                if (values.advanceExact(doc)) {
                    for (int i = values.docValueCount(); i > 0; i--) {
                        collect(doc, owning, toGlobal.get(values.nextOrd()), sub);
                    }
                } else if (missingOrd >= 0) {
                    collect(doc, owning, missingOrd, sub);
                }
            };
        }

        private void collect(int doc, long owning, long globalOrd, LeafBucketCollector sub) throws IOException {
            long bucketOrd = dense ? globalOrd : ords.add(owning, globalOrd);
            counts = BucketCounts.increment(counts, bucketOrd);
            sub.collect(doc, bucketOrd);
        }

        private void flushSegment() {
            if (segmentCounts == null) {
                return;
            }
            for (int ord = 0; ord < segmentCounts.length; ord++) {
                if (segmentCounts[ord] != 0) {
                    counts[(int) segmentToGlobal.get(ord)] += segmentCounts[ord];
                }
            }
            segmentCounts = null;
        }

        @Override
        Object key(long globalOrd) throws IOException {
            return globalOrd == globals.valueCount() ? missingTerm : globals.lookup(globalOrd);
        }

        @Override
        InternalAggregation build(long owning) throws IOException {
            flushSegment();
            List<Candidate> candidates = new ArrayList<>();
            if (dense) {
                long valueCount = globals.valueCount();
                for (int ord = 0; ord <= valueCount; ord++) {
                    if (counts[ord] > 0 || (minDocCount == 0 && ord < valueCount)) {
                        candidates.add(candidate(ord, ord, counts[ord]));
                    }
                }
            } else {
                FixedBitSet seen = minDocCount == 0 ? new FixedBitSet(Math.toIntExact(globals.valueCount() + 1)) : null;
                for (int bucketOrd : ords.ordsOf(owning)) {
                    long globalOrd = ords.key(bucketOrd);
                    candidates.add(candidate(bucketOrd, globalOrd, counts[bucketOrd]));
                    if (seen != null) {
                        seen.set((int) globalOrd);
                    }
                }
                if (seen != null) {
                    for (int ord = 0; ord < globals.valueCount(); ord++) {
                        if (!seen.get(ord)) {
                            candidates.add(candidate(-1, ord, 0));
                        }
                    }
                }
            }
            return buildShard(candidates);
        }
    }

    private final class NumericCollector extends TermsCollector {

        private final BucketOrds ords = new BucketOrds();
        private final Long missingRaw;
        private long[] counts = new long[16];

        NumericCollector(SubAggregators subAggregators) {
            super(subAggregators);
            this.missingRaw = missing == null ? null : field.rawOf(missing);
        }

        @Override
        LeafBucketCollector leaf(LeafReaderContext context) throws IOException {
            SortedNumericDocValues values = field.longs(context.reader());
            LeafBucketCollector sub = subAggregators.leaf(context);
            return (doc, owning) -> {
                if (values.advanceExact(doc)) {
                    long previous = 0;
                    for (int i = 0, n = values.docValueCount(); i < n; i++) {
                        long value = values.nextValue();
                        if (i == 0 || value != previous) {
                            collect(doc, ords.add(owning, value), sub);
                        }
                        previous = value;
                    }
                } else if (missingRaw != null) {
                    collect(doc, ords.add(owning, missingRaw), sub);
                }
            };
        }

        private void collect(int doc, long bucketOrd, LeafBucketCollector sub) throws IOException {
            counts = BucketCounts.increment(counts, bucketOrd);
            sub.collect(doc, bucketOrd);
        }

        @Override
        Object key(long raw) {
            if (field.type() == FieldType.UNSIGNED_LONG) {
                return UnsignedLongs.decode(raw);
            }
            return field.floatingPoint() ? (Object) field.toDouble(raw) : (Object) raw;
        }

        @Override
        InternalAggregation build(long owning) throws IOException {
            int[] bucketOrds = ords.ordsOf(owning);
            List<Candidate> candidates = new ArrayList<>(bucketOrds.length);
            for (int bucketOrd : bucketOrds) {
                candidates.add(candidate(bucketOrd, ords.key(bucketOrd), counts[bucketOrd]));
            }
            return buildShard(candidates);
        }
    }

    private String keyText(Object key) {
        if (key instanceof BytesRef bytes) {
            return field.keyString(bytes);
        }
        if (field.type() == FieldType.BOOLEAN) {
            return ((Long) key) == 1 ? "true" : "false";
        }
        return key.toString();
    }

    /** One bucket of a partial or final result. */
    /** {@code docCountError}: how many documents the count may miss (shards that did not return the term). */
    private record Bucket(Object key, long docCount, long docCountError, Map<String, InternalAggregation> subs) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && a.getClass() != b.getClass()) {
            // a field that is long in one index and double in another: compare by value
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return ((Comparable) a).compareTo(b);
    }

    private final class Result implements InternalAggregation {

        private final List<Bucket> buckets;
        private final long otherDocCount;
        private final long docCountError;

        Result(List<Bucket> buckets, long otherDocCount, long docCountError) {
            this.buckets = buckets;
            this.otherDocCount = otherDocCount;
            this.docCountError = docCountError;
        }

        /** Elasticsearch's per-shard error bound: the last count of a shard that filled its page. */
        private long shardError() {
            if (buckets.isEmpty() || buckets.size() < shardSize || order.isKeyOrder()) {
                return 0;
            }
            if (order.isCountDesc()) {
                return buckets.stream().mapToLong(Bucket::docCount).min().orElse(0);
            }
            return -1;
        }

        @Override
        public InternalAggregation reduce(List<InternalAggregation> partials, ReduceContext context) {
            long errorSum = 0;
            long other = 0;
            Map<Object, List<Bucket>> byKey = new LinkedHashMap<>();
            Map<Object, Long> errorOfShardsWithKey = new HashMap<>();
            // a field that is long in one index and double in another: reduced as doubles, as in Elasticsearch
            boolean doubles = partials.stream().anyMatch(partial -> ((Result) partial).buckets.stream()
                    .anyMatch(bucket -> bucket.key() instanceof Double));
            for (InternalAggregation partial : partials) {
                Result shard = (Result) partial;
                other += shard.otherDocCount;
                long error = shard.shardError();
                if (errorSum != -1) {
                    errorSum = error == -1 ? -1 : errorSum + error;
                }
                for (Bucket bucket : shard.buckets) {
                    Object key = doubles && bucket.key() instanceof Long whole ? (Object) whole.doubleValue() : bucket.key();
                    byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(bucket);
                    errorOfShardsWithKey.merge(key, Math.max(error, 0), Long::sum);
                }
            }
            boolean subsFirst = order.usesSubAggregations();
            List<Bucket> merged = new ArrayList<>(byKey.size());
            for (Map.Entry<Object, List<Bucket>> entry : byKey.entrySet()) {
                List<Bucket> same = entry.getValue();
                long docCount = 0;
                List<Map<String, InternalAggregation>> subs = new ArrayList<>(same.size());
                for (Bucket bucket : same) {
                    docCount += bucket.docCount();
                    subs.add(bucket.subs());
                }
                // as in Elasticsearch, a term under min_doc_count is dropped without counting as "other"
                if (docCount >= minDocCount) {
                    Object key = entry.getKey();
                    long error = errorSum == -1 ? -1 : errorSum - errorOfShardsWithKey.get(key);
                    merged.add(new Bucket(key, docCount, error, subsFirst ? SubAggregators.reduce(subs, context) : null));
                }
            }
            Comparator<Bucket> comparator = order.comparator(Bucket::docCount,
                    (a, b) -> compareKeys(a.key(), b.key()), Bucket::subs);
            merged.sort(comparator);
            List<Bucket> kept = new ArrayList<>(Math.min(size, merged.size()));
            for (int i = 0; i < merged.size(); i++) {
                Bucket bucket = merged.get(i);
                if (i < size) {
                    kept.add(bucket);
                } else {
                    other += bucket.docCount();
                }
            }
            context.consumeBuckets(kept.size());
            List<Bucket> reduced = new ArrayList<>(kept.size());
            for (Bucket bucket : kept) {
                if (subsFirst) {
                    reduced.add(bucket);
                } else {
                    List<Map<String, InternalAggregation>> subs = new ArrayList<>();
                    for (Bucket part : byKey.get(bucket.key())) {
                        subs.add(part.subs());
                    }
                    reduced.add(new Bucket(bucket.key(), bucket.docCount(), bucket.docCountError(),
                            SubAggregators.reduce(subs, context)));
                }
            }
            return new Result(reduced, other, errorSum);
        }

        @Override
        public String type() {
            return TermsAggregation.this.type();
        }

        @Override
        public Object render(boolean typedKeys) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("doc_count_error_upper_bound", docCountError);
            out.put("sum_other_doc_count", otherDocCount);
            List<Map<String, Object>> rendered = new ArrayList<>(buckets.size());
            for (Bucket bucket : buckets) {
                Map<String, Object> json = new LinkedHashMap<>();
                Object key = bucket.key();
                if (key instanceof BytesRef bytes) {
                    json.put("key", field.keyString(bytes));
                } else {
                    json.put("key", key);
                    if (field.type() == FieldType.BOOLEAN) {
                        json.put("key_as_string", keyText(key));
                    } else if (dates != null) {
                        json.put("key_as_string", dates.print((Long) key));
                    }
                }
                json.put("doc_count", bucket.docCount());
                if (showDocCountError) {
                    json.put("doc_count_error_upper_bound", bucket.docCountError());
                }
                SubAggregators.render(bucket.subs(), json, typedKeys);
                rendered.add(json);
            }
            out.put("buckets", rendered);
            return out;
        }
    }
}
