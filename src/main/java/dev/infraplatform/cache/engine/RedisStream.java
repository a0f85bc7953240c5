package dev.infraplatform.cache.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A Redis stream (t_stream.c's {@code stream}): entries of field/value pairs ordered by
 * {@link StreamId}, plus the stream's counters (last generated ID, entries ever added, largest
 * ID deleted by XDEL) and its {@link StreamGroup consumer groups}.
 *
 * <p>Redis stores entries in a radix tree of listpack nodes of up to 100 entries; approximate
 * trimming ({@code ~}) only drops whole nodes. This class keeps the entries in a tree map and
 * models the nodes alone ({@link Node}: first ID, slots used, live entries), filled by entry
 * count as Redis fills them with {@code stream-node-max-entries 100} (Redis also closes a node
 * at 4 KB, which only matters for large entries), so {@code ~} trims what Redis would trim for
 * ordinary entries. A stream stays stored when it becomes empty, as in Redis.
 *
 * <p>Cost: add, delete, lookup O(log n); range O(log n + returned); trimming O(removed · log n);
 * memory one tree node per entry plus one per 100 entries. Guarded by the lock of the shard
 * holding its key.
 */
final class RedisStream {

    /** Redis' default {@code stream-node-max-entries}. */
    static final int NODE_MAX_ENTRIES = 100;

    private final TreeMap<StreamId, byte[][]> entries = new TreeMap<>();
    private final TreeMap<StreamId, Node> nodes = new TreeMap<>();
    private final TreeMap<byte[], StreamGroup> groups = new TreeMap<>(Arrays::compareUnsigned);
    StreamId lastId = StreamId.MIN;
    long entriesAdded;
    StreamId maxDeletedId = StreamId.MIN;

    /** A listpack node as Redis would have it: where it starts, slots used (deleted ones too), live entries. */
    private static final class Node {
        int slots;
        int live;
        StreamId lastId;
    }

    int length() {
        return entries.size();
    }

    /** The first entry's ID, 0-0 when empty (XINFO's recorded-first-entry-id). */
    StreamId firstId() {
        return entries.isEmpty() ? StreamId.MIN : entries.firstKey();
    }

    Map.Entry<StreamId, byte[][]> firstEntry() {
        return entries.firstEntry();
    }

    Map.Entry<StreamId, byte[][]> lastEntry() {
        return entries.lastEntry();
    }

    byte[][] get(StreamId id) {
        return entries.get(id);
    }

    boolean contains(StreamId id) {
        return entries.containsKey(id);
    }

    /** Appends an entry; {@code id} must be after {@link #lastId}. */
    void add(StreamId id, byte[][] fields) {
        Map.Entry<StreamId, Node> last = nodes.lastEntry();
        Node node;
        if (last == null || last.getValue().slots >= NODE_MAX_ENTRIES) {
            node = new Node();
            nodes.put(id, node);
        } else {
            node = last.getValue();
        }
        node.slots++;
        node.live++;
        node.lastId = id;
        entries.put(id, fields);
        lastId = id;
        entriesAdded++;
    }

    /** XDEL of one entry: removes it and remembers the largest deleted ID. @return whether it existed */
    boolean delete(StreamId id) {
        if (!remove(id)) {
            return false;
        }
        if (id.isAfter(maxDeletedId)) {
            maxDeletedId = id;
        }
        return true;
    }

    private boolean remove(StreamId id) {
        if (entries.remove(id) == null) {
            return false;
        }
        Map.Entry<StreamId, Node> node = nodes.floorEntry(id);
        if (--node.getValue().live == 0) {
            nodes.remove(node.getKey());
        }
        return true;
    }

    /** Entries from {@code start} to {@code end} inclusive, at most {@code count} (0 = all), oldest first or reversed. */
    List<Map.Entry<StreamId, byte[][]>> range(StreamId start, StreamId end, long count, boolean reverse) {
        List<Map.Entry<StreamId, byte[][]>> found = new ArrayList<>();
        if (start.compareTo(end) > 0) {
            return found;
        }
        NavigableMap<StreamId, byte[][]> slice = entries.subMap(start, true, end, true);
        for (Map.Entry<StreamId, byte[][]> entry : (reverse ? slice.descendingMap() : slice).entrySet()) {
            if (count > 0 && found.size() >= count) {
                break;
            }
            found.add(entry);
        }
        return found;
    }

    /** The entries, oldest first (for the memory estimate's sample). */
    java.util.Iterator<Map.Entry<StreamId, byte[][]>> entries() {
        return entries.entrySet().iterator();
    }

    /** Pending entries over all groups. O(groups). */
    long pendingCount() {
        long pending = 0;
        for (StreamGroup group : groups.values()) {
            pending += group.pending.size();
        }
        return pending;
    }

    /** Number of listpack nodes Redis would hold (XINFO's radix-tree-keys). */
    int nodeCount() {
        return nodes.size();
    }

    /**
     * Trims from the oldest entry (Redis' {@code streamTrim}): while longer than {@code maxLen}
     * (or, with {@code minId} non-null, while the oldest ID is below it). Whole nodes go first;
     * {@code approximate} stops at the first node that cannot go whole; {@code limit} (0 = none)
     * caps the entries removed by whole nodes.
     *
     * @return entries removed
     */
    long trim(long maxLen, StreamId minId, boolean approximate, long limit) {
        long deleted = 0;
        while (!nodes.isEmpty()) {
            if (minId == null && entries.size() <= maxLen) {
                break;
            }
            Map.Entry<StreamId, Node> first = nodes.firstEntry();
            Node node = first.getValue();
            if (limit > 0 && deleted + node.live > limit) {
                break;
            }
            boolean wholeNode = minId == null ? entries.size() - node.live >= maxLen : node.lastId.compareTo(minId) < 0;
            if (wholeNode) {
                deleted += node.live;
                entries.subMap(first.getKey(), true, node.lastId, true).clear();
                nodes.remove(first.getKey());
                continue;
            }
            if (approximate) {
                break;
            }
            while (!entries.isEmpty()) {
                StreamId oldest = entries.firstKey();
                if (minId == null ? entries.size() <= maxLen : oldest.compareTo(minId) >= 0) {
                    break;
                }
                remove(oldest);
                deleted++;
            }
            break;
        }
        return deleted;
    }

    StreamGroup group(byte[] name) {
        return groups.get(name);
    }

    /** @return the new group, or null if one of that name exists */
    StreamGroup createGroup(byte[] name, StreamId lastDelivered, long entriesRead) {
        if (groups.containsKey(name)) {
            return null;
        }
        StreamGroup group = new StreamGroup(name, lastDelivered, entriesRead);
        groups.put(name, group);
        return group;
    }

    boolean destroyGroup(byte[] name) {
        return groups.remove(name) != null;
    }

    Iterable<StreamGroup> groups() {
        return groups.values();
    }

    int groupCount() {
        return groups.size();
    }

    /** Whether an XDEL tombstone lies at or after {@code start} (Redis' {@code streamRangeHasTombstones}). */
    boolean hasTombstonesFrom(StreamId start) {
        if (entries.isEmpty() || maxDeletedId.isZero()) {
            return false;
        }
        if (firstId().compareTo(maxDeletedId) > 0) {
            return false;
        }
        return start.compareTo(maxDeletedId) <= 0;
    }

    /**
     * The logical position (entries added up to it) of {@code id}, or -1 when it cannot be known
     * (Redis' {@code streamEstimateDistanceFromFirstEverEntry}).
     */
    long positionOf(StreamId id) {
        if (entriesAdded == 0) {
            return 0;
        }
        if (entries.isEmpty() && id.compareTo(lastId) <= 0) {
            return entriesAdded;
        }
        int toLast = id.compareTo(lastId);
        if (toLast == 0) {
            return entriesAdded;
        }
        if (toLast > 0) {
            return StreamGroup.UNKNOWN_ENTRIES_READ;
        }
        StreamId first = firstId();
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(first) < 0) {
            int toFirst = id.compareTo(first);
            if (toFirst < 0) {
                return entriesAdded - entries.size();
            }
            if (toFirst == 0) {
                return entriesAdded - entries.size() + 1;
            }
        }
        return StreamGroup.UNKNOWN_ENTRIES_READ;
    }

    /** Entries the group has not read yet, or null when that cannot be known (XINFO's lag). */
    Long lag(StreamGroup group) {
        if (entriesAdded == 0) {
            return 0L;
        }
        if (group.entriesRead != StreamGroup.UNKNOWN_ENTRIES_READ && !hasTombstonesFrom(group.lastDeliveredId)) {
            return entriesAdded - group.entriesRead;
        }
        long read = positionOf(group.lastDeliveredId);
        return read == StreamGroup.UNKNOWN_ENTRIES_READ ? null : entriesAdded - read;
    }

    /**
     * Moves the group past {@code id} (just delivered to it), keeping its read counter exact
     * where that is possible (Redis' bookkeeping in {@code streamReplyWithRange}).
     */
    void advance(StreamGroup group, StreamId id) {
        if (!id.isAfter(group.lastDeliveredId)) {
            return;
        }
        if (group.entriesRead != StreamGroup.UNKNOWN_ENTRIES_READ && !hasTombstonesFrom(id)) {
            group.entriesRead++;
        } else if (entriesAdded != 0) {
            group.entriesRead = positionOf(id);
        }
        group.lastDeliveredId = id;
    }

    /**
     * Emits the commands that rebuild this stream at {@code key} exactly, as Redis' AOF rewrite
     * does, into an empty key:
     * <ol>
     *   <li>XADD of every entry with its ID, in ID order, together with a placeholder entry
     *       ({@code x y}) for every pending ID whose entry is gone (deleted or trimmed), so that
     *       the XCLAIMs below can recreate its pending entry; a stream with neither gets
     *       {@code XADD key MAXLEN 0 0-1 x y} (an empty stream);</li>
     *   <li>per group: XGROUP CREATE with its last-delivered ID and ENTRIESREAD, one
     *       {@code XCLAIM … TIME … RETRYCOUNT … FORCE JUSTID} per pending entry (its consumer,
     *       delivery time and count) and XGROUP CREATECONSUMER for consumers with nothing pending;</li>
     *   <li>the placeholders go again: XDEL for those after the first entry (gone by XDEL, so not
     *       beyond the max-deleted ID), XTRIM MINID = first entry (or MAXLEN = 0) for those before;</li>
     *   <li>XSETID with the last ID, ENTRIESADDED and MAXDELETEDID.</li>
     * </ol>
     * Replaying them gives the same XRANGE, XINFO STREAM / GROUPS and XPENDING; consumers' seen
     * and active times become the replay's time. O(entries + pending entries).
     *
     * @param key the stream's key
     * @param out receives each command as its arguments
     */
    void rebuildCommands(byte[] key, Consumer<byte[][]> out) {
        java.util.TreeSet<StreamId> gone = new java.util.TreeSet<>();
        for (StreamGroup group : groups.values()) {
            for (StreamId id : group.pending.keySet()) {
                if (!entries.containsKey(id)) {
                    gone.add(id);
                }
            }
        }
        if (entries.isEmpty() && gone.isEmpty()) {
            out.accept(new byte[][] {ascii("XADD"), key, ascii("MAXLEN"), ascii("0"), ascii("0-1"), ascii("x"), ascii("y")});
        }
        java.util.Iterator<StreamId> placeholders = gone.iterator();
        StreamId placeholder = placeholders.hasNext() ? placeholders.next() : null;
        for (Map.Entry<StreamId, byte[][]> entry : entries.entrySet()) {
            while (placeholder != null && placeholder.compareTo(entry.getKey()) < 0) {
                out.accept(new byte[][] {ascii("XADD"), key, placeholder.bytes(), ascii("x"), ascii("y")});
                placeholder = placeholders.hasNext() ? placeholders.next() : null;
            }
            byte[][] fields = entry.getValue();
            byte[][] command = new byte[3 + fields.length][];
            command[0] = ascii("XADD");
            command[1] = key;
            command[2] = entry.getKey().bytes();
            System.arraycopy(fields, 0, command, 3, fields.length);
            out.accept(command);
        }
        while (placeholder != null) {
            out.accept(new byte[][] {ascii("XADD"), key, placeholder.bytes(), ascii("x"), ascii("y")});
            placeholder = placeholders.hasNext() ? placeholders.next() : null;
        }
        for (StreamGroup group : groups.values()) {
            out.accept(new byte[][] {ascii("XGROUP"), ascii("CREATE"), key, group.name, group.lastDeliveredId.bytes(),
                    ascii("ENTRIESREAD"), number(group.entriesRead)});
            for (StreamGroup.PendingEntry pending : group.pending.values()) {
                out.accept(claimCommand(key, group, pending));
            }
            for (StreamGroup.StreamConsumer consumer : group.consumers.values()) {
                if (consumer.pending.isEmpty()) {
                    out.accept(new byte[][] {ascii("XGROUP"), ascii("CREATECONSUMER"), key, group.name, consumer.name});
                }
            }
        }
        if (!gone.isEmpty()) {
            if (entries.isEmpty()) {
                out.accept(new byte[][] {ascii("XTRIM"), key, ascii("MAXLEN"), ascii("="), ascii("0")});
            } else {
                StreamId first = entries.firstKey();
                for (StreamId id : gone.tailSet(first, false)) {
                    out.accept(new byte[][] {ascii("XDEL"), key, id.bytes()});
                }
                if (gone.first().compareTo(first) < 0) {
                    out.accept(new byte[][] {ascii("XTRIM"), key, ascii("MINID"), ascii("="), first.bytes()});
                }
            }
        }
        out.accept(new byte[][] {ascii("XSETID"), key, lastId.bytes(), ascii("ENTRIESADDED"), number(entriesAdded),
                ascii("MAXDELETEDID"), maxDeletedId.bytes()});
    }

    /**
     * The XCLAIM that recreates a pending entry exactly: {@code XCLAIM key group consumer 0 id
     * TIME t RETRYCOUNT n FORCE JUSTID LASTID last-delivered} (Redis' {@code streamPropagateXCLAIM}).
     * When the entry is gone from the stream, replaying it drops the pending entry.
     */
    static byte[][] claimCommand(byte[] key, StreamGroup group, StreamGroup.PendingEntry pending) {
        return new byte[][] {ascii("XCLAIM"), key, group.name, pending.consumer.name, ascii("0"), pending.id.bytes(),
                ascii("TIME"), number(pending.deliveryTime), ascii("RETRYCOUNT"), number(pending.deliveryCount),
                ascii("FORCE"), ascii("JUSTID"), ascii("LASTID"), group.lastDeliveredId.bytes()};
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] number(long value) {
        return ascii(Long.toString(value));
    }
}
