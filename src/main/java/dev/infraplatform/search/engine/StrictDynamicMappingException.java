package dev.infraplatform.search.engine;

/** An unmapped field under {@code dynamic: strict}: Elasticsearch's {@code strict_dynamic_mapping_exception} (400). */
public final class StrictDynamicMappingException extends SearchException {

    public StrictDynamicMappingException(String field, String parent) {
        super("mapping set to strict, dynamic introduction of [" + field + "] within [" + parent + "] is not allowed");
    }

    @Override
    public String type() {
        return "strict_dynamic_mapping_exception";
    }
}
