package dev.infraplatform.search.aggregation;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.PackedInts;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A keyword field's terms numbered over a whole shard reader (global ordinals, in term order), so
 * that per-segment ordinals can be counted in one array and mapped to terms only for the buckets
 * returned. A reader with one segment needs no mapping; otherwise a Lucene {@link OrdinalMap} is
 * built (O(unique terms)) and kept until the reader closes, as Elasticsearch caches global
 * ordinals per reader. Not thread-safe (one per shard collector).
 */
final class GlobalOrdinals {

    /** Ordinal maps of open readers, dropped when the reader closes. */
    private static final Map<IndexReader.CacheKey, Map<String, OrdinalMap>> CACHE = new ConcurrentHashMap<>();

    private final List<LeafReaderContext> leaves;
    private final FieldSource field;
    private final OrdinalMap map;
    private final long valueCount;
    /** Per segment, doc values kept for term lookups (created on first use). */
    private final SortedSetDocValues[] lookups;

    private GlobalOrdinals(List<LeafReaderContext> leaves, FieldSource field, OrdinalMap map, long valueCount) {
        this.leaves = leaves;
        this.lookups = new SortedSetDocValues[leaves.size()];
        this.field = field;
        this.map = map;
        this.valueCount = valueCount;
    }

    static GlobalOrdinals of(IndexReader reader, FieldSource field) throws IOException {
        List<LeafReaderContext> leaves = reader.leaves();
        if (leaves.isEmpty()) {
            return new GlobalOrdinals(leaves, field, null, 0);
        }
        if (leaves.size() == 1) {
            return new GlobalOrdinals(leaves, field, null, field.ordinals(leaves.getFirst().reader()).getValueCount());
        }
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        OrdinalMap map;
        if (helper == null) {
            map = build(leaves, field, null);
        } else {
            Map<String, OrdinalMap> byField = CACHE.computeIfAbsent(helper.getKey(), key -> {
                helper.addClosedListener(CACHE::remove);
                return new ConcurrentHashMap<>();
            });
            map = byField.get(field.name());
            if (map == null) {
                map = build(leaves, field, helper.getKey());
                byField.put(field.name(), map);
            }
        }
        return new GlobalOrdinals(leaves, field, map, map.getValueCount());
    }

    private static OrdinalMap build(List<LeafReaderContext> leaves, FieldSource field, IndexReader.CacheKey owner)
            throws IOException {
        SortedSetDocValues[] values = new SortedSetDocValues[leaves.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = field.ordinals(leaves.get(i).reader());
        }
        return OrdinalMap.build(owner, values, PackedInts.DEFAULT);
    }

    long valueCount() {
        return valueCount;
    }

    /** Segment ordinal → global ordinal for segment {@code leafOrd} ({@link LongValues#IDENTITY} if one segment). */
    LongValues segmentToGlobal(int leafOrd) {
        return map == null ? LongValues.IDENTITY : map.getGlobalOrds(leafOrd);
    }

    /** Whether segment ordinals are global ordinals already. */
    boolean identity() {
        return map == null;
    }

    /** The term of a global ordinal (a deep copy). */
    BytesRef lookup(long globalOrd) throws IOException {
        int segment = map == null ? 0 : map.getFirstSegmentNumber(globalOrd);
        long segmentOrd = map == null ? globalOrd : map.getFirstSegmentOrd(globalOrd);
        return BytesRef.deepCopyOf(values(segment).lookupOrd(segmentOrd));
    }

    private SortedSetDocValues values(int segment) throws IOException {
        if (lookups[segment] == null) {
            lookups[segment] = field.ordinals(leaves.get(segment).reader());
        }
        return lookups[segment];
    }

    /** The global ordinal of a term, or -1 if no segment has it. */
    long find(BytesRef term) throws IOException {
        for (int i = 0; i < leaves.size(); i++) {
            long ord = values(i).lookupTerm(term);
            if (ord >= 0) {
                return segmentToGlobal(i).get(ord);
            }
        }
        return -1;
    }
}
