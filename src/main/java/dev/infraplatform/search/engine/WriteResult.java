package dev.infraplatform.search.engine;

/**
 * The outcome of an index or delete: Elasticsearch's {@code result} ({@code created}, {@code updated},
 * {@code deleted}, {@code not_found}, {@code noop} for an update that changes nothing), the document's new {@code _version}, the operation's
 * {@code _seq_no} and {@code _primary_term}, and whether the request forced a refresh.
 */
public record WriteResult(String index, String id, int shard, String routing, long version, long seqNo,
                          long primaryTerm, Result result, boolean forcedRefresh) {

    public enum Result {
        CREATED, UPDATED, DELETED, NOT_FOUND, NOOP;

        private final String esName = name().toLowerCase(java.util.Locale.ROOT);

        public String esName() {
            return esName;
        }
    }

    WriteResult withForcedRefresh() {
        return new WriteResult(index, id, shard, routing, version, seqNo, primaryTerm, result, true);
    }
}
