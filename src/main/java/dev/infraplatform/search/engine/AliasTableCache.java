package dev.infraplatform.search.engine;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The alias table ({@link Aliases#table}) kept between calls: a write through an alias name looks
 * its write index up on every document, and the table only changes when an index comes or goes or
 * its aliases change. A table is reused while the indexes are the same objects with equal alias
 * maps (an index's metadata is replaced, never changed, on every update), so nothing has to
 * remember to invalidate it; checking costs one pass over the indexes, without allocating.
 */
final class AliasTableCache {

    /** The table, read-only, and the indexes and alias maps it was built from, in the same order. */
    private record Snapshot(List<SearchIndex> indexes, List<Map<String, AliasMetadata>> aliases,
                            Map<String, Map<String, AliasMetadata>> table) {

        boolean isOf(Collection<SearchIndex> current) {
            int i = 0;
            for (SearchIndex index : current) {
                if (i == indexes.size() || indexes.get(i) != index) {
                    return false;
                }
                Map<String, AliasMetadata> now = index.metadata().aliases();
                if (aliases.get(i) != now && !aliases.get(i).equals(now)) {
                    return false;
                }
                i++;
            }
            return i == indexes.size();
        }
    }

    private volatile Snapshot snapshot;

    /** The alias table of these indexes, read-only (alias names and their indexes in name order). */
    Map<String, Map<String, AliasMetadata>> table(Collection<SearchIndex> current) {
        Snapshot cached = snapshot;
        if (cached != null && cached.isOf(current)) {
            return cached.table();
        }
        List<SearchIndex> indexes = List.copyOf(current);
        // the alias maps are read before the table is built: a change in between makes the next call rebuild
        List<Map<String, AliasMetadata>> aliases = indexes.stream().map(index -> index.metadata().aliases()).toList();
        Map<String, Map<String, AliasMetadata>> table = Aliases.table(indexes);
        table.replaceAll((alias, members) -> Collections.unmodifiableMap(members));
        Snapshot built = new Snapshot(indexes, aliases, Collections.unmodifiableMap(table));
        snapshot = built;
        return built.table();
    }
}
