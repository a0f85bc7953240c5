package dev.infraplatform.search.engine;

/**
 * A query that parsed as JSON but cannot be built, such as a {@code query_string} whose syntax is
 * wrong: Elasticsearch's {@code query_shard_exception} (400).
 */
public final class QueryShardException extends SearchException {

    public QueryShardException(String reason, String cause) {
        super(reason + (cause == null ? "" : ": " + cause.lines().findFirst().orElse("")));
    }

    @Override
    public String type() {
        return "query_shard_exception";
    }
}
