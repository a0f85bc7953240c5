package dev.infraplatform.search.aggregation;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A bucket aggregation's {@code order}: a list of {@code _count}, {@code _key} or a sub-aggregation
 * metric path ({@code "avg_price"}, {@code "price_stats.max"}), each {@code asc} or {@code desc},
 * compared in turn, ties broken by key ascending, as Elasticsearch does.
 *
 * @param items the order's criteria, first one first
 */
record BucketOrder(List<Item> items) {

    /** One criterion: {@code path} is {@code _count}, {@code _key} or a metric path. */
    record Item(String path, boolean ascending) {

        boolean isCount() {
            return path.equals("_count");
        }

        boolean isKey() {
            return path.equals("_key");
        }
    }

    static final BucketOrder COUNT_DESC = new BucketOrder(List.of(new Item("_count", false)));

    boolean isKeyOrder() {
        return items.getFirst().isKey();
    }

    boolean isCountDesc() {
        return items.getFirst().isCount() && !items.getFirst().ascending();
    }

    boolean usesSubAggregations() {
        return items.stream().anyMatch(item -> !item.isCount() && !item.isKey());
    }

    /** The sub-aggregation names the order refers to. */
    List<String> subAggregationNames() {
        return items.stream().filter(item -> !item.isCount() && !item.isKey())
                .map(item -> item.path().split("[.>\\[]")[0]).toList();
    }

    /**
     * A comparator over buckets given how to read their count, key order and sub-aggregations
     * (only called for sub-aggregation paths).
     */
    <B> Comparator<B> comparator(java.util.function.ToLongFunction<B> count, Comparator<B> keys,
                                 java.util.function.Function<B, Map<String, InternalAggregation>> subs) {
        Comparator<B> comparator = null;
        for (Item item : items) {
            Comparator<B> next;
            if (item.isCount()) {
                next = Comparator.comparingLong(count);
            } else if (item.isKey()) {
                next = keys;
            } else {
                next = Comparator.comparingDouble(bucket -> SubAggregators.sortValue(subs.apply(bucket), item.path()));
            }
            if (!item.ascending()) {
                next = next.reversed();
            }
            comparator = comparator == null ? next : comparator.thenComparing(next);
        }
        return items.stream().anyMatch(Item::isKey) ? comparator : comparator.thenComparing(keys);
    }
}
