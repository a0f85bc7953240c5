package dev.infraplatform.search.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an index is, apart from its documents: name, uuid, creation time, settings and mapping.
 * Persisted as JSON in the index's own directory ({@code <data-dir>/search/<index>/}) through a
 * storage {@code SnapshotStore}, so it is replaced atomically and goes with the index's files.
 */
public record IndexMetadata(String name, String uuid, long creationDate, IndexSettings settings, Mapping mapping) {

    IndexMetadata withMapping(Mapping value) {
        return new IndexMetadata(name, uuid, creationDate, settings, value);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("uuid", uuid);
        map.put("creation_date", creationDate);
        map.put("settings", settings.persisted());
        map.put("mappings", mapping.toMap());
        return map;
    }

    @SuppressWarnings("unchecked")
    static IndexMetadata fromMap(Map<String, Object> map) {
        return new IndexMetadata((String) map.get("name"), (String) map.get("uuid"),
                ((Number) map.get("creation_date")).longValue(),
                IndexSettings.parse((Map<String, Object>) map.get("settings")),
                Mapping.parse((Map<String, Object>) map.get("mappings")));
    }
}
