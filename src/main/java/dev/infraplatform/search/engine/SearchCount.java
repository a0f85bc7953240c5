package dev.infraplatform.search.engine;

/**
 * A {@code _count}: how many documents match, over how many shards, and — with
 * {@code terminate_after} — whether a shard stopped counting at it ({@code null} without).
 */
public record SearchCount(long count, int shards, Boolean terminatedEarly) {
}
