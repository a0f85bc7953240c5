package dev.infraplatform.search.aggregation;

import org.apache.lucene.util.ArrayUtil;

import java.util.Arrays;

/**
 * Dense bucket ordinals for (owning bucket, key) pairs: the first {@link #add} of a pair numbers it
 * 0, 1, 2, … so that per-bucket state can live in arrays. Open addressing with linear probing over
 * a power-of-two table kept at most half full. Memory: about 40 bytes per pair. Not thread-safe.
 */
final class BucketOrds {

    private long[] owners = new long[16];
    private long[] keys = new long[16];
    private int size;
    /** Slot → ordinal + 1 (0: empty). */
    private int[] table = new int[32];
    private int[][] byOwner;

    /** The ordinal of (owner, key), numbering the pair if it is new. */
    long add(long owner, long key) {
        int mask = table.length - 1;
        int slot = hash(owner, key) & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                break;
            }
            if (keys[entry - 1] == key && owners[entry - 1] == owner) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        if (size == keys.length) {
            keys = ArrayUtil.grow(keys, size + 1);
            owners = ArrayUtil.growExact(owners, keys.length);
        }
        keys[size] = key;
        owners[size] = owner;
        table[slot] = ++size;
        if (size * 2 > table.length) {
            rehash();
        }
        byOwner = null;
        return size - 1;
    }

    long size() {
        return size;
    }

    long key(long ord) {
        return keys[(int) ord];
    }

    /** The ordinals of an owning bucket's pairs, in first-seen order (grouped once for all owners: O(size)). */
    int[] ordsOf(long owner) {
        if (byOwner == null) {
            long maxOwner = -1;
            for (int i = 0; i < size; i++) {
                maxOwner = Math.max(maxOwner, owners[i]);
            }
            int[] counts = new int[(int) maxOwner + 1];
            for (int i = 0; i < size; i++) {
                counts[(int) owners[i]]++;
            }
            byOwner = new int[counts.length][];
            for (int o = 0; o < counts.length; o++) {
                byOwner[o] = new int[counts[o]];
            }
            Arrays.fill(counts, 0);
            for (int i = 0; i < size; i++) {
                int o = (int) owners[i];
                byOwner[o][counts[o]++] = i;
            }
        }
        return owner < byOwner.length ? byOwner[(int) owner] : new int[0];
    }

    private void rehash() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int i = 0; i < size; i++) {
            int slot = hash(owners[i], keys[i]) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
    }

    private static int hash(long owner, long key) {
        long h = key * 0x9E3779B97F4A7C15L + owner * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }
}
