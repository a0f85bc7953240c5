package dev.infraplatform.search.ingest;

/**
 * {@code append}: {@code value} (one value or a list; templates rendered) added to a field, which
 * becomes a list; {@code allow_duplicates: false} skips values already present.
 */
final class AppendProcessor implements Processor {

    private final Template field;
    private final ValueSource value;
    private final boolean allowDuplicates;

    private AppendProcessor(Template field, ValueSource value, boolean allowDuplicates) {
        this.field = field;
        this.value = value;
        this.allowDuplicates = allowDuplicates;
    }

    static Processor create(ProcessorConfig config) {
        Template field = config.template("field", config.requiredString("field"));
        if (!config.has("value")) {
            throw config.error("value", "required property is missing");
        }
        ValueSource value = ValueSource.of(config, "value", config.value("value"));
        config.optionalString("media_type");
        return new AppendProcessor(field, value, config.bool("allow_duplicates", true));
    }

    @Override
    public void execute(IngestDocument document) {
        document.appendFieldValue(field.render(document), value.resolve(document), allowDuplicates);
    }
}
