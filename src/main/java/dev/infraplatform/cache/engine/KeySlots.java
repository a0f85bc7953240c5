package dev.infraplatform.cache.engine;

import java.util.Arrays;
import java.util.Map;

/**
 * Some keys of one shard (all of them, or those with a TTL) in a dense array, so that a random one (or a
 * run from a random position) is picked in O(1): the evictor samples keys as Redis' {@code dictGetSomeKeys} does,
 * which a {@code HashMap} alone cannot (it can only be walked). Each key's position is kept in its
 * {@link Entry} ({@link Entry#slot} or {@link Entry#expirySlot}); a removal moves the last key
 * into the gap. Guarded by the shard's lock.
 *
 * <p>Cost: add / remove / random O(1) amortized; memory one array slot (4 bytes with compressed
 * pointers, up to twice that before a shrink) per key.
 */
final class KeySlots {

    private static final Key[] EMPTY = new Key[0];
    private static final int MIN_CAPACITY = 8;

    private final boolean expiring;
    private final Map<Key, Entry> entries;
    private Key[] keys = EMPTY;
    private int size;

    /**
     * @param entries the shard's map, to find the entry of a key moved into a gap
     * @param expiring whether this holds the keys with a TTL (positions in {@link Entry#expirySlot})
     */
    KeySlots(Map<Key, Entry> entries, boolean expiring) {
        this.entries = entries;
        this.expiring = expiring;
    }

    int size() {
        return size;
    }

    Key get(int index) {
        return keys[index];
    }

    boolean contains(Entry entry) {
        return slotOf(entry) >= 0;
    }

    void add(Key key, Entry entry) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.max(MIN_CAPACITY, size * 2));
        }
        keys[size] = key;
        setSlot(entry, size);
        size++;
    }

    /** Removes the entry's key; the entry may already be gone from the map, the others must be there. */
    void remove(Entry entry) {
        int slot = slotOf(entry);
        int last = --size;
        Key moved = keys[last];
        keys[last] = null;
        if (slot != last) {
            keys[slot] = moved;
            setSlot(entries.get(moved), slot);
        }
        setSlot(entry, -1);
        if (keys.length > MIN_CAPACITY && size < keys.length / 4) {
            keys = Arrays.copyOf(keys, Math.max(MIN_CAPACITY, keys.length / 2));
        }
    }

    void clear() {
        keys = EMPTY;
        size = 0;
    }

    private int slotOf(Entry entry) {
        return expiring ? entry.expirySlot : entry.slot;
    }

    private void setSlot(Entry entry, int slot) {
        if (expiring) {
            entry.expirySlot = slot;
        } else {
            entry.slot = slot;
        }
    }
}
