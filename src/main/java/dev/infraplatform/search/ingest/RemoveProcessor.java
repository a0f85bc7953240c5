package dev.infraplatform.search.ingest;

import java.util.List;

/** {@code remove}: one field or a list of fields removed; {@code ignore_missing} skips missing ones. */
final class RemoveProcessor implements Processor {

    private final List<Template> fields;
    private final boolean ignoreMissing;

    private RemoveProcessor(List<Template> fields, boolean ignoreMissing) {
        this.fields = fields;
        this.ignoreMissing = ignoreMissing;
    }

    static Processor create(ProcessorConfig config) {
        List<String> fields = config.stringOrStrings("field");
        if (fields == null) {
            throw config.error("field", "required property is missing");
        }
        return new RemoveProcessor(fields.stream().map(field -> config.template("field", field)).toList(),
                config.bool("ignore_missing", false));
    }

    @Override
    public void execute(IngestDocument document) {
        for (Template field : fields) {
            String path = field.render(document);
            if (ignoreMissing && !document.hasField(path)) {
                continue;
            }
            document.removeField(path);
        }
    }
}
