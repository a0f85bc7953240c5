package dev.infraplatform.search.ingest;

/**
 * {@code set}: a field set to {@code value} (templates such as {@code {{client.ip}}} are rendered) or
 * to a copy of the field {@code copy_from}; {@code override: false} leaves a present non-null field
 * alone, {@code ignore_empty_value} skips a null or empty result. Metadata ({@code _index}, {@code _id},
 * {@code _routing}) can be set too.
 */
final class SetProcessor implements Processor {

    private final Template field;
    private final ValueSource value;
    private final String copyFrom;
    private final boolean override;
    private final boolean ignoreEmptyValue;

    private SetProcessor(Template field, ValueSource value, String copyFrom, boolean override, boolean ignoreEmptyValue) {
        this.field = field;
        this.value = value;
        this.copyFrom = copyFrom;
        this.override = override;
        this.ignoreEmptyValue = ignoreEmptyValue;
    }

    static Processor create(ProcessorConfig config) {
        Template field = config.template("field", config.requiredString("field"));
        String copyFrom = config.optionalString("copy_from");
        ValueSource value = null;
        if (copyFrom != null) {
            if (config.has("value")) {
                throw config.error("copy_from", "cannot set both `copy_from` and `value` in the same processor");
            }
        } else {
            if (!config.has("value")) {
                throw config.error("value", "required property is missing");
            }
            value = ValueSource.of(config, "value", config.value("value"));
        }
        config.optionalString("media_type");
        return new SetProcessor(field, value, copyFrom, config.bool("override", true),
                config.bool("ignore_empty_value", false));
    }

    @Override
    public void execute(IngestDocument document) {
        String path = field.render(document);
        if (!override && document.hasField(path) && document.getFieldValue(path) != null) {
            return;
        }
        Object resolved = copyFrom != null ? Values.deepCopy(document.getFieldValue(copyFrom)) : value.resolve(document);
        if (ignoreEmptyValue && (resolved == null || (resolved instanceof String text && text.isEmpty()))) {
            return;
        }
        document.setFieldValue(path, resolved);
    }
}
