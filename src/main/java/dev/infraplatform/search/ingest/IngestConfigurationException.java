package dev.infraplatform.search.ingest;

import dev.infraplatform.search.engine.SearchException;

/**
 * A pipeline definition Elasticsearch refuses with {@code parse_exception} (400): an unknown processor
 * type, a required property missing, a property of the wrong type. Carries Elasticsearch's
 * {@code processor_type}, {@code processor_tag} and {@code property_name} members when known.
 */
public final class IngestConfigurationException extends SearchException {

    IngestConfigurationException(String processorType, String processorTag, String propertyName, String reason) {
        super(propertyName == null ? reason : "[" + propertyName + "] " + reason);
        if (processorType != null) {
            put("processor_type", processorType);
        }
        if (processorTag != null) {
            put("processor_tag", processorTag);
        }
        if (propertyName != null) {
            put("property_name", propertyName);
        }
    }

    @Override
    public String type() {
        return "parse_exception";
    }
}
