package dev.infraplatform.search.engine;

/**
 * The shards of one index a search over several could not search, and why (a query its mapping
 * cannot build, a limit it sets): Elasticsearch reports them under {@code _shards.failures} and
 * answers the other indexes' hits.
 *
 * @param shards how many shards failed (those the search would have searched)
 */
public record ShardFailure(String index, int shards, SearchException cause) {
}
