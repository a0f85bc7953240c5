package dev.infraplatform.cache.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Redis set of binary-safe members. The members sit in an array with a hash index of their
 * positions, so that SPOP and SRANDMEMBER pick a uniformly random member in O(1) as Redis does
 * (a plain {@code HashSet} can only be walked); a removal moves the last member into the gap.
 * Iteration order is therefore insertion order until the first removal, and otherwise unspecified,
 * as in Redis.
 *
 * <p>Never empty while stored: the command that removes the last member deletes the key. Guarded
 * by the lock of the shard holding its key.
 *
 * <p>Cost: add / remove / contains / random member O(1); memory per member one hash map node, one
 * boxed position and one array slot.
 */
final class RedisSet implements Iterable<Key> {

    private final HashMap<Key, Integer> positions = new HashMap<>();
    private final ArrayList<Key> members = new ArrayList<>();

    /** True if the member is new. */
    boolean add(Key member) {
        if (positions.putIfAbsent(member, members.size()) != null) {
            return false;
        }
        members.add(member);
        return true;
    }

    /** True if the member was there. */
    boolean remove(Key member) {
        Integer position = positions.remove(member);
        if (position == null) {
            return false;
        }
        Key last = members.removeLast();
        if (position < members.size()) {
            members.set(position, last);
            positions.put(last, position);
        }
        return true;
    }

    boolean contains(Key member) {
        return positions.containsKey(member);
    }

    int size() {
        return members.size();
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    /** A uniformly random member; the set must not be empty. */
    Key random(RandomGenerator random) {
        return members.get(random.nextInt(members.size()));
    }

    /**
     * {@code count} distinct members chosen uniformly at random, in random order; {@code count}
     * must be at most the size. O(count) for a small count, O(size) otherwise.
     */
    List<Key> randomDistinct(int count, RandomGenerator random) {
        int size = members.size();
        List<Key> chosen = new ArrayList<>(count);
        if ((long) count * 4 < size) {
            HashSet<Integer> taken = new HashSet<>();
            while (chosen.size() < count) {
                int index = random.nextInt(size);
                if (taken.add(index)) {
                    chosen.add(members.get(index));
                }
            }
            return chosen;
        }
        Key[] pool = members.toArray(Key[]::new);
        for (int i = 0; i < count; i++) {
            int pick = i + random.nextInt(size - i);
            Key swap = pool[pick];
            pool[pick] = pool[i];
            pool[i] = swap;
            chosen.add(swap);
        }
        return chosen;
    }

    /** The members; the set must not change while the iterator is in use. */
    @Override
    public Iterator<Key> iterator() {
        return Collections.unmodifiableList(members).iterator();
    }

    /** The commands that rebuild this set at {@code key}: SADD in chunks. */
    void rebuildCommands(byte[] key, java.util.function.Consumer<byte[][]> out) {
        RebuildCommands.Chunks chunks = new RebuildCommands.Chunks(out, RebuildCommands.SADD, key, 1);
        for (Key member : members) {
            chunks.add(member.bytes());
        }
        chunks.flush();
    }
}
