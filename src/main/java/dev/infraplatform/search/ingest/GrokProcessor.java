package dev.infraplatform.search.ingest;

import org.opensearch.grok.Grok;
import org.opensearch.grok.MatcherWatchdog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code grok}: matches a string field against grok expressions ({@code %{IP:client.ip}},
 * {@code %{NUMBER:bytes:int}}) and sets each named capture as a field; the first of {@code patterns}
 * that matches wins. The pattern bank is Elasticsearch's legacy one ({@code ecs_compatibility:
 * disabled}) plus {@code pattern_definitions}. Matching is by the joni regex engine under a watchdog
 * that interrupts a match running longer than a second (catastrophic backtracking), as Elasticsearch does.
 * Fails with "Provided Grok expressions do not match field value: [...]".
 */
final class GrokProcessor implements Processor {

    static final String TYPE = "grok";
    private static final Logger log = LoggerFactory.getLogger(GrokProcessor.class);

    private final String field;
    private final boolean ignoreMissing;
    private final Grok grok;

    private GrokProcessor(String field, boolean ignoreMissing, Grok grok) {
        this.field = field;
        this.ignoreMissing = ignoreMissing;
        this.grok = grok;
    }

    static Processor create(ProcessorConfig config, MatcherWatchdog watchdog) {
        String field = config.requiredString("field");
        List<String> patterns = config.requiredStrings("patterns");
        boolean ignoreMissing = config.bool("ignore_missing", false);
        String ecs = config.string("ecs_compatibility", "disabled");
        if (!ecs.equals("disabled")) {
            throw config.error("ecs_compatibility", "unsupported mode '" + ecs + "'");
        }
        if (patterns.isEmpty()) {
            throw config.error("patterns", "List of patterns must not be empty");
        }
        Map<String, String> bank = new HashMap<>(Grok.BUILTIN_PATTERNS);
        bank.putAll(config.stringMap("pattern_definitions"));
        try {
            Grok grok = new Grok(bank, combine(patterns), watchdog, log::debug);
            return new GrokProcessor(field, ignoreMissing, grok);
        } catch (RuntimeException e) {
            throw config.error("patterns", "Invalid regex pattern found in: " + patterns + ". " + e.getMessage());
        }
    }

    /** Several patterns as one alternation, so that one match finds the first that fits (Elasticsearch's way). */
    private static String combine(List<String> patterns) {
        if (patterns.size() == 1) {
            return patterns.getFirst();
        }
        StringBuilder combined = new StringBuilder();
        for (String pattern : patterns) {
            if (!combined.isEmpty()) {
                combined.append('|');
            }
            combined.append("(?:").append(pattern).append(')');
        }
        return combined.toString();
    }

    @Override
    public void execute(IngestDocument document) {
        String value = Processor.stringField(document, field, ignoreMissing, "cannot process it.");
        if (value == null) {
            return;
        }
        Map<String, Object> captures = grok.captures(value);
        if (captures == null) {
            throw new IllegalArgumentException("Provided Grok expressions do not match field value: [" + value + "]");
        }
        captures.forEach(document::setFieldValue);
    }
}
