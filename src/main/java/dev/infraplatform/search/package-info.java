/**
 * Search: Elasticsearch-like indexes on Lucene — shards, mappings, documents with versions and
 * sequence numbers, a translog per shard — served in Elasticsearch's REST dialect under
 * {@code /api/v1/search}. Depends on {@code storage} (translog, metadata snapshots, data directory) and {@code web}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search")
package dev.infraplatform.search;
