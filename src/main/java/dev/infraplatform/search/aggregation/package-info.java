/**
 * Elasticsearch's aggregations over a search's matching documents: the {@code aggs} object parsed
 * under an index's mapping, collected per shard from doc values in the same pass as the hits, then
 * reduced across shards into Elasticsearch's response shape. No HTTP types.
 */
package dev.infraplatform.search.aggregation;
