package dev.infraplatform.search.config;

import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import dev.infraplatform.search.engine.SearchObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The search engine's meters, exported as {@code infra_search_*}: per index the documents visible
 * to search, the bytes on disk (Lucene files and translogs), the translog operations not yet
 * committed, and latency histograms of document writes and of searches (their counts are the
 * indexing and query rates). A deleted index's meters are removed with it.
 */
@Component
class SearchMetrics implements SearchObserver {

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, IndexMeters> indexes = new ConcurrentHashMap<>();

    SearchMetrics(MeterRegistry registry, SearchEngine engine) {
        this.registry = registry;
        Gauge.builder("infra.search.indices", engine, e -> e.indexes().size()).description("Indexes")
                .register(registry);
        engine.observe(this);
        engine.indexes().forEach(this::indexCreated);
    }

    private record IndexMeters(Timer writes, Timer searches, List<Meter> gauges) {
    }

    @Override
    public void indexCreated(SearchIndex index) {
        indexes.computeIfAbsent(index.name(), name -> {
            Tags tags = Tags.of("index", name);
            Timer writes = Timer.builder("infra.search.write.latency").tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .description("Document index and delete operations, from arrival to durable answer")
                    .register(registry);
            Timer searches = Timer.builder("infra.search.query.latency").tags(tags).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .description("Searches and counts").register(registry);
            List<Meter> gauges = List.of(
                    Gauge.builder("infra.search.documents", index, SearchIndex::visibleDocuments).tags(tags)
                            .description("Documents visible to search (as of the last refresh)").register(registry),
                    Gauge.builder("infra.search.size", index, SearchIndex::sizeBytes).tags(tags).baseUnit("bytes")
                            .description("Bytes of the index's Lucene files and translogs").register(registry),
                    Gauge.builder("infra.search.translog.operations", index, SearchIndex::uncommittedOperations)
                            .tags(tags).description("Translog operations not yet in a Lucene commit").register(registry));
            return new IndexMeters(writes, searches, gauges);
        });
    }

    @Override
    public void indexDeleted(String index) {
        IndexMeters meters = indexes.remove(index);
        if (meters != null) {
            registry.remove(meters.writes());
            registry.remove(meters.searches());
            meters.gauges().forEach(registry::remove);
        }
    }

    @Override
    public void written(String index, long nanos) {
        IndexMeters meters = indexes.get(index);
        if (meters != null) {
            meters.writes().record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void searched(String index, long nanos) {
        IndexMeters meters = indexes.get(index);
        if (meters != null) {
            meters.searches().record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
