package dev.infraplatform.search.engine;

/** An update of a document that does not exist, without an upsert: Elasticsearch's {@code document_missing_exception} (404). */
public final class DocumentMissingException extends SearchException {

    public DocumentMissingException(String index, String uuid, int shard, String id) {
        super("[" + id + "]: document missing");
        put("index_uuid", uuid);
        put("shard", Integer.toString(shard));
        put("index", index);
    }

    @Override
    public String type() {
        return "document_missing_exception";
    }
}
