package dev.infraplatform.cache.engine;

import java.util.Arrays;

/**
 * A Redis list: a ring buffer of byte strings with O(1) push and pop at both ends and O(1)
 * access by index (Redis' quicklist gives O(n) LINDEX; this is never worse). Grows by doubling.
 * Guarded by the lock of the shard holding its key.
 */
final class RedisList {

    private byte[][] items = new byte[8][];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    byte[] get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    void set(int index, byte[] value) {
        items[(head + index) & (items.length - 1)] = value;
    }

    void pushFirst(byte[] value) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = value;
        size++;
    }

    void pushLast(byte[] value) {
        grow();
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    byte[] popFirst() {
        byte[] value = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return value;
    }

    byte[] popLast() {
        int tail = (head + size - 1) & (items.length - 1);
        byte[] value = items[tail];
        items[tail] = null;
        size--;
        return value;
    }

    /** Inserts at {@code index} (0..size), shifting later elements. O(n). */
    void insert(int index, byte[] value) {
        pushLast(value);
        for (int i = size - 1; i > index; i--) {
            set(i, get(i - 1));
        }
        set(index, value);
    }

    /** Removes the element at {@code index}, shifting later elements. O(n). */
    void remove(int index) {
        for (int i = index; i < size - 1; i++) {
            set(i, get(i + 1));
        }
        popLast();
    }

    /** Keeps only {@code [start, end]} (valid, inclusive indexes). */
    void retain(int start, int end) {
        byte[][] kept = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, end - start + 1)) << 1)][];
        int count = 0;
        for (int i = start; i <= end; i++) {
            kept[count++] = get(i);
        }
        items = kept;
        head = 0;
        size = count;
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        byte[][] larger = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) {
            larger[i] = get(i);
        }
        items = larger;
        head = 0;
    }

    @Override
    public String toString() {
        return "RedisList" + Arrays.toString(java.util.stream.IntStream.range(0, size).mapToObj(i -> new String(get(i))).toArray());
    }

    /** The commands that rebuild this list at {@code key}: RPUSH in chunks, head to tail. */
    void rebuildCommands(byte[] key, java.util.function.Consumer<byte[][]> out) {
        RebuildCommands.Chunks chunks = new RebuildCommands.Chunks(out, RebuildCommands.RPUSH, key, 1);
        for (int i = 0; i < size; i++) {
            chunks.add(get(i));
        }
        chunks.flush();
    }
}
