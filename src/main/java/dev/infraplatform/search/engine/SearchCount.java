package dev.infraplatform.search.engine;

import java.util.List;

/**
 * A {@code _count}: how many documents match, over how many shards, and — with
 * {@code terminate_after} — whether a shard stopped counting at it ({@code null} without);
 * {@code failures}: the indexes whose shards could not count (see {@link SearchHits}).
 */
public record SearchCount(long count, int shards, Boolean terminatedEarly, List<ShardFailure> failures) {

    public SearchCount {
        failures = List.copyOf(failures);
    }

    SearchCount withFailures(List<ShardFailure> value) {
        return new SearchCount(count, shards, terminatedEarly, value);
    }
}
