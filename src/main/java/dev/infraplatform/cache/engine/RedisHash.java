package dev.infraplatform.cache.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Redis hash: fields and their values, binary safe. Fields keep their insertion order (an
 * update keeps a field's place, a delete closes the gap), which is the order Redis 7 replies in
 * for the small hashes it stores as listpacks, so HGETALL of a small hash reads the same as there.
 *
 * <p>Never empty while stored: the command that removes the last field deletes the key. Guarded
 * by the lock of the shard holding its key.
 *
 * <p>Cost: get / put / remove O(1); a random field O(n) (one pass); memory one linked hash map
 * node per field.
 */
final class RedisHash {

    private final LinkedHashMap<Key, byte[]> fields = new LinkedHashMap<>();

    byte[] get(Key field) {
        return fields.get(field);
    }

    /** Sets a field; true if it is new. */
    boolean put(Key field, byte[] value) {
        return fields.put(field, value) == null;
    }

    /** True if the field was there. */
    boolean remove(Key field) {
        return fields.remove(field) != null;
    }

    boolean contains(Key field) {
        return fields.containsKey(field);
    }

    int size() {
        return fields.size();
    }

    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The fields and values in hash order; read-only. */
    Set<Map.Entry<Key, byte[]>> entries() {
        return Collections.unmodifiableMap(fields).entrySet();
    }

    /** A snapshot of the fields and values in hash order, for random picks by index. */
    List<Map.Entry<Key, byte[]>> snapshot() {
        return new ArrayList<>(fields.entrySet());
    }

    /** The commands that rebuild this hash at {@code key}: HSET in chunks of field-value pairs. */
    void rebuildCommands(byte[] key, java.util.function.Consumer<byte[][]> out) {
        RebuildCommands.Chunks chunks = new RebuildCommands.Chunks(out, RebuildCommands.HSET, key, 2);
        for (Map.Entry<Key, byte[]> field : fields.entrySet()) {
            chunks.add(field.getKey().bytes(), field.getValue());
        }
        chunks.flush();
    }
}
