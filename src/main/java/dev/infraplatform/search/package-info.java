/**
 * Search: Elasticsearch-like indexes on Lucene — shards, mappings, documents with versions and
 * sequence numbers, a translog per shard — served in Elasticsearch's REST dialect under
 * {@code /api/v1/search}. Depends on {@code storage} only (translog,
 * metadata snapshots, data directory); it answers errors in Elasticsearch's format, not the platform's problem+json.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search")
package dev.infraplatform.search;
