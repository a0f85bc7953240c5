package dev.infraplatform.search.ingest;

/**
 * One step of a pipeline, such as {@code grok} or {@code set}: it changes an {@link IngestDocument}
 * in place and fails with an exception (usually {@link IllegalArgumentException}, with
 * Elasticsearch's message) when the document does not fit. Immutable once created, so one instance
 * serves concurrent documents.
 */
interface Processor {

    void execute(IngestDocument document);

    /** Creates a processor from its options, consuming each one it reads. */
    @FunctionalInterface
    interface Factory {
        Processor create(ProcessorConfig config);
    }

    /**
     * The string at a field, as Elasticsearch's {@code getFieldValue(field, String.class, ignoreMissing)}:
     * null if it is missing or null and {@code ignoreMissing}.
     *
     * @throws IllegalArgumentException if it is missing or null (and not {@code ignoreMissing}) or not a string
     */
    static String stringField(IngestDocument document, String field, boolean ignoreMissing, String nullMessage) {
        Object value = document.getFieldValue(field, ignoreMissing);
        if (value == null) {
            if (ignoreMissing) {
                return null;
            }
            throw new IllegalArgumentException("field [" + field + "] is null, " + nullMessage);
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("field [" + field + "] of type [" + value.getClass().getName()
                    + "] cannot be cast to [java.lang.String]");
        }
        return text;
    }
}
