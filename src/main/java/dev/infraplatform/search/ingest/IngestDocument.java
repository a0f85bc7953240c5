package dev.infraplatform.search.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A document on its way through a pipeline: its source (mutable, nested maps and lists as parsed
 * from JSON), its metadata ({@code _index}, {@code _id}, {@code _routing}, {@code _version}) and the
 * ingest metadata ({@code _ingest.timestamp}, the {@code _ingest.on_failure_*} fields while an
 * {@code on_failure} handler runs).
 *
 * <p>Fields are addressed as Elasticsearch's ingest does: a dotted path walks nested objects
 * ({@code client.ip}) and list elements by index ({@code tags.0}); {@code _ingest.x} addresses the
 * ingest metadata, {@code _source.x} the source explicitly, and {@code _index}, {@code _id},
 * {@code _routing}, {@code _version} the metadata. Setting a path creates the missing objects on
 * the way. Errors are {@link IllegalArgumentException}s with Elasticsearch's messages. Not thread-safe:
 * one document is processed by one thread.
 */
public final class IngestDocument {

    static final Set<String> METADATA = Set.of("_index", "_id", "_routing", "_version");
    private static final String INGEST_PREFIX = "_ingest.";
    private static final String SOURCE_PREFIX = "_source.";

    private final Map<String, Object> source;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, Object> ingest = new LinkedHashMap<>();

    /**
     * @param source the parsed source, taken over (not copied): the pipeline changes it in place
     * @param timestamp {@code _ingest.timestamp}, the time the pipeline started (ISO-8601)
     */
    IngestDocument(String index, String id, String routing, Long version, Map<String, Object> source,
                   String timestamp) {
        this.source = source;
        metadata.put("_index", index);
        metadata.put("_id", id);
        if (routing != null) {
            metadata.put("_routing", routing);
        }
        if (version != null) {
            metadata.put("_version", version);
        }
        ingest.put("timestamp", timestamp);
    }

    /** The source as it is now (live, not a copy). */
    public Map<String, Object> source() {
        return source;
    }

    /** The metadata as it is now: {@code _index}, {@code _id}, and {@code _routing}, {@code _version} when set. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** The ingest metadata: {@code timestamp} and, in {@code on_failure} handlers, the failure's fields. */
    public Map<String, Object> ingestMetadata() {
        return ingest;
    }

    public String index() {
        return (String) metadata.get("_index");
    }

    public String id() {
        return (String) metadata.get("_id");
    }

    public String routing() {
        return (String) metadata.get("_routing");
    }

    /** Whether the path resolves to a value (possibly null). */
    public boolean hasField(String path) {
        FieldPath field = FieldPath.of(path, this);
        Object context = field.root;
        for (String key : field.keys) {
            if (context instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    return false;
                }
                context = map.get(key);
            } else if (context instanceof List<?> list) {
                int index = parseIndex(key);
                if (index < 0 || index >= list.size()) {
                    return false;
                }
                context = list.get(index);
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * The value at the path.
     *
     * @param ignoreMissing answer null for a missing field instead of failing
     * @throws IllegalArgumentException if the field is missing (and not {@code ignoreMissing}) or the path does not resolve
     */
    public Object getFieldValue(String path, boolean ignoreMissing) {
        FieldPath field = FieldPath.of(path, this);
        Object context = field.root;
        for (String key : field.keys) {
            if (context == null) {
                if (ignoreMissing) {
                    return null;
                }
                throw new IllegalArgumentException("cannot resolve [" + key + "] from null as part of path [" + path + "]");
            }
            if (context instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    if (ignoreMissing) {
                        return null;
                    }
                    throw new IllegalArgumentException("field [" + key + "] not present as part of path [" + path + "]");
                }
                context = map.get(key);
            } else if (context instanceof List<?> list) {
                int index = listIndex(key, list, path, ignoreMissing);
                if (index < 0) {
                    return null;
                }
                context = list.get(index);
            } else {
                if (ignoreMissing) {
                    return null;
                }
                throw new IllegalArgumentException("cannot resolve [" + key + "] from object of type ["
                        + context.getClass().getName() + "] as part of path [" + path + "]");
            }
        }
        return context;
    }

    /** The value at the path, which must exist. */
    public Object getFieldValue(String path) {
        return getFieldValue(path, false);
    }

    /**
     * Sets the value at the path, creating missing objects on the way (the value replaces what was there).
     *
     * @throws IllegalArgumentException if a parent on the path is not an object or list, or a metadata value has the wrong type
     */
    public void setFieldValue(String path, Object value) {
        set(path, value, false, true);
    }

    /**
     * Appends to the field: a missing field becomes a list of the value(s), a single value becomes a
     * list, a list is extended; a list value appends each element.
     */
    public void appendFieldValue(String path, Object value, boolean allowDuplicates) {
        set(path, value, true, allowDuplicates);
    }

    /**
     * Removes the field.
     *
     * @throws IllegalArgumentException if it is missing
     */
    public void removeField(String path) {
        FieldPath field = FieldPath.of(path, this);
        Object parent = parent(field, path, false);
        String leaf = field.leaf();
        if (parent instanceof Map<?, ?> map) {
            if (!map.containsKey(leaf)) {
                throw new IllegalArgumentException("field [" + leaf + "] not present as part of path [" + path + "]");
            }
            if (field.root == metadata && (leaf.equals("_index") || leaf.equals("_id"))) {
                throw new IllegalArgumentException("_index and _id cannot be removed");
            }
            map.remove(leaf);
        } else if (parent instanceof List<?> list) {
            list.remove(listIndex(leaf, list, path, false));
        } else if (parent == null) {
            throw new IllegalArgumentException("cannot remove [" + leaf + "] from null as part of path [" + path + "]");
        } else {
            throw new IllegalArgumentException("cannot remove [" + leaf + "] from object of type ["
                    + parent.getClass().getName() + "] as part of path [" + path + "]");
        }
    }

    @SuppressWarnings("unchecked")
    private void set(String path, Object value, boolean append, boolean allowDuplicates) {
        FieldPath field = FieldPath.of(path, this);
        String leaf = field.leaf();
        if (field.root == metadata) {
            checkMetadata(leaf, value);
        }
        Object parent = parent(field, path, true);
        if (parent == null) {
            throw new IllegalArgumentException("cannot set [" + leaf + "] with null parent as part of path [" + path + "]");
        }
        if (parent instanceof Map<?, ?> raw) {
            Map<String, Object> map = (Map<String, Object>) raw;
            if (!append) {
                map.put(leaf, value);
            } else if (map.containsKey(leaf)) {
                map.put(leaf, appendValues(map.get(leaf), value, allowDuplicates));
            } else {
                map.put(leaf, appendValues(new ArrayList<>(), value, allowDuplicates));
            }
        } else if (parent instanceof List<?> raw) {
            List<Object> list = (List<Object>) raw;
            int index = listIndex(leaf, list, path, false);
            list.set(index, append ? appendValues(list.get(index), value, allowDuplicates) : value);
        } else {
            throw new IllegalArgumentException("cannot set [" + leaf + "] with parent object of type ["
                    + parent.getClass().getName() + "] as part of path [" + path + "]");
        }
    }

    /** The object holding the path's last key; with {@code create}, missing objects on the way are added. */
    @SuppressWarnings("unchecked")
    private static Object parent(FieldPath field, String path, boolean create) {
        Object context = field.root;
        for (int i = 0; i < field.keys.length - 1; i++) {
            String key = field.keys[i];
            if (context == null) {
                throw new IllegalArgumentException("cannot resolve [" + key + "] from null as part of path [" + path + "]");
            }
            if (context instanceof Map<?, ?> raw) {
                Map<String, Object> map = (Map<String, Object>) raw;
                if (map.containsKey(key)) {
                    context = map.get(key);
                } else if (create) {
                    Map<String, Object> created = new LinkedHashMap<>();
                    map.put(key, created);
                    context = created;
                } else {
                    throw new IllegalArgumentException("field [" + key + "] not present as part of path [" + path + "]");
                }
            } else if (context instanceof List<?> list) {
                context = list.get(listIndex(key, list, path, false));
            } else {
                throw new IllegalArgumentException("cannot resolve [" + key + "] from object of type ["
                        + context.getClass().getName() + "] as part of path [" + path + "]");
            }
        }
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Object appendValues(Object existing, Object value, boolean allowDuplicates) {
        List<Object> list;
        if (existing instanceof List<?> current) {
            list = (List<Object>) current;
        } else {
            list = new ArrayList<>();
            list.add(existing);
        }
        if (value instanceof List<?> values) {
            for (Object element : values) {
                if (allowDuplicates || !list.contains(element)) {
                    list.add(element);
                }
            }
        } else if (allowDuplicates || !list.contains(value)) {
            list.add(value);
        }
        return list;
    }

    /** The list index a key names; -1 if missing and {@code ignoreMissing}. */
    private static int listIndex(String key, List<?> list, String path, boolean ignoreMissing) {
        int index = parseIndex(key);
        if (index == Integer.MIN_VALUE) {
            if (ignoreMissing) {
                return -1;
            }
            throw new IllegalArgumentException("[" + key + "] is not an integer, cannot be used as an index as part of path ["
                    + path + "]");
        }
        if (index < 0 || index >= list.size()) {
            if (ignoreMissing) {
                return -1;
            }
            throw new IllegalArgumentException("[" + index + "] is out of bounds for array with length [" + list.size()
                    + "] as part of path [" + path + "]");
        }
        return index;
    }

    private static int parseIndex(String key) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private static void checkMetadata(String name, Object value) {
        boolean valid = switch (name) {
            case "_index", "_id" -> value instanceof String;
            case "_routing" -> value == null || value instanceof String;
            case "_version" -> value instanceof Number;
            default -> true;
        };
        if (!valid) {
            throw new IllegalArgumentException(name + " must be a " + (name.equals("_version") ? "number" : "String")
                    + " but was [" + value + "] with type [" + (value == null ? "null" : value.getClass().getName()) + "]");
        }
    }

    /** A path split into the map it starts from and its keys. */
    private record FieldPath(Object root, String[] keys) {

        static FieldPath of(String path, IngestDocument document) {
            if (path == null || path.isEmpty()) {
                throw new IllegalArgumentException("path cannot be null nor empty");
            }
            Object root;
            String rest;
            if (path.startsWith(INGEST_PREFIX)) {
                root = document.ingest;
                rest = path.substring(INGEST_PREFIX.length());
            } else if (path.startsWith(SOURCE_PREFIX)) {
                root = document.source;
                rest = path.substring(SOURCE_PREFIX.length());
            } else if (METADATA.contains(path)) {
                root = document.metadata;
                rest = path;
            } else {
                root = document.source;
                rest = path;
            }
            String[] keys = rest.split("\\.", -1);
            for (String key : keys) {
                if (key.isEmpty()) {
                    throw new IllegalArgumentException("path [" + path + "] is not valid");
                }
            }
            return new FieldPath(root, keys);
        }

        String leaf() {
            return keys[keys.length - 1];
        }
    }
}
