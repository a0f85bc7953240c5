package dev.infraplatform.search.ingest;

import dev.infraplatform.search.engine.SearchException;

import java.util.Locale;

/**
 * A processor failed on a document (a grok pattern that does not match, a value that does not
 * convert, a missing field). Its {@link #type()} is the Elasticsearch type of the processor's own
 * failure, as Elasticsearch reports it once it unwraps the ingest wrapper: Java exceptions by their
 * class name in snake case ({@code illegal_argument_exception}, {@code number_format_exception}).
 * A 400 on a single write; one failed item in a bulk.
 */
public final class IngestProcessorException extends SearchException {

    private final String type;
    private final String processorType;
    private final String processorTag;

    private IngestProcessorException(String type, String reason, String processorType, String processorTag,
                                     Throwable cause) {
        super(reason);
        initCause(cause);
        this.type = type;
        this.processorType = processorType;
        this.processorTag = processorTag;
    }

    /** The failure of a processor, keeping the original type if it is already an ingest failure. */
    static IngestProcessorException of(RuntimeException failure, String processorType, String processorTag) {
        if (failure instanceof IngestProcessorException ingest) {
            return ingest;
        }
        String type = failure instanceof SearchException search ? search.type() : snakeCase(failure.getClass());
        return new IngestProcessorException(type, failure.getMessage(), processorType, processorTag, failure);
    }

    @Override
    public String type() {
        return type;
    }

    /** The type of the processor that failed, such as {@code grok}. */
    public String processorType() {
        return processorType;
    }

    /** The failed processor's {@code tag}, or null. */
    public String processorTag() {
        return processorTag;
    }

    /** Elasticsearch's names for Java exceptions: {@code IllegalArgumentException} → {@code illegal_argument_exception}. */
    static String snakeCase(Class<?> type) {
        String name = type.getSimpleName();
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
