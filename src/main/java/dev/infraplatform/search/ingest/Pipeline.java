package dev.infraplatform.search.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed ingest pipeline: {@code description}, {@code processors} run in order, and the
 * pipeline's {@code on_failure} processors, which run (instead of failing the document) when a
 * processor fails that neither ignores its failure nor has {@code on_failure} of its own. While
 * an {@code on_failure} handler runs, {@code _ingest.on_failure_message},
 * {@code _ingest.on_failure_processor_type}, {@code _ingest.on_failure_processor_tag} and
 * {@code _ingest.on_failure_pipeline} describe the failure. Immutable; runs concurrent documents.
 */
public final class Pipeline {

    private static final List<String> FAILURE_KEYS = List.of("on_failure_message", "on_failure_processor_type",
            "on_failure_processor_tag", "on_failure_pipeline");

    private final String id;
    private final String description;
    private final Map<String, Object> definition;
    private final List<ProcessorStep> processors;
    private final List<ProcessorStep> onFailure;

    private Pipeline(String id, String description, Map<String, Object> definition, List<ProcessorStep> processors,
                     List<ProcessorStep> onFailure) {
        this.id = id;
        this.description = description;
        this.definition = definition;
        this.processors = processors;
        this.onFailure = onFailure;
    }

    /**
     * Parses a definition ({@code {"description", "processors", "on_failure", "version", "_meta"}}).
     *
     * @throws IngestConfigurationException on anything Elasticsearch would refuse
     */
    static Pipeline parse(String id, Map<String, Object> definition, ProcessorRegistry registry) {
        Map<String, Object> options = new LinkedHashMap<>(definition);
        Object description = options.remove("description");
        if (description != null && !(description instanceof String)) {
            throw new IngestConfigurationException(null, null, "description", "property isn't a string, but of type ["
                    + description.getClass().getName() + "]");
        }
        Object version = options.remove("version");
        if (version != null && !(version instanceof Number)) {
            throw new IngestConfigurationException(null, null, "version", "property isn't a number");
        }
        Object meta = options.remove("_meta");
        if (meta != null && !(meta instanceof Map<?, ?>)) {
            throw new IngestConfigurationException(null, null, "_meta", "property isn't a map");
        }
        options.remove("deprecated");
        List<ProcessorStep> processors = registry.readList("processors", options.remove("processors"));
        List<ProcessorStep> onFailure = List.of();
        if (options.containsKey("on_failure")) {
            onFailure = registry.readList("on_failure", options.remove("on_failure"));
            if (onFailure.isEmpty()) {
                throw new IngestConfigurationException(null, null, null, "pipeline [" + id
                        + "] cannot have an empty on_failure option defined");
            }
        }
        if (!options.isEmpty()) {
            throw new IngestConfigurationException(null, null, null, "pipeline [" + id
                    + "] doesn't support one or more provided configuration parameters " + options.keySet());
        }
        return new Pipeline(id, (String) description, Values.deepCopy(definition), processors, onFailure);
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The definition as it was given (for GET); a copy. */
    public Map<String, Object> definition() {
        return Values.deepCopy(definition);
    }

    /**
     * Runs the processors on the document.
     *
     * @throws IngestProcessorException if a processor fails and no {@code on_failure} handles it
     */
    void execute(IngestDocument document, ProcessorTrace trace) {
        try {
            run(processors, document, trace);
        } catch (IngestProcessorException failure) {
            if (onFailure.isEmpty()) {
                throw failure;
            }
            handle(failure, document, trace, onFailure);
        }
    }

    private void run(List<ProcessorStep> steps, IngestDocument document, ProcessorTrace trace) {
        for (ProcessorStep step : steps) {
            try {
                step.processor().execute(document);
            } catch (RuntimeException e) {
                IngestProcessorException failure = IngestProcessorException.of(e, step.type(), step.tag());
                trace.failure(step, failure, document, step.ignoreFailure());
                if (step.ignoreFailure()) {
                    continue;
                }
                if (step.onFailure().isEmpty()) {
                    throw failure;
                }
                handle(failure, document, trace, step.onFailure());
                continue;
            }
            trace.success(step, document);
        }
    }

    /** Runs an {@code on_failure} handler with the failure's metadata, restoring the outer failure's after. */
    private void handle(IngestProcessorException failure, IngestDocument document, ProcessorTrace trace,
                        List<ProcessorStep> handler) {
        Map<String, Object> ingest = document.ingestMetadata();
        Map<String, Object> previous = new LinkedHashMap<>();
        FAILURE_KEYS.forEach(key -> {
            if (ingest.containsKey(key)) {
                previous.put(key, ingest.get(key));
            }
        });
        ingest.put("on_failure_message", failure.getMessage());
        ingest.put("on_failure_processor_type", failure.processorType());
        ingest.put("on_failure_processor_tag", failure.processorTag());
        ingest.put("on_failure_pipeline", id);
        try {
            run(handler, document, trace);
        } finally {
            FAILURE_KEYS.forEach(ingest::remove);
            ingest.putAll(previous);
        }
    }
}
