package dev.infraplatform.search.engine;

import org.apache.lucene.search.ReferenceManager;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Elasticsearch's live version map for one shard: the latest write of every document written since
 * the shard's internal reader last opened, so that version checks and realtime gets see writes
 * that reader does not. It listens to the internal reader's refreshes: before one, the current map
 * becomes the old one and writes go to a fresh map; after it, the old one (now in the reader) is
 * dropped. A lookup reads the current map, then the old one, then the deletes, then the reader:
 * whatever a refresh drops is in the reader that replaced the one the lookup would have used.
 *
 * <p>Deletes are also kept as tombstones for {@link #GC_DELETES_NANOS} (Elasticsearch's
 * {@code index.gc_deletes}, 60 s), so that a document indexed again soon after its delete
 * continues the deleted version, and a conditional write on the deleted document conflicts.
 *
 * <p>Documents with ids the engine generated are not recorded (they cannot have been written
 * before, Elasticsearch's append-only optimisation); such writes mark the map
 * {@linkplain #unsafe() unsafe} until the next refresh, and a lookup that misses then refreshes
 * the internal reader first.
 *
 * <p>Memory: the current map is bounded by {@link #bytesLimit} (estimated from ids and sources):
 * past it the shard refreshes its internal reader. Thread-safe; writes of one id are serialized by
 * the shard.
 */
final class LiveVersionMap implements ReferenceManager.RefreshListener {

    static final long GC_DELETES_NANOS = 60_000_000_000L;
    private static final long ENTRY_OVERHEAD_BYTES = 96;

    /** A document's latest write; {@code source == null} for a delete. */
    record VersionValue(long version, long seqNo, String routing, byte[] source) {
        boolean deleted() {
            return source == null;
        }

        long bytes(String id) {
            return ENTRY_OVERHEAD_BYTES + 2L * id.length() + (source == null ? 0 : source.length);
        }
    }

    private record Tombstone(VersionValue value, long deletedAt) {
    }

    private record Maps(Map<String, VersionValue> current, Map<String, VersionValue> old, LongAdder bytes) {
    }

    private final long bytesLimit;
    private final Map<String, Tombstone> tombstones = new ConcurrentHashMap<>();
    private final AtomicBoolean unsafe = new AtomicBoolean();
    private volatile Maps maps = new Maps(new ConcurrentHashMap<>(), Map.of(), new LongAdder());

    LiveVersionMap(long bytesLimit) {
        this.bytesLimit = bytesLimit;
    }

    /** The latest write of {@code id} since the internal reader opened; {@code null} if none is known here. */
    VersionValue get(String id) {
        Maps current = maps;
        VersionValue value = current.current().get(id);
        if (value == null) {
            value = current.old().get(id);
        }
        if (value == null) {
            Tombstone tombstone = tombstones.get(id);
            if (tombstone != null && System.nanoTime() - tombstone.deletedAt() < GC_DELETES_NANOS) {
                value = tombstone.value();
            }
        }
        return value;
    }

    /** Records a write (after it went to Lucene). */
    void put(String id, VersionValue value) {
        Maps current = maps;
        current.current().put(id, value);
        current.bytes().add(value.bytes(id));
        if (value.deleted()) {
            tombstones.put(id, new Tombstone(value, System.nanoTime()));
        } else {
            tombstones.remove(id);
        }
    }

    /** A write of a generated id went to Lucene without being recorded. */
    void markUnsafe() {
        if (!unsafe.get()) {
            unsafe.set(true);
        }
    }

    /** Whether writes went unrecorded since the internal reader last opened. */
    boolean unsafe() {
        return unsafe.get();
    }

    /** Whether the current map outgrew its bound, so the internal reader should refresh. */
    boolean full() {
        return maps.bytes().sum() >= bytesLimit;
    }

    @Override
    public void beforeRefresh() {
        unsafe.set(false);
        maps = new Maps(new ConcurrentHashMap<>(), maps.current(), new LongAdder());
    }

    @Override
    public void afterRefresh(boolean didRefresh) {
        Maps current = maps;
        maps = new Maps(current.current(), Map.of(), current.bytes());
        long now = System.nanoTime();
        tombstones.values().removeIf(t -> now - t.deletedAt() >= GC_DELETES_NANOS);
    }
}
