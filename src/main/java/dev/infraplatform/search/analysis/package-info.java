/**
 * Text analysis for the search engine, as Elasticsearch configures it in an index's
 * {@code index.analysis} settings: analyzers, tokenizers, token filters and char filters built from
 * Lucene's own components, {@link dev.infraplatform.search.analysis.IndexAnalyzers} (one per index),
 * and the {@code _analyze} operation. No HTTP types: the REST layer and any other front door call it.
 */
package dev.infraplatform.search.analysis;
