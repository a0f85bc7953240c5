package dev.infraplatform.search.engine;

/**
 * An update of a document whose index keeps no {@code _source} ({@code _source.enabled: false}):
 * there is nothing to merge the partial document into. Elasticsearch's
 * {@code document_source_missing_exception} (400).
 */
public final class DocumentSourceMissingException extends SearchException {

    public DocumentSourceMissingException(String index, String uuid, int shard, String id) {
        super("[" + id + "]: document source missing");
        put("index_uuid", uuid);
        put("shard", Integer.toString(shard));
        put("index", index);
    }

    @Override
    public String type() {
        return "document_source_missing_exception";
    }
}
