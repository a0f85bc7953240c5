package dev.infraplatform.search.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code lowercase}, {@code uppercase} and {@code trim}: a string field (or each string of a list
 * field) changed in place or written to {@code target_field}.
 */
final class StringProcessor implements Processor {

    private final String field;
    private final String targetField;
    private final boolean ignoreMissing;
    private final UnaryOperator<String> operation;

    private StringProcessor(String field, String targetField, boolean ignoreMissing, UnaryOperator<String> operation) {
        this.field = field;
        this.targetField = targetField;
        this.ignoreMissing = ignoreMissing;
        this.operation = operation;
    }

    static Factory factory(UnaryOperator<String> operation) {
        return config -> {
            String field = config.requiredString("field");
            return new StringProcessor(field, config.string("target_field", field),
                    config.bool("ignore_missing", false), operation);
        };
    }

    static String lowercase(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    static String uppercase(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    @Override
    public void execute(IngestDocument document) {
        Object value = document.getFieldValue(field, ignoreMissing);
        if (value == null) {
            if (ignoreMissing) {
                return;
            }
            throw new IllegalArgumentException("field [" + field + "] is null, cannot process it.");
        }
        Object result;
        if (value instanceof List<?> list) {
            List<Object> changed = new ArrayList<>(list.size());
            for (Object element : list) {
                if (!(element instanceof String text)) {
                    throw new IllegalArgumentException("value [" + element + "] of type ["
                            + (element == null ? "null" : element.getClass().getName()) + "] in list field ["
                            + field + "] cannot be cast to [java.lang.String]");
                }
                changed.add(operation.apply(text));
            }
            result = changed;
        } else if (value instanceof String text) {
            result = operation.apply(text);
        } else {
            throw new IllegalArgumentException("field [" + field + "] of type [" + value.getClass().getName()
                    + "] cannot be cast to [java.lang.String]");
        }
        document.setFieldValue(targetField, result);
    }
}
