package dev.infraplatform.search.ingest;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code split}: a string field split by a regular expression ({@code separator}) into a list. */
final class SplitProcessor implements Processor {

    private final String field;
    private final String targetField;
    private final Pattern separator;
    private final boolean ignoreMissing;
    private final boolean preserveTrailing;

    private SplitProcessor(String field, String targetField, Pattern separator, boolean ignoreMissing,
                           boolean preserveTrailing) {
        this.field = field;
        this.targetField = targetField;
        this.separator = separator;
        this.ignoreMissing = ignoreMissing;
        this.preserveTrailing = preserveTrailing;
    }

    static Processor create(ProcessorConfig config) {
        String field = config.requiredString("field");
        String separator = config.requiredString("separator");
        Pattern pattern;
        try {
            pattern = Pattern.compile(separator);
        } catch (PatternSyntaxException e) {
            throw config.error("separator", "invalid regular expression [" + separator + "]: " + e.getDescription());
        }
        return new SplitProcessor(field, config.string("target_field", field), pattern,
                config.bool("ignore_missing", false), config.bool("preserve_trailing", false));
    }

    @Override
    public void execute(IngestDocument document) {
        String value = Processor.stringField(document, field, ignoreMissing, "cannot split.");
        if (value == null) {
            return;
        }
        document.setFieldValue(targetField, new java.util.ArrayList<>(List.of(separator.split(value,
                preserveTrailing ? -1 : 0))));
    }
}
