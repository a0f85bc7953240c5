package dev.infraplatform.search.ingest;

import org.opensearch.grok.MatcherWatchdog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processor types by name (a table, not a switch) and the reading of processor lists in
 * Elasticsearch's shape: {@code [{"set": {"field": "a", "value": 1, "tag": "t"}}, …]}.
 */
final class ProcessorRegistry {

    private final Map<String, Processor.Factory> factories;

    ProcessorRegistry(MatcherWatchdog grokWatchdog) {
        this.factories = Map.ofEntries(
                Map.entry(GrokProcessor.TYPE, config -> GrokProcessor.create(config, grokWatchdog)),
                Map.entry("date", DateProcessor::create),
                Map.entry("convert", ConvertProcessor::create),
                Map.entry("set", SetProcessor::create),
                Map.entry("remove", RemoveProcessor::create),
                Map.entry("rename", RenameProcessor::create),
                Map.entry("append", AppendProcessor::create),
                Map.entry("split", SplitProcessor::create),
                Map.entry("lowercase", StringProcessor.factory(StringProcessor::lowercase)),
                Map.entry("uppercase", StringProcessor.factory(StringProcessor::uppercase)),
                Map.entry("trim", StringProcessor.factory(String::strip)));
    }

    /**
     * A list of processor definitions ({@code processors} or an {@code on_failure}).
     *
     * @throws IngestConfigurationException on any definition Elasticsearch would refuse
     */
    List<ProcessorStep> readList(String property, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IngestConfigurationException(null, null, property, value == null ? "required property is missing"
                    : "property isn't a list, but of type [" + value.getClass().getName() + "]");
        }
        List<ProcessorStep> steps = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> definition)) {
                throw new IngestConfigurationException(null, null, property, "property isn't a list of objects");
            }
            definition.forEach((type, options) -> steps.add(read(type.toString(), options)));
        }
        return List.copyOf(steps);
    }

    @SuppressWarnings("unchecked")
    private ProcessorStep read(String type, Object options) {
        Processor.Factory factory = factories.get(type);
        if (factory == null) {
            throw new IngestConfigurationException(type, null, null, "No processor type exists with name [" + type + "]");
        }
        if (!(options instanceof Map<?, ?> map)) {
            throw new IngestConfigurationException(type, null, null, "property isn't a map, but of type ["
                    + (options == null ? "null" : options.getClass().getName()) + "]");
        }
        String tag = map.get("tag") == null ? null : map.get("tag").toString();
        ProcessorConfig config = new ProcessorConfig(type, tag, (Map<String, Object>) map);
        config.optionalString("tag");
        String description = config.optionalString("description");
        if (config.has("if")) {
            throw config.error("if", "conditional processors are not supported: scripts cannot be run here");
        }
        boolean ignoreFailure = config.bool("ignore_failure", false);
        List<ProcessorStep> onFailure = List.of();
        if (config.has("on_failure")) {
            onFailure = readList("on_failure", config.value("on_failure"));
            if (onFailure.isEmpty()) {
                throw config.error("on_failure", "processors list cannot be empty");
            }
        }
        Processor processor = factory.create(config);
        config.checkConsumed();
        return new ProcessorStep(type, tag, description, ignoreFailure, processor, onFailure);
    }
}
