package dev.infraplatform.logbroker.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * A sparse in-memory time index of a partition, like the {@code .timeindex} files of a Kafka
 * segment: entries {@code (offset, largest timestamp of every record before that offset)}, one per
 * {@link #INTERVAL_BYTES} of batches. Every record before an entry whose running maximum is below a
 * target timestamp is itself below it, so a lookup scans only from the last such entry. The index
 * is fed by the scan at start-up and catches up with later appends when it is consulted, so the
 * append path never touches it. Not thread-safe: the partition serializes its use.
 */
final class TimeIndex {

    static final int INTERVAL_BYTES = 64 * 1024;

    private long[] offsets = new long[16];
    private long[] maxBefore = new long[16];
    private int size;
    private long runningMax = Long.MIN_VALUE;
    private long bytesSinceEntry = INTERVAL_BYTES;
    /** Every batch below this offset has been seen. */
    private long indexedEnd;

    long indexedEnd() {
        return indexedEnd;
    }

    /** Feeds the next batch in offset order. */
    void add(long baseOffset, long nextOffset, long maxTimestamp, int sizeBytes) {
        if (nextOffset <= indexedEnd) {
            return;
        }
        if (bytesSinceEntry >= INTERVAL_BYTES) {
            if (size == offsets.length) {
                offsets = Arrays.copyOf(offsets, size * 2);
                maxBefore = Arrays.copyOf(maxBefore, size * 2);
            }
            offsets[size] = baseOffset;
            maxBefore[size] = runningMax;
            size++;
            bytesSinceEntry = 0;
        }
        bytesSinceEntry += sizeBytes;
        runningMax = Math.max(runningMax, maxTimestamp);
        indexedEnd = nextOffset;
    }

    /** Where a scan for the first record at or after {@code timestamp} may start (never before {@code logStart}). */
    long scanStart(long timestamp, long logStart) {
        int low = 0;
        int high = size - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (maxBefore[mid] < timestamp) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? logStart : Math.max(logStart, offsets[found]);
    }

    /** Drops entries below the log start (retention deleted their segments), keeping the one that covers it. */
    void trimBefore(long logStart) {
        int first = 0;
        while (first + 1 < size && offsets[first + 1] <= logStart) {
            first++;
        }
        if (first > 0) {
            System.arraycopy(offsets, first, offsets, 0, size - first);
            System.arraycopy(maxBefore, first, maxBefore, 0, size - first);
            size -= first;
        }
    }

    int size() {
        return size;
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeLong(indexedEnd);
        out.writeLong(runningMax);
        out.writeLong(bytesSinceEntry);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(offsets[i]);
            out.writeLong(maxBefore[i]);
        }
    }

    void clear() {
        size = 0;
        runningMax = Long.MIN_VALUE;
        bytesSinceEntry = INTERVAL_BYTES;
        indexedEnd = 0;
    }

    /** Replaces the index with the one {@link #writeTo} wrote. */
    void readFrom(DataInputStream in) throws IOException {
        indexedEnd = in.readLong();
        runningMax = in.readLong();
        bytesSinceEntry = in.readLong();
        size = in.readInt();
        offsets = new long[Math.max(16, size)];
        maxBefore = new long[Math.max(16, size)];
        for (int i = 0; i < size; i++) {
            offsets[i] = in.readLong();
            maxBefore[i] = in.readLong();
        }
    }
}
