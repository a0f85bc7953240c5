package dev.infraplatform.storage.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sparse offset index of one segment: entries {@code [relativeOffset:int32][position:int32]},
 * big-endian, in increasing order, one at least every {@code indexIntervalBytes} of log data and
 * always at a frame boundary. A lookup finds the last entry at or before an offset in
 * O(log entries); the reader then scans forward at most one index interval.
 *
 * <p>The index of the segment being written lives on the heap and grows; it is written to
 * {@code <baseOffset>.index} when the segment is sealed (and on a clean shutdown). A sealed
 * segment's index is memory-mapped read-only, so sealed segments cost no heap. The active
 * index is never trusted after a crash: recovery rebuilds it from the log.
 *
 * <p>Concurrency: one writer (the log's write lock holder) appends and truncates; readers call
 * {@link #lookup} at any time. The writer publishes the buffer before the entry count, and
 * readers read the count before the buffer, so a reader never sees a count larger than its buffer.
 */
final class OffsetIndex {

    static final int ENTRY_BYTES = 8;
    private static final int INITIAL_ENTRIES = 64;

    private final long baseOffset;
    private volatile ByteBuffer entries;
    private volatile int count;
    private final boolean mutable;

    private OffsetIndex(long baseOffset, ByteBuffer entries, int count, boolean mutable) {
        this.baseOffset = baseOffset;
        this.entries = entries;
        this.count = count;
        this.mutable = mutable;
    }

    /** An empty index for a new or recovering segment. */
    static OffsetIndex empty(long baseOffset) {
        return new OffsetIndex(baseOffset, ByteBuffer.allocate(INITIAL_ENTRIES * ENTRY_BYTES), 0, true);
    }

    /**
     * Maps a sealed segment's index file read-only.
     *
     * @return null when the file is missing or malformed (entries out of order or past {@code segmentSize})
     */
    static OffsetIndex mapSealed(Path file, long baseOffset, long segmentSize) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        long size = Files.size(file);
        if (size % ENTRY_BYTES != 0) {
            return null;
        }
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        OffsetIndex index = new OffsetIndex(baseOffset, mapped, (int) (size / ENTRY_BYTES), false);
        return index.isWellFormed(segmentSize) ? index : null;
    }

    /**
     * Reads an index file onto the heap, for the active segment after a clean shutdown (not
     * mapped: a mapping would pin the file until garbage collection).
     *
     * @return null when the file is missing or malformed
     */
    static OffsetIndex loadMutable(Path file, long baseOffset, long segmentSize) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length % ENTRY_BYTES != 0) {
            return null;
        }
        int n = bytes.length / ENTRY_BYTES;
        ByteBuffer entries = ByteBuffer.allocate(Math.max(INITIAL_ENTRIES, n * 2) * ENTRY_BYTES);
        entries.put(0, bytes);
        OffsetIndex index = new OffsetIndex(baseOffset, entries, n, true);
        return index.isWellFormed(segmentSize) ? index : null;
    }

    /** A heap copy of this index that can grow again (a sealed segment becoming active). */
    OffsetIndex toMutable() {
        int n = count;
        ByteBuffer copy = ByteBuffer.allocate(Math.max(INITIAL_ENTRIES, n * 2) * ENTRY_BYTES);
        copy.put(0, entries, 0, n * ENTRY_BYTES);
        return new OffsetIndex(baseOffset, copy, n, true);
    }

    private boolean isWellFormed(long segmentSize) {
        int previousOffset = -1;
        int previousPosition = -1;
        for (int i = 0; i < count; i++) {
            int relative = entries.getInt(i * ENTRY_BYTES);
            int position = entries.getInt(i * ENTRY_BYTES + 4);
            if (relative <= previousOffset || position <= previousPosition || position >= segmentSize) {
                return false;
            }
            previousOffset = relative;
            previousPosition = position;
        }
        return true;
    }

    /** Adds an entry; offsets and positions must increase. Writer only. */
    void append(long offset, int position) {
        if (!mutable) {
            throw new IllegalStateException("sealed index");
        }
        int n = count;
        ByteBuffer buffer = entries;
        if ((n + 1) * ENTRY_BYTES > buffer.capacity()) {
            ByteBuffer grown = ByteBuffer.allocate(buffer.capacity() * 2);
            grown.put(0, buffer, 0, n * ENTRY_BYTES);
            buffer = grown;
        }
        buffer.putInt(n * ENTRY_BYTES, Math.toIntExact(offset - baseOffset));
        buffer.putInt(n * ENTRY_BYTES + 4, position);
        entries = buffer;
        count = n + 1;
    }

    /** Drops every entry for an offset at or after {@code offset}. Writer only. */
    void truncateTo(long offset) {
        int n = count;
        while (n > 0 && baseOffset + entries.getInt((n - 1) * ENTRY_BYTES) >= offset) {
            n--;
        }
        count = n;
    }

    /**
     * The last entry at or before {@code offset}.
     *
     * @return {@code [offset, position]} of that entry, or {@code [baseOffset, 0]} if there is none
     */
    long[] lookup(long offset) {
        int n = count;
        ByteBuffer buffer = entries;
        int low = 0;
        int high = n - 1;
        int found = -1;
        long target = offset - baseOffset;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int relative = buffer.getInt(mid * ENTRY_BYTES);
            if (relative <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0) {
            return new long[] {baseOffset, 0};
        }
        return new long[] {baseOffset + buffer.getInt(found * ENTRY_BYTES), buffer.getInt(found * ENTRY_BYTES + 4)};
    }

    /** File position of the last entry, or 0 when empty. */
    int lastPosition() {
        int n = count;
        return n == 0 ? 0 : entries.getInt((n - 1) * ENTRY_BYTES + 4);
    }

    int entryCount() {
        return count;
    }

    /** Writes the entries to {@code file} (replacing it), optionally forcing it to the device. */
    void writeTo(Path file, boolean force) throws IOException {
        int n = count;
        ByteBuffer data = entries.slice(0, n * ENTRY_BYTES);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (data.hasRemaining()) {
                channel.write(data);
            }
            if (force) {
                channel.force(true);
            }
        }
    }
}
