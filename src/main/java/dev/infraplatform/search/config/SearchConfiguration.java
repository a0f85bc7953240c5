package dev.infraplatform.search.config;

import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.ingest.IngestPipelines;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.SnapshotStores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The search engine, with its indexes opened (and their translogs replayed) before anything is served. */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    /** On shutdown every shard is committed and closed, before the storage closes the logs. */
    @Bean(destroyMethod = "close")
    SearchEngine searchEngine(DataDirectory dataDirectory, AppendLogs appendLogs, SnapshotStores snapshotStores,
                              SearchProperties properties) {
        SearchEngine engine = new SearchEngine(dataDirectory, appendLogs, snapshotStores, new SearchEngine.Settings(
                properties.translogDurability(), (int) Math.min(Integer.MAX_VALUE,
                properties.translogSegmentSize().toBytes()), properties.indexBufferBytes(),
                SearchEngine.Settings.DEFAULT_INDEX_BUFFER_INTERVAL), System::currentTimeMillis);
        engine.start();
        return engine;
    }

    /** The ingest pipelines, read from {@code <data-dir>/search/_ingest/} before anything is served. */
    @Bean(destroyMethod = "close")
    IngestPipelines ingestPipelines(SnapshotStores snapshotStores) {
        IngestPipelines pipelines = new IngestPipelines(snapshotStores, System::currentTimeMillis);
        pipelines.start();
        return pipelines;
    }
}
