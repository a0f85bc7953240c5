package dev.infraplatform.search.ingest;

/**
 * {@code rename}: a field moved to {@code target_field}; fails if the target exists unless
 * {@code override}, and leaves the document as it was when the move fails.
 */
final class RenameProcessor implements Processor {

    private final Template field;
    private final Template targetField;
    private final boolean ignoreMissing;
    private final boolean override;

    private RenameProcessor(Template field, Template targetField, boolean ignoreMissing, boolean override) {
        this.field = field;
        this.targetField = targetField;
        this.ignoreMissing = ignoreMissing;
        this.override = override;
    }

    static Processor create(ProcessorConfig config) {
        Template field = config.template("field", config.requiredString("field"));
        Template target = config.template("target_field", config.requiredString("target_field"));
        return new RenameProcessor(field, target, config.bool("ignore_missing", false), config.bool("override", false));
    }

    @Override
    public void execute(IngestDocument document) {
        String path = field.render(document);
        if (!document.hasField(path)) {
            if (ignoreMissing) {
                return;
            }
            throw new IllegalArgumentException("field [" + path + "] doesn't exist");
        }
        String target = targetField.render(document);
        if (document.hasField(target) && !override) {
            throw new IllegalArgumentException("field [" + target + "] already exists");
        }
        Object value = document.getFieldValue(path);
        document.removeField(path);
        try {
            document.setFieldValue(target, value);
        } catch (RuntimeException e) {
            document.setFieldValue(path, value);
            throw e;
        }
    }
}
