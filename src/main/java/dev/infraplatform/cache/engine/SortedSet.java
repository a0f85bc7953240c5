package dev.infraplatform.cache.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Redis sorted set (Redis' t_zset.c "skiplist" encoding): members ordered by (score, member
 * bytes compared unsigned lexicographically), held in an indexable skip list whose forward
 * pointers carry their span (the number of nodes they skip), plus a hash map member → score.
 *
 * <p>Costs, N the size: add / remove / score update O(log N) expected; score lookup O(1);
 * rank of a member, node at a rank, first / last node in a score range, and the count of a
 * score (or lex) range O(log N); a range of M nodes by rank or score O(log N + M). Memory per member: one
 * skip list node with on average 1.33 levels (pointer + span each) and one hash map node.
 *
 * <p>Scores are never NaN; -0.0 is stored as 0.0 (they are equal to Redis). Never empty while
 * stored: the command that removes the last member deletes the key. Guarded by the lock of the
 * shard holding its key.
 */
final class SortedSet implements Iterable<SortedSet.Node> {

    static final int MAX_LEVEL = 32;
    private static final double P = 0.25;

    /** One member with its score; {@link #next()} / {@link #previous()} walk the order. */
    static final class Node {
        final Key member;
        final double score;
        final Node[] forward;
        final int[] span;
        Node backward;

        private Node(int level, Key member, double score) {
            this.member = member;
            this.score = score;
            this.forward = new Node[level];
            this.span = new int[level];
        }

        Key member() {
            return member;
        }

        double score() {
            return score;
        }

        Node next() {
            return forward[0];
        }

        Node previous() {
            return backward;
        }
    }

    /** An interval of the order: by score, or by member for a set whose scores are all equal. */
    interface Range {

        /** True if the node is not below the range's lower end. */
        boolean aboveMin(Node node);

        /** True if the node is not above the range's upper end. */
        boolean belowMax(Node node);

        boolean isEmpty();
    }

    /** A score interval; {@code minExclusive} / {@code maxExclusive} leave the bound out. */
    record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements Range {

        @Override
        public boolean aboveMin(Node node) {
            return aboveMin(node.score);
        }

        @Override
        public boolean belowMax(Node node) {
            return belowMax(node.score);
        }

        boolean aboveMin(double score) {
            return minExclusive ? score > min : score >= min;
        }

        boolean belowMax(double score) {
            return maxExclusive ? score < max : score <= max;
        }

        @Override
        public boolean isEmpty() {
            return min > max || (min == max && (minExclusive || maxExclusive));
        }
    }

    /**
     * A member interval as ZRANGEBYLEX takes it (meaningful when all scores are equal): a bound is
     * a member, inclusive or exclusive, or {@code infinity} -1 for "-" (below everything) / +1 for
     * "+" (above everything).
     */
    record LexBound(byte[] member, boolean exclusive, int infinity) {

        static final LexBound MINUS = new LexBound(null, false, -1);
        static final LexBound PLUS = new LexBound(null, false, 1);

        /** The member compared with this bound. */
        int compare(Key other) {
            return infinity != 0 ? -infinity : Arrays.compareUnsigned(other.bytes(), member);
        }
    }

    record LexRange(LexBound min, LexBound max) implements Range {

        @Override
        public boolean aboveMin(Node node) {
            int cmp = min.compare(node.member);
            return min.exclusive ? cmp > 0 : cmp >= 0;
        }

        @Override
        public boolean belowMax(Node node) {
            int cmp = max.compare(node.member);
            return max.exclusive ? cmp < 0 : cmp <= 0;
        }

        @Override
        public boolean isEmpty() {
            if (min.infinity == 1 || max.infinity == -1) {
                return true;
            }
            if (min.infinity != 0 || max.infinity != 0) {
                return false;
            }
            int cmp = Arrays.compareUnsigned(min.member, max.member);
            return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
        }
    }

    private final HashMap<Key, Double> scores = new HashMap<>();
    private final Node header = new Node(MAX_LEVEL, null, 0);
    private Node tail;
    private int level = 1;
    private int length;

    int size() {
        return length;
    }

    boolean isEmpty() {
        return length == 0;
    }

    /** The member's score, null if absent. O(1). */
    Double score(Key member) {
        return scores.get(member);
    }

    /**
     * Sets the member's score, adding it if absent. True if the member is new. O(log N).
     */
    boolean put(Key member, double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("NaN score");
        }
        score += 0.0; // -0.0 becomes 0.0
        Double old = scores.put(member, score);
        if (old != null) {
            if (old == score) {
                return false;
            }
            unlink(member, old);
        }
        insert(member, score);
        return old == null;
    }

    /** True if the member was there. O(log N). */
    boolean remove(Key member) {
        Double old = scores.remove(member);
        if (old == null) {
            return false;
        }
        unlink(member, old);
        return true;
    }

    static int compare(double score, Key member, Node node) {
        if (score < node.score) {
            return -1;
        }
        if (score > node.score) {
            return 1;
        }
        return Arrays.compareUnsigned(member.bytes(), node.member.bytes());
    }

    private static int randomLevel() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int level = 1;
        while (level < MAX_LEVEL && random.nextDouble() < P) {
            level++;
        }
        return level;
    }

    private void insert(Key member, double score) {
        Node[] update = new Node[MAX_LEVEL];
        int[] rank = new int[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            rank[i] = i == level - 1 ? 0 : rank[i + 1];
            while (x.forward[i] != null && compare(score, member, x.forward[i]) > 0) {
                rank[i] += x.span[i];
                x = x.forward[i];
            }
            update[i] = x;
        }
        int newLevel = randomLevel();
        if (newLevel > level) {
            for (int i = level; i < newLevel; i++) {
                rank[i] = 0;
                update[i] = header;
                update[i].span[i] = length;
            }
            level = newLevel;
        }
        Node node = new Node(newLevel, member, score);
        for (int i = 0; i < newLevel; i++) {
            node.forward[i] = update[i].forward[i];
            update[i].forward[i] = node;
            node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
            update[i].span[i] = (rank[0] - rank[i]) + 1;
        }
        for (int i = newLevel; i < level; i++) {
            update[i].span[i]++;
        }
        node.backward = update[0] == header ? null : update[0];
        if (node.forward[0] != null) {
            node.forward[0].backward = node;
        } else {
            tail = node;
        }
        length++;
    }

    private void unlink(Key member, double score) {
        Node[] update = new Node[MAX_LEVEL];
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(score, member, x.forward[i]) > 0) {
                x = x.forward[i];
            }
            update[i] = x;
        }
        x = x.forward[0];
        if (x == null || compare(score, member, x) != 0) {
            throw new IllegalStateException("sorted set index out of step with its scores");
        }
        for (int i = 0; i < level; i++) {
            if (update[i].forward[i] == x) {
                update[i].span[i] += x.span[i] - 1;
                update[i].forward[i] = x.forward[i];
            } else {
                update[i].span[i]--;
            }
        }
        if (x.forward[0] != null) {
            x.forward[0].backward = x.backward;
        } else {
            tail = x.backward;
        }
        while (level > 1 && header.forward[level - 1] == null) {
            header.span[level - 1] = 0;
            level--;
        }
        length--;
    }

    /** The 0-based rank of the member in ascending order, -1 if absent. O(log N). */
    long rank(Key member) {
        Double score = scores.get(member);
        return score == null ? -1 : rankOf(score, member);
    }

    private long rankOf(double score, Key member) {
        long rank = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && compare(score, member, x.forward[i]) >= 0) {
                rank += x.span[i];
                x = x.forward[i];
            }
            if (x != header && compare(score, member, x) == 0) {
                return rank - 1;
            }
        }
        return -1;
    }

    /** The node at 0-based ascending rank, null if out of range. O(log N). */
    Node byRank(long rank) {
        if (rank < 0 || rank >= length) {
            return null;
        }
        long target = rank + 1;
        long traversed = 0;
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && traversed + x.span[i] <= target) {
                traversed += x.span[i];
                x = x.forward[i];
            }
            if (traversed == target) {
                return x;
            }
        }
        return null;
    }

    Node first() {
        return header.forward[0];
    }

    Node last() {
        return tail;
    }

    /** The lowest node within the range, null if none. O(log N). */
    Node firstInRange(Range range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail) || !range.belowMax(first())) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && !range.aboveMin(x.forward[i])) {
                x = x.forward[i];
            }
        }
        x = x.forward[0];
        return x != null && range.belowMax(x) ? x : null;
    }

    /** The highest node within the range, null if none. O(log N). */
    Node lastInRange(Range range) {
        if (range.isEmpty() || tail == null || !range.aboveMin(tail) || !range.belowMax(first())) {
            return null;
        }
        Node x = header;
        for (int i = level - 1; i >= 0; i--) {
            while (x.forward[i] != null && range.belowMax(x.forward[i])) {
                x = x.forward[i];
            }
        }
        return x != header && range.aboveMin(x) ? x : null;
    }

    /** The 0-based rank of a node of this set. O(log N). */
    long rankOf(Node node) {
        return rankOf(node.score, node.member);
    }

    /**
     * How many members are in the range. O(log N). For a lex range over members with different
     * scores (where Redis leaves the result unspecified) the two ends may not be found
     * consistently; this then counts as Redis' skip list code does, never failing.
     */
    long count(Range range) {
        Node first = firstInRange(range);
        if (first == null) {
            return 0;
        }
        Node last = lastInRange(range);
        long firstRank = rankOf(first);
        return last == null ? length - firstRank : Math.max(0, rankOf(last) - firstRank + 1);
    }

    /** The members in ascending order; the set must not change while the iterator is in use. */
    @Override
    public Iterator<Node> iterator() {
        return new Iterator<>() {
            private Node next = first();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Node next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Node current = next;
                next = current.forward[0];
                return current;
            }
        };
    }

    /**
     * The commands that rebuild this sorted set at {@code key}: ZADD in chunks of score-member
     * pairs, each score as the shortest text that reads back as the same double.
     */
    void rebuildCommands(byte[] key, java.util.function.Consumer<byte[][]> out) {
        RebuildCommands.Chunks chunks = new RebuildCommands.Chunks(out, RebuildCommands.ZADD, key, 2);
        for (Node node : this) {
            chunks.add(SortedSetCommands.formatScore(node.score).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    node.member.bytes());
        }
        chunks.flush();
    }
}
