package dev.infraplatform.search.engine;

/** An unmapped field under {@code dynamic: strict}: Elasticsearch's {@code strict_dynamic_mapping_exception} (400). */
public final class StrictDynamicMappingException extends SearchException {

    public StrictDynamicMappingException(String field, String parent) {
        this("strict", field, parent);
    }

    /** {@code dynamic} is the mapping's setting: {@code strict} or {@code strict_allow_templates}. */
    public StrictDynamicMappingException(String dynamic, String field, String parent) {
        super("mapping set to " + dynamic + ", dynamic introduction of [" + field + "] within [" + parent
                + "] is not allowed");
    }

    @Override
    public String type() {
        return "strict_dynamic_mapping_exception";
    }
}
