package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.IpAddresses;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code ip_range}: a bucket per range of addresses, {@code from} inclusive and
 * {@code to} exclusive, compared as the 16-byte encoded addresses an {@code ip} field's doc values
 * hold (IPv4 mapped into IPv6, so IPv4 addresses sort among IPv6 ones as Elasticsearch sorts them).
 * A range is {@code from}/{@code to} addresses or a CIDR {@code mask} ({@code 192.168.0.0/16}: from
 * its first address to the one after its last). Ranges are sorted by {@code from} then {@code to};
 * keys default to {@code "from-to"} with {@code *} for an open end, or to the mask. A document
 * counts once per range.
 */
final class IpRangeAggregation extends RangeBucketsAggregation {

    /** One range: encoded bounds ({@code null}: open), the key given (or {@code null}) and the mask it came from. */
    record Range(String key, BytesRef from, BytesRef to, String mask) {
    }

    private static final Comparator<BytesRef> FROM = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<BytesRef> TO = Comparator.nullsLast(Comparator.naturalOrder());

    private final FieldSource field;
    private final List<Range> ranges;

    /** {@code field} an {@code ip} field, or unmapped (no document has a value). */
    IpRangeAggregation(String name, List<AggregationSpec> subs, FieldSource field, List<Range> ranges, boolean keyed) {
        super(name, subs, keyed);
        this.field = field;
        this.ranges = ranges.stream().sorted(Comparator.comparing(Range::from, FROM)
                .thenComparing(Range::to, TO)).toList();
    }

    @Override
    String type() {
        return "ip_range";
    }

    @Override
    int rangeCount() {
        return ranges.size();
    }

    @Override
    String key(int range) {
        Range r = ranges.get(range);
        if (r.key() != null) {
            return r.key();
        }
        if (r.mask() != null) {
            return r.mask();
        }
        return (r.from() == null ? "*" : IpAddresses.format(r.from())) + "-"
                + (r.to() == null ? "*" : IpAddresses.format(r.to()));
    }

    @Override
    void putBounds(int range, Map<String, Object> bucket) {
        Range r = ranges.get(range);
        if (r.from() != null) {
            bucket.put("from", IpAddresses.format(r.from()));
        }
        if (r.to() != null) {
            bucket.put("to", IpAddresses.format(r.to()));
        }
    }

    @Override
    LeafBucketCollector leaf(LeafReaderContext context, FixedBucketCounts counts, LeafBucketCollector sub)
            throws IOException {
        SortedSetDocValues values = field.unmapped() ? DocValues.emptySortedSet()
                : field.ordinals(context.reader());
        int n = ranges.size();
        boolean[] hit = new boolean[n];
        return (doc, owning) -> {
            if (!values.advanceExact(doc)) {
                return;
            }
            java.util.Arrays.fill(hit, false);
            for (int v = values.docValueCount(); v > 0; v--) {
                BytesRef address = values.lookupOrd(values.nextOrd());
                for (int r = 0; r < n; r++) {
                    Range range = ranges.get(r);
                    if (!hit[r] && (range.from() == null || address.compareTo(range.from()) >= 0)
                            && (range.to() == null || address.compareTo(range.to()) < 0)) {
                        hit[r] = true;
                        sub.collect(doc, counts.increment(owning, r));
                    }
                }
            }
        };
    }
}
