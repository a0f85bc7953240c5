/**
 * Ingest pipelines, as Elasticsearch runs them before indexing: named pipelines of processors
 * ({@code grok}, {@code date}, {@code convert}, {@code set}, …) that turn a document's source into
 * the source that is indexed, stored durably next to the indexes. No HTTP types: the REST
 * controllers and a future Elasticsearch front door call {@link dev.infraplatform.search.ingest.IngestPipelines}.
 */
package dev.infraplatform.search.ingest;
