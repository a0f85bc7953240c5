package dev.infraplatform.search.ingest;

import dev.infraplatform.search.engine.MapperParsingException;
import dev.infraplatform.search.engine.SearchException;
import dev.infraplatform.storage.SnapshotStore;
import dev.infraplatform.storage.SnapshotStores;
import org.opensearch.grok.MatcherWatchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's ingest pipelines: defined, read and deleted by id, stored durably, and run on
 * documents before they are indexed ({@link #process}) or on sample documents ({@link #simulate}).
 *
 * <p>Storage: all pipelines in one JSON document ({@code {"pipelines": {id: definition}}}) written
 * through a storage {@link SnapshotStore} in {@code <data-dir>/search/_ingest/} — atomic replacement,
 * checksummed, read back at start — where Elasticsearch keeps them in its cluster state. Changes are
 * serialized and written before they are published; readers see an immutable map (copy-on-write),
 * so running a pipeline takes no lock. A definition that does not parse is refused before anything
 * is written. Cost: a change rewrites every definition (pipelines are few and small).
 */
public final class IngestPipelines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestPipelines.class);
    private static final String DIRECTORY = "search/_ingest";
    private static final String NAME = "pipelines";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Elasticsearch's {@code ingest.grok.watchdog.interval} and {@code max_execution_time}. */
    private static final long GROK_WATCHDOG_MILLIS = 1000;

    /** A document after its pipeline: where it goes ({@code _index}, {@code _id}, {@code _routing} may have changed) and its new source. */
    public record IngestedDocument(String index, String id, String routing, byte[] source) {
    }

    private final SnapshotStore store;
    private final LongSupplier clock;
    private final ScheduledExecutorService grokTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("search-grok-watchdog").factory());
    private final ProcessorRegistry registry;
    private volatile Map<String, Pipeline> pipelines = Map.of();

    /**
     * @param clock epoch milliseconds, for {@code _ingest.timestamp}
     */
    public IngestPipelines(SnapshotStores snapshotStores, LongSupplier clock) {
        this.store = snapshotStores.open(DIRECTORY, NAME, 2);
        this.clock = clock;
        this.registry = new ProcessorRegistry(MatcherWatchdog.newInstance(GROK_WATCHDOG_MILLIS, GROK_WATCHDOG_MILLIS,
                () -> System.nanoTime() / 1_000_000,
                (delay, command) -> grokTimer.schedule(command, delay, TimeUnit.MILLISECONDS)));
    }

    /** Reads the stored pipelines. A stored definition that no longer parses is skipped with a warning. */
    @SuppressWarnings("unchecked")
    public synchronized void start() {
        Optional<Map<String, Object>> stored = store.readLatest((snapshot, payload) ->
                (Map<String, Object>) JSON.readValue(payload.readAllBytes(), Map.class));
        Map<String, Pipeline> loaded = new TreeMap<>();
        stored.map(document -> (Map<String, Object>) document.getOrDefault("pipelines", Map.of()))
                .orElse(Map.of())
                .forEach((id, definition) -> {
                    try {
                        loaded.put(id, Pipeline.parse(id, (Map<String, Object>) definition, registry));
                    } catch (SearchException | ClassCastException e) {
                        log.warn("Search: stored ingest pipeline [{}] no longer parses ({}); skipped", id, e.getMessage());
                    }
                });
        pipelines = Collections.unmodifiableMap(loaded);
        if (!loaded.isEmpty()) {
            log.info("Search: {} ingest pipeline(s) loaded", loaded.size());
        }
    }

    /**
     * Creates or replaces a pipeline, durably, before answering.
     *
     * @throws IngestConfigurationException if the definition is invalid (nothing is stored)
     */
    public synchronized void put(String id, Map<String, Object> definition) {
        Pipeline pipeline = Pipeline.parse(id, definition, registry);
        Map<String, Pipeline> next = new TreeMap<>(pipelines);
        next.put(id, pipeline);
        persist(next);
        pipelines = Collections.unmodifiableMap(next);
    }

    /**
     * Deletes the pipelines whose id matches ({@code *} wildcards, comma-separated list).
     *
     * @return how many were deleted
     */
    public synchronized int delete(String ids) {
        Map<String, Pipeline> next = new TreeMap<>(pipelines);
        int before = next.size();
        next.keySet().removeIf(id -> matches(ids, id));
        int deleted = before - next.size();
        if (deleted > 0) {
            persist(next);
            pipelines = Collections.unmodifiableMap(next);
        }
        return deleted;
    }

    public Optional<Pipeline> get(String id) {
        return Optional.ofNullable(pipelines.get(id));
    }

    /** The pipelines whose id matches ({@code *} wildcards, comma-separated list; null: all), by id. */
    public Map<String, Pipeline> matching(String ids) {
        Map<String, Pipeline> found = new TreeMap<>();
        pipelines.forEach((id, pipeline) -> {
            if (ids == null || matches(ids, id)) {
                found.put(id, pipeline);
            }
        });
        return found;
    }

    /**
     * Runs a pipeline on a document about to be indexed; without a pipeline ({@code null} or
     * Elasticsearch's {@code _none}) the document is answered as it came.
     *
     * @param id the document id, null if it is to be generated
     * @throws PipelineMissingException if there is no such pipeline
     * @throws IngestProcessorException if a processor fails and no {@code on_failure} handles it
     * @throws MapperParsingException if the source is not a JSON object
     */
    public IngestedDocument process(String pipelineId, String index, String id, String routing, byte[] source) {
        if (pipelineId == null || pipelineId.equals("_none")) {
            return new IngestedDocument(index, id, routing, source);
        }
        Pipeline pipeline = pipelines.get(pipelineId);
        if (pipeline == null) {
            throw PipelineMissingException.onWrite(pipelineId);
        }
        IngestDocument document = new IngestDocument(index, id, routing, null, parseSource(source), timestamp());
        pipeline.execute(document, ProcessorTrace.NONE);
        return new IngestedDocument(document.index(), document.id(), document.routing(),
                JSON.writeValueAsBytes(document.source()));
    }

    /**
     * The stored pipeline for {@code _simulate}.
     *
     * @throws PipelineMissingException if there is none
     */
    public Pipeline pipelineToSimulate(String id) {
        Pipeline pipeline = pipelines.get(id);
        if (pipeline == null) {
            throw PipelineMissingException.onSimulate(id);
        }
        return pipeline;
    }

    /**
     * Parses an inline pipeline definition (for {@code _simulate} without an id).
     *
     * @throws IngestConfigurationException if it is invalid
     */
    public Pipeline parse(String id, Map<String, Object> definition) {
        return Pipeline.parse(id, definition, registry);
    }

    /**
     * Runs a pipeline on sample documents ({@code docs: [{_index, _id, _routing, _source}]}) and
     * answers each one as Elasticsearch's {@code _simulate} does: {@code {"doc": {…}}} or
     * {@code {"error": {…}}}, or with {@code verbose} {@code {"processor_results": [...]}}.
     *
     * @throws IngestConfigurationException if {@code docs} is missing or malformed
     */
    public List<Map<String, Object>> simulate(Pipeline pipeline, Object docs, boolean verbose) {
        if (!(docs instanceof List<?> list)) {
            throw new IngestConfigurationException(null, null, "docs", docs == null ? "required property is missing"
                    : "property isn't a list, but of type [" + docs.getClass().getName() + "]");
        }
        List<IngestDocument> documents = new ArrayList<>(list.size());
        for (Object element : list) {
            documents.add(sampleDocument(element));
        }
        List<Map<String, Object>> results = new ArrayList<>(documents.size());
        for (IngestDocument document : documents) {
            results.add(verbose ? simulateVerbose(pipeline, document) : simulateOne(pipeline, document));
        }
        return results;
    }

    private Map<String, Object> simulateOne(Pipeline pipeline, IngestDocument document) {
        try {
            pipeline.execute(document, ProcessorTrace.NONE);
            return Map.of("doc", render(document));
        } catch (IngestProcessorException e) {
            return Map.of("error", error(e));
        }
    }

    private Map<String, Object> simulateVerbose(Pipeline pipeline, IngestDocument document) {
        List<Map<String, Object>> results = new ArrayList<>();
        ProcessorTrace trace = new ProcessorTrace() {
            @Override
            public void success(ProcessorStep step, IngestDocument current) {
                Map<String, Object> result = describe(step, "success");
                result.put("doc", render(current));
                results.add(result);
            }

            @Override
            public void failure(ProcessorStep step, IngestProcessorException failure, IngestDocument current,
                                boolean ignored) {
                Map<String, Object> result = describe(step, ignored ? "error_ignored" : "error");
                if (ignored) {
                    result.put("ignored_error", Map.of("error", error(failure)));
                    result.put("doc", render(current));
                } else {
                    result.put("error", error(failure));
                }
                results.add(result);
            }
        };
        try {
            pipeline.execute(document, trace);
        } catch (IngestProcessorException e) {
            // the failing processor's result already says so
        }
        return Map.of("processor_results", results);
    }

    private static Map<String, Object> describe(ProcessorStep step, String status) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("processor_type", step.type());
        if (step.tag() != null) {
            result.put("tag", step.tag());
        }
        if (step.description() != null) {
            result.put("description", step.description());
        }
        result.put("status", status);
        return result;
    }

    /** A document as {@code _simulate} shows it: metadata as strings, {@code _source}, {@code _ingest}. */
    private static Map<String, Object> render(IngestDocument document) {
        Map<String, Object> doc = new LinkedHashMap<>();
        document.metadata().forEach((key, value) -> {
            if (value != null) {
                doc.put(key, value.toString());
            }
        });
        doc.putIfAbsent("_version", "-3");
        doc.put("_source", Values.deepCopy(document.source()));
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("timestamp", document.ingestMetadata().get("timestamp"));
        doc.put("_ingest", ingest);
        return doc;
    }

    /** Elasticsearch's error object: {@code root_cause}, {@code type}, {@code reason}. */
    private static Map<String, Object> error(SearchException e) {
        Map<String, Object> cause = new LinkedHashMap<>();
        cause.put("type", e.type());
        cause.put("reason", e.getMessage());
        e.orderedMetadata().forEach(entry -> cause.put(entry.getKey(), entry.getValue()));
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("root_cause", List.of(cause));
        error.putAll(cause);
        return error;
    }

    @SuppressWarnings("unchecked")
    private IngestDocument sampleDocument(Object element) {
        if (!(element instanceof Map<?, ?> raw)) {
            throw new IngestConfigurationException(null, null, "docs", "property isn't a list of objects");
        }
        Map<String, Object> sample = (Map<String, Object>) raw;
        Object source = sample.get("_source");
        if (!(source instanceof Map<?, ?> sourceMap)) {
            throw new IngestConfigurationException(null, null, "_source", source == null ? "required property is missing"
                    : "property isn't a map, but of type [" + source.getClass().getName() + "]");
        }
        Object version = sample.get("_version");
        Long parsedVersion = null;
        if (version != null) {
            try {
                parsedVersion = Long.parseLong(version.toString());
            } catch (NumberFormatException e) {
                throw new IngestConfigurationException(null, null, "_version", "property isn't a number");
            }
        }
        return new IngestDocument(string(sample.get("_index"), "_index"), string(sample.get("_id"), "_id"),
                string(sample.get("_routing"), null), parsedVersion,
                Values.deepCopy((Map<String, Object>) sourceMap), timestamp());
    }

    private static String string(Object value, String defaultValue) {
        return value == null ? defaultValue : value.toString();
    }

    private String timestamp() {
        return TIMESTAMP.format(Instant.ofEpochMilli(clock.getAsLong()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseSource(byte[] source) {
        try {
            Object parsed = JSON.readValue(source, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return (Map<String, Object>) map;
            }
        } catch (JacksonException e) {
            throw new MapperParsingException("failed to parse");
        }
        throw new MapperParsingException("failed to parse, document is empty or not a JSON object");
    }

    private void persist(Map<String, Pipeline> next) {
        Map<String, Object> definitions = new LinkedHashMap<>();
        next.forEach((id, pipeline) -> definitions.put(id, pipeline.definition()));
        byte[] json = JSON.writeValueAsBytes(Map.of("pipelines", definitions));
        store.write(out -> out.write(json));
    }

    /** Whether an id matches a comma-separated list of ids with {@code *} wildcards. */
    static boolean matches(String patterns, String id) {
        for (String pattern : patterns.split(",")) {
            if (simpleMatch(pattern.trim(), id)) {
                return true;
            }
        }
        return false;
    }

    private static boolean simpleMatch(String pattern, String value) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(value);
        }
        if (!value.startsWith(pattern.substring(0, star))) {
            return false;
        }
        String rest = pattern.substring(star + 1);
        for (int from = star; from <= value.length(); from++) {
            if (simpleMatch(rest, value.substring(from))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        grokTimer.shutdownNow();
    }
}
