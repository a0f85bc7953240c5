package dev.infraplatform.cache.engine;

import java.util.Iterator;
import java.util.Map;

/**
 * Estimates the heap bytes a key and its value hold, as Redis' {@code MEMORY USAGE} does: exact
 * for strings; for collections the average size of the first {@code samples} elements times the
 * element count, plus the per-element cost of the structure (map nodes, skip-list nodes, array
 * slots). Sampling keeps the cost O(samples) whatever the collection's size, so the engine can
 * re-estimate every key a write command touched; the price is that a collection whose elements
 * differ much in size is estimated from its first ones only.
 *
 * <p>The figures assume a 64-bit JVM with compressed pointers (12-byte object headers, 4-byte
 * references, 8-byte alignment). They are estimates for {@code maxmemory} and INFO, not a heap
 * measurement: the JVM's own overhead and garbage are not counted.
 *
 * <p>A new value type gets its case in {@link #valueBytes}; a type without one counts as
 * {@value #UNKNOWN_TYPE_BYTES} bytes.
 */
final class MemoryEstimator {

    /** Redis' default for MEMORY USAGE and for the engine's own accounting. */
    static final int DEFAULT_SAMPLES = 5;
    /** The guess for a value type this class does not know yet. */
    static final long UNKNOWN_TYPE_BYTES = 256;

    /** Per key: the Entry (48), its HashMap node (32) and table slot (~8), the Key object (16), its KeySlots slot (~8). */
    static final long KEY_OVERHEAD = 48 + 32 + 8 + 16 + 8;
    /** A key with a TTL also sits in its shard's expiring KeySlots. */
    static final long EXPIRY_OVERHEAD = 8;

    private static final long HASH_NODE = 32 + 8;
    private static final long LINKED_HASH_NODE = 40 + 8;
    private static final long KEY_OBJECT = 16;
    /** Node (40) + forward and span arrays of ~1.33 levels (24 + 24) + map node + boxed Double (16). */
    private static final long SKIP_LIST_NODE = 40 + 24 + 24 + HASH_NODE + 16;
    private static final long REFERENCE = 4;
    /** A TreeMap entry: header, key, value, three links, colour. */
    private static final long TREE_NODE = 40;
    /** A StreamId: header and two longs. */
    private static final long STREAM_ID = 32;
    /** A pending entry (40) in its group's and its consumer's tree maps (2 × 40). */
    private static final long PENDING_ENTRY = 40 + 2 * TREE_NODE;

    private MemoryEstimator() {
    }

    /** The whole key: overhead, key bytes and value. */
    static long entryBytes(Key key, Entry entry, int samples) {
        long bytes = KEY_OVERHEAD + byteArray(key.bytes().length) + valueBytes(entry.value, samples);
        return entry.expiresAt == Entry.NO_EXPIRY ? bytes : bytes + EXPIRY_OVERHEAD;
    }

    /**
     * The value's bytes, sampling at most {@code samples} elements of a collection (0: all of them).
     * The one place that knows every value type.
     */
    static long valueBytes(Object value, int samples) {
        return switch (value) {
            case byte[] string -> byteArray(string.length);
            case RedisList list -> 24 + byteArray(0) + list.size() * 2 * REFERENCE
                    + sampled(list.size(), samples, listElements(list), MemoryEstimator::bulkBytes);
            case RedisHash hash -> 64 + hash.size() * (LINKED_HASH_NODE + KEY_OBJECT)
                    + sampled(hash.size(), samples, hash.entries().iterator(), MemoryEstimator::fieldBytes);
            case RedisSet set -> 96 + set.size() * (HASH_NODE + 16 + 2 * REFERENCE + KEY_OBJECT)
                    + sampled(set.size(), samples, set.iterator(), MemoryEstimator::keyBytes);
            case SortedSet zset -> 128 + zset.size() * (SKIP_LIST_NODE + KEY_OBJECT)
                    + sampled(zset.size(), samples, zset.iterator(), node -> keyBytes(node.member()));
            case RedisStream stream -> 256 + stream.length() * (TREE_NODE + STREAM_ID)
                    + sampled(stream.length(), samples, stream.entries(), MemoryEstimator::streamEntryBytes)
                    + stream.pendingCount() * PENDING_ENTRY;
            default -> UNKNOWN_TYPE_BYTES;
        };
    }

    /** A byte[] of {@code length}: 16-byte header, content rounded up to 8. */
    static long byteArray(int length) {
        return 16 + ((length + 7L) & ~7L);
    }

    private static long bulkBytes(byte[] element) {
        return byteArray(element.length);
    }

    private static long keyBytes(Key key) {
        return byteArray(key.bytes().length);
    }

    /** An entry's fields: the array of references and each field and value. */
    private static long streamEntryBytes(Map.Entry<StreamId, byte[][]> entry) {
        byte[][] fields = entry.getValue();
        long bytes = 16 + ((fields.length * REFERENCE + 7L) & ~7L);
        for (byte[] field : fields) {
            bytes += byteArray(field.length);
        }
        return bytes;
    }

    private static long fieldBytes(Map.Entry<Key, byte[]> field) {
        return keyBytes(field.getKey()) + byteArray(field.getValue().length);
    }

    /** {@code size} times the average size of the first {@code samples} elements. */
    private static <T> long sampled(int size, int samples, Iterator<T> elements,
                                    java.util.function.ToLongFunction<T> bytes) {
        int limit = samples <= 0 ? size : Math.min(samples, size);
        long total = 0;
        int seen = 0;
        while (seen < limit && elements.hasNext()) {
            total += bytes.applyAsLong(elements.next());
            seen++;
        }
        return seen == 0 ? 0 : total * size / seen;
    }

    private static Iterator<byte[]> listElements(RedisList list) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < list.size();
            }

            @Override
            public byte[] next() {
                return list.get(next++);
            }
        };
    }
}
