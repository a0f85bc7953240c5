package dev.infraplatform.search.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an index is, apart from its documents: name, uuid, creation time, settings, mapping, the
 * aliases that name it (with what each says about this index) and whether it is closed.
 * Persisted as JSON in the index's own directory ({@code <data-dir>/search/<index>/}) through a
 * storage {@code SnapshotStore}, so it is replaced atomically and goes with the index's files.
 *
 * @param aliases alias name to its metadata for this index, sorted by name
 * @param closed  Elasticsearch's {@code state: close}: files and metadata kept, no shard open
 */
public record IndexMetadata(String name, String uuid, long creationDate, IndexSettings settings, Mapping mapping,
                            Map<String, AliasMetadata> aliases, boolean closed) {

    public IndexMetadata {
        aliases = Collections.unmodifiableMap(new TreeMap<>(aliases));
    }

    /** A new open index without aliases. */
    public IndexMetadata(String name, String uuid, long creationDate, IndexSettings settings, Mapping mapping) {
        this(name, uuid, creationDate, settings, mapping, Map.of(), false);
    }

    IndexMetadata withMapping(Mapping value) {
        return new IndexMetadata(name, uuid, creationDate, settings, value, aliases, closed);
    }

    IndexMetadata withAliases(Map<String, AliasMetadata> value) {
        return new IndexMetadata(name, uuid, creationDate, settings, mapping, value, closed);
    }

    IndexMetadata withSettings(IndexSettings value) {
        return new IndexMetadata(name, uuid, creationDate, value, mapping, aliases, closed);
    }

    IndexMetadata withClosed(boolean value) {
        return new IndexMetadata(name, uuid, creationDate, settings, mapping, aliases, value);
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("uuid", uuid);
        map.put("creation_date", creationDate);
        map.put("state", closed ? "close" : "open");
        map.put("settings", settings.persisted());
        map.put("mappings", mapping.toMap());
        Map<String, Object> aliasMaps = new LinkedHashMap<>();
        aliases.forEach((alias, metadata) -> aliasMaps.put(alias, metadata.toMap()));
        map.put("aliases", aliasMaps);
        return map;
    }

    /** Reads what {@link #toMap()} wrote; metadata written before aliases and states existed reads as open, alias-free. */
    @SuppressWarnings("unchecked")
    static IndexMetadata fromMap(Map<String, Object> map) {
        Map<String, AliasMetadata> aliases = new TreeMap<>();
        Object stored = map.get("aliases");
        if (stored instanceof Map<?, ?> aliasMaps) {
            aliasMaps.forEach((alias, metadata) ->
                    aliases.put((String) alias, AliasMetadata.fromMap((Map<String, Object>) metadata)));
        }
        return new IndexMetadata((String) map.get("name"), (String) map.get("uuid"),
                ((Number) map.get("creation_date")).longValue(),
                IndexSettings.parse((Map<String, Object>) map.get("settings")),
                Mapping.parse((Map<String, Object>) map.get("mappings")), aliases, "close".equals(map.get("state")));
    }
}
