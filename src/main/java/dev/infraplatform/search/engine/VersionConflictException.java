package dev.infraplatform.search.engine;

/**
 * A write whose precondition failed (the document exists for a create, or its sequence number or
 * primary term differ from {@code if_seq_no}/{@code if_primary_term}): Elasticsearch's
 * {@code version_conflict_engine_exception} (409).
 */
public final class VersionConflictException extends SearchException {

    public VersionConflictException(String index, String uuid, int shard, String id, String reason) {
        super("[" + id + "]: version conflict, " + reason);
        put("index_uuid", uuid);
        put("shard", Integer.toString(shard));
        put("index", index);
    }

    @Override
    public String type() {
        return "version_conflict_engine_exception";
    }
}
