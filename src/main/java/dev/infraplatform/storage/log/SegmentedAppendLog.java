package dev.infraplatform.storage.log;

import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.CorruptDataException;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import dev.infraplatform.storage.ReadResult;
import dev.infraplatform.storage.RecordFraming;
import dev.infraplatform.storage.RecordTooLargeException;
import dev.infraplatform.storage.StorageException;
import dev.infraplatform.storage.StorageFailures;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The embedded {@link AppendLog}: a directory of {@link LogSegment}s named by base offset, the
 * newest one (the active segment) taking appends.
 *
 * <p><b>Appending</b> happens in three steps. (1) Under the short <em>append lock</em> a record is
 * framed into the open {@link PendingBatch} and gets its offset; no I/O. (2) The appender makes sure
 * its batch reaches the file: whoever holds the <em>writer</em> {@link Baton} detaches the open
 * batch and writes it with one positional write, covering everyone who appended meanwhile; the
 * others sleep until their batch is settled. (3) Under {@link Durability#ALWAYS} the appender makes
 * sure the file is forced past its record: the holder of the <em>syncer</em> baton forces once for
 * everything written so far while later appenders queue up, and the next holder covers all of them
 * (group commit). No lock is held during a write or an fsync.
 *
 * <p><b>Rolling</b> switches the active segment under the append lock; the old segment is then
 * sealed (forced, index written) outside the append lock, so other appenders go on writing to the
 * new segment: under {@link Durability#ALWAYS} by the appender that rolled (it waits for an fsync
 * anyway), under {@code INTERVAL} and {@code NONE} on the log's scheduler when it has one, so no
 * append waits for a whole segment to be forced. An fsync for durability forces every segment that
 * may hold records written since the last one, rolled segments included.
 *
 * <p><b>Reading</b> takes no lock: a reader finds the segment in a concurrent map, the nearest
 * index entry, and scans whole frames with positional reads up to the segment's published size.
 *
 * <p><b>Recovery</b> on open: sealed segments are trusted with their index (rebuilt by a scan if
 * missing or malformed); the last segment is scanned frame by frame and cut at the first torn or
 * corrupt frame, unless the log was closed cleanly. What is cut is logged and counted.
 *
 * <p>A failed write (disk full, I/O error) removes every frame of its batch and of any batch
 * opened after it, truncates the file back and fails those appends; the log stays usable.
 *
 * <p>Lock order: maintenance lock, writer baton, append lock, syncer baton.
 */
public final class SegmentedAppendLog implements AppendLog {

    private static final Logger log = LoggerFactory.getLogger(SegmentedAppendLog.class);

    static final String CLEAN_SHUTDOWN_FILE = "clean-shutdown";
    static final String LOCK_FILE = ".lock";
    private static final int IO_BUFFER_BYTES = 256 * 1024;
    private static final int RECOVERY_CHUNK_BYTES = 1024 * 1024;
    private static final int MAX_READ_CHUNK_BYTES = 1024 * 1024;

    private final String name;
    private final Path directory;
    private final AppendLogOptions options;
    private final RecordFraming framing;
    private final LogMetrics metrics;
    private final FileChannel lockChannel;
    private final FileLock directoryLock;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();

    /** Held while sealing, truncating, applying retention and closing: they change the segment set. */
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    private final Baton writer = new Baton();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Baton syncer = new Baton();
    private final ByteBuffer ioBuffer = ByteBuffer.allocateDirect(IO_BUFFER_BYTES);
    /** A written batch's buffer, kept for the next batch: at most one, no larger than {@link #ioBuffer}. */
    private final AtomicReference<byte[]> spareBatchBuffer = new AtomicReference<>();
    /** A segment file was created since the directory was last forced. */
    private volatile boolean directoryDirty;
    /** Long polls waiting for the end offset to grow; appends signal only when there are any. */
    private final ReentrantLock tailLock = new ReentrantLock();
    private final Condition tailGrown = tailLock.newCondition();
    private volatile int tailWaiters;

    // guarded by appendLock
    private PendingBatch openBatch;
    private long nextOffset;
    private long appendPosition;
    private long lastIndexedPosition;

    private volatile LogSegment active;
    private volatile long startOffset;
    private volatile long writtenEnd;
    private final AtomicLong syncedEnd = new AtomicLong();
    private volatile boolean closed;
    private final ScheduledFuture<?> flushTask;
    /** Seals rolled segments in the background ({@code INTERVAL}, {@code NONE}); null: the appender does. */
    private final java.util.concurrent.Executor sealer;

    private SegmentedAppendLog(String name, Path directory, AppendLogOptions options, MeterRegistry registry,
                               ScheduledExecutorService scheduler) throws IOException {
        this.name = name;
        this.directory = directory;
        this.options = options;
        this.framing = options.framing();
        Files.createDirectories(directory);
        this.lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new StorageException("log directory " + directory + " is in use by another log instance");
        }
        this.directoryLock = lock;
        this.metrics = registry == null ? LogMetrics.detached(name, this::stats)
                : new LogMetrics(registry, name, this::stats);
        try {
            load();
        } catch (IOException | RuntimeException e) {
            segments.values().forEach(LogSegment::close);
            metrics.close();
            directoryLock.release();
            lockChannel.close();
            throw e;
        }
        this.sealer = options.durability() != Durability.ALWAYS ? scheduler : null;
        if (options.durability() == Durability.INTERVAL && scheduler != null) {
            long period = options.flushInterval().toMillis();
            this.flushTask = scheduler.scheduleWithFixedDelay(this::flushQuietly, period, period, TimeUnit.MILLISECONDS);
        } else {
            this.flushTask = null;
        }
    }

    /**
     * Opens (creating if needed) the log in {@code directory}, recovering it after a crash.
     *
     * @param registry where the log's meters go; null keeps them private
     * @param scheduler runs the periodic fsync of {@link Durability#INTERVAL}; null leaves it to
     *     the caller ({@link #flush()})
     */
    public static SegmentedAppendLog open(String name, Path directory, AppendLogOptions options,
                                          MeterRegistry registry, ScheduledExecutorService scheduler) {
        try {
            return new SegmentedAppendLog(name, directory, options, registry, scheduler);
        } catch (IOException e) {
            throw StorageFailures.translate("opening log " + name, e);
        }
    }

    // ---------------------------------------------------------------- opening and recovery

    private void load() throws IOException {
        Path cleanMarker = directory.resolve(CLEAN_SHUTDOWN_FILE);
        boolean clean = Files.deleteIfExists(cleanMarker);
        if (clean) {
            fsyncDirectory();
        }
        List<Long> baseOffsets = listBaseOffsets();
        if (baseOffsets.isEmpty()) {
            LogSegment first = LogSegment.create(directory, 0);
            fsyncDirectory();
            segments.put(0L, first);
            baseOffsets = List.of(0L);
        } else {
            for (int i = 0; i < baseOffsets.size(); i++) {
                long base = baseOffsets.get(i);
                LogSegment segment = LogSegment.open(directory, base);
                segments.put(base, segment);
                boolean last = i == baseOffsets.size() - 1;
                if (last) {
                    recoverActive(segment, clean);
                } else if (!loadSealed(segment, baseOffsets.get(i + 1))) {
                    dropSegmentsAfter(base);
                    break;
                }
            }
        }
        LogSegment last = segments.lastEntry().getValue();
        active = last;
        startOffset = segments.firstKey();
        nextOffset = last.endOffset();
        writtenEnd = nextOffset;
        syncedEnd.set(nextOffset);
        appendPosition = last.size();
        lastIndexedPosition = last.index().lastPosition();
    }

    private List<Long> listBaseOffsets() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(LogSegment.LOG_SUFFIX) && n.length() == 20 + LogSegment.LOG_SUFFIX.length())
                    .map(n -> Long.parseLong(n.substring(0, 20)))
                    .sorted()
                    .toList();
        }
    }

    /**
     * A segment followed by another: trusted with its index file, or scanned to rebuild it.
     *
     * @return false if the scan found a torn or corrupt frame: the segment was cut there and
     *     becomes the last one
     */
    private boolean loadSealed(LogSegment segment, long nextBase) throws IOException {
        long length = segment.fileLength();
        OffsetIndex mapped = OffsetIndex.mapSealed(segment.indexFile(), segment.baseOffset(), length);
        if (mapped != null) {
            segment.restore(length, nextBase, mapped, true);
            return true;
        }
        log.warn("Log {}: rebuilding the index of segment {}", name, segment);
        boolean intact = recover(segment, OffsetIndex.empty(segment.baseOffset()), 0, segment.baseOffset());
        if (intact && segment.endOffset() == nextBase) {
            segment.seal(true);
            return true;
        }
        log.error("Log {}: segment {} ends at offset {} but the next segment starts at {}; "
                + "the log is cut after offset {}", name, segment, segment.endOffset(), nextBase, segment.endOffset() - 1);
        return false;
    }

    private void recoverActive(LogSegment segment, boolean clean) throws IOException {
        OffsetIndex index = OffsetIndex.empty(segment.baseOffset());
        long position = 0;
        long offset = segment.baseOffset();
        if (clean) {
            OffsetIndex saved = OffsetIndex.loadMutable(segment.indexFile(), segment.baseOffset(), segment.fileLength());
            if (saved != null) {
                index = saved;
                long[] lastEntry = index.lookup(Long.MAX_VALUE);
                offset = lastEntry[0];
                position = lastEntry[1];
            }
        }
        Files.deleteIfExists(segment.indexFile());
        recover(segment, index, position, offset);
    }

    /**
     * Scans {@code segment} from a frame boundary, rebuilding its index and cutting the file at
     * the first torn or corrupt frame.
     *
     * @return true if the scan reached the end of the file without cutting
     */
    private boolean recover(LogSegment segment, OffsetIndex index, long position, long offset) throws IOException {
        long length = segment.fileLength();
        FrameScanner scanner = new FrameScanner(segment, framing, options.maxFrameBytes(), position, offset, length,
                RECOVERY_CHUNK_BYTES);
        long lastIndexed = index.lastPosition();
        while (scanner.advance()) {
            if (scanner.framePosition() - lastIndexed >= options.indexIntervalBytes()) {
                index.append(scanner.frameOffset(), (int) scanner.framePosition());
                lastIndexed = scanner.framePosition();
            }
        }
        long validSize = scanner.nextPosition();
        boolean intact = scanner.stop() == FrameScanner.Stop.END;
        if (!intact) {
            long cut = length - validSize;
            log.warn("Log {}: segment {} has a {} tail ({}) at position {}; cutting {} bytes, "
                            + "the log now ends at offset {}", name, segment,
                    scanner.stop() == FrameScanner.Stop.TORN ? "torn" : "corrupt", scanner.problem(), validSize, cut,
                    scanner.nextOffset());
            segment.truncateFile(validSize);
            segment.force();
            metrics.recoveryTruncated(cut);
        }
        segment.restore(validSize, scanner.nextOffset(), index, false);
        return intact;
    }

    private void dropSegmentsAfter(long baseOffset) throws IOException {
        for (LogSegment later : new ArrayList<>(segments.tailMap(baseOffset, false).values())) {
            segments.remove(later.baseOffset());
            log.warn("Log {}: deleting segment {}, which follows the cut", name, later);
            later.delete();
        }
        fsyncDirectory();
    }

    // ---------------------------------------------------------------- appending

    @Override
    public String name() {
        return name;
    }

    @Override
    public long append(ByteBuffer payload) {
        return appendAll(List.of(payload));
    }

    @Override
    public long appendAll(List<ByteBuffer> payloads) {
        Reservation reservation = reserve(payloads);
        reservation.await();
        return reservation.firstOffset();
    }

    @Override
    public DeferredAppend appendDeferred(List<ByteBuffer> payloads) {
        return reserve(payloads);
    }

    /** Step 1: frames the records into the open batch and assigns their offsets; no waiting on I/O. */
    private Reservation reserve(List<ByteBuffer> payloads) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("nothing to append");
        }
        int totalBytes = 0;
        for (ByteBuffer payload : payloads) {
            if (payload.remaining() > options.maxRecordBytes()) {
                throw new RecordTooLargeException(payload.remaining(), options.maxRecordBytes());
            }
            totalBytes = Math.addExact(totalBytes, framing.frameSize(payload.remaining()));
        }
        List<LogSegment> rolled = List.of();
        appendLock.lock();
        try {
            while (needsRoll(totalBytes)) {
                appendLock.unlock();
                try {
                    LogSegment old = roll(totalBytes, false);
                    if (old != null) {
                        rolled = List.of(old);
                    }
                } finally {
                    appendLock.lock();
                }
            }
            ensureOpen();
            PendingBatch batch = openBatch;
            if (batch == null) {
                batch = new PendingBatch(active, nextOffset, appendPosition, batchBuffer(totalBytes));
                openBatch = batch;
            }
            long first = nextOffset;
            int records = 0;
            for (ByteBuffer payload : payloads) {
                int frameBytes = framing.frameSize(payload.remaining());
                ByteBuffer frame = batch.reserve(frameBytes);
                framing.encode(payload.duplicate(), frame);
                frame.flip();
                framing.assignOffset(frame, nextOffset);
                int count = framing.recordCount(payload.duplicate());
                if (appendPosition - lastIndexedPosition >= options.indexIntervalBytes()) {
                    batch.addIndexEntry(nextOffset, appendPosition);
                    lastIndexedPosition = appendPosition;
                }
                batch.added(frameBytes, count);
                nextOffset += count;
                appendPosition += frameBytes;
                records += count;
            }
            return new Reservation(batch, first, nextOffset, records, totalBytes, rolled);
        } finally {
            appendLock.unlock();
        }
    }

    /** Records framed and numbered by {@link #reserve}; {@link #await} does steps 2 and 3. */
    private final class Reservation implements DeferredAppend {

        private final PendingBatch batch;
        private final long first;
        private final long end;
        private final int records;
        private final int bytes;
        private final List<LogSegment> rolled;
        private boolean done;

        Reservation(PendingBatch batch, long first, long end, int records, int bytes, List<LogSegment> rolled) {
            this.batch = batch;
            this.first = first;
            this.end = end;
            this.records = records;
            this.bytes = bytes;
            this.rolled = rolled;
        }

        @Override
        public long firstOffset() {
            return first;
        }

        @Override
        public void await() {
            if (done) {
                return;
            }
            rolled.forEach(SegmentedAppendLog.this::sealSoon);
            awaitWritten(batch);
            if (options.durability() == Durability.ALWAYS) {
                syncThrough(end);
            }
            metrics.appended(records, bytes);
            done = true;
        }
    }

    /** Append lock held. */
    private boolean needsRoll(int incomingBytes) {
        if (appendPosition == 0) {
            return false;
        }
        return appendPosition + incomingBytes > options.segmentBytes()
                || System.currentTimeMillis() - active.createdAtMillis() >= options.segmentAge().toMillis();
    }

    /** Step 2: the batch is written by this thread or was written by an earlier writer. */
    private void awaitWritten(PendingBatch batch) {
        if (writer.takeUnless(() -> batch.state() != PendingBatch.State.OPEN)) {
            try {
                // Batches are detached only by the writer and settled before it is released,
                // so an open batch is necessarily the current one.
                PendingBatch toWrite;
                appendLock.lock();
                try {
                    toWrite = openBatch;
                    openBatch = null;
                } finally {
                    appendLock.unlock();
                }
                writeBatch(toWrite);
            } finally {
                writer.release();
            }
        }
        if (batch.state() == PendingBatch.State.FAILED) {
            throw batch.failure();
        }
    }

    /** A buffer for a new batch whose first frames take {@code capacity} bytes: the spare one if it is large enough. */
    private byte[] batchBuffer(int capacity) {
        byte[] spare = spareBatchBuffer.getAndSet(null);
        return spare != null && spare.length >= capacity ? spare : new byte[Math.max(capacity, 256)];
    }

    /** Writer baton held. Settles the batch: written and published, or failed and undone. */
    private void writeBatch(PendingBatch batch) {
        LogSegment segment = batch.segment;
        try {
            ByteBuffer content = batch.content();
            long position = batch.startPosition;
            while (content.hasRemaining()) {
                int chunk = Math.min(content.remaining(), ioBuffer.capacity());
                ioBuffer.clear();
                ioBuffer.put(ioBuffer.position(), content, content.position(), chunk);
                ioBuffer.limit(chunk);
                content.position(content.position() + chunk);
                segment.write(ioBuffer, position);
                position += chunk;
            }
            batch.applyIndexEntries(segment.index());
            segment.publish(batch.endPosition(), batch.endOffset());
            writtenEnd = batch.endOffset();
            byte[] buffer = batch.written();
            if (buffer.length <= IO_BUFFER_BYTES) {
                spareBatchBuffer.set(buffer);
            }
            wakeTailWaiters();
        } catch (IOException e) {
            StorageException failure = StorageFailures.translate("append to log " + name, e);
            metrics.appendFailed(StorageFailures.isDiskFull(e));
            appendLock.lock();
            try {
                PendingBatch later = openBatch;
                openBatch = null;
                if (later != null) {
                    later.failed(failure);
                }
                nextOffset = batch.firstOffset;
                appendPosition = batch.startPosition;
                lastIndexedPosition = segment.index().lastPosition();
            } finally {
                appendLock.unlock();
            }
            try {
                segment.truncateFile(batch.startPosition);
            } catch (IOException undo) {
                log.warn("Log {}: could not cut a failed write back to position {} of {}; "
                        + "the next write overwrites it", name, batch.startPosition, segment, undo);
            }
            batch.failed(failure);
        }
    }

    /** Step 3: everything below {@code end} is forced to the device. */
    private void syncThrough(long end) {
        while (syncer.takeUnless(() -> syncedEnd.get() >= end)) {
            try {
                // Read the target before the segments: every unforced record below it lies in the
                // segment holding the first unforced offset or in a later one.
                long target = writtenEnd;
                Long first = segments.floorKey(syncedEnd.get());
                long started = System.nanoTime();
                for (LogSegment segment : (first == null ? segments : segments.tailMap(first, true)).values()) {
                    forceUnlessDeleted(segment);
                }
                if (directoryDirty) {
                    directoryDirty = false;
                    fsyncDirectory();
                }
                metrics.fsynced(System.nanoTime() - started);
                syncedEnd.accumulateAndGet(target, Math::max);
            } catch (IOException e) {
                directoryDirty = true;
                throw StorageFailures.translate("fsync of log " + name, e);
            } finally {
                syncer.release();
            }
        }
    }

    /** Retention may delete a segment while it is being forced; its records are gone anyway. */
    private static void forceUnlessDeleted(LogSegment segment) throws IOException {
        try {
            segment.force();
        } catch (ClosedChannelException e) {
            if (!segment.isClosed()) {
                throw e;
            }
        }
    }

    /**
     * Switches appends to a new segment. The old one is returned for {@link #seal}, which the
     * caller runs after the append lock is released.
     *
     * @return the segment to seal, or null if another appender rolled meanwhile
     */
    private LogSegment roll(int incomingBytes, boolean always) {
        writer.take();
        try {
            appendLock.lock();
            try {
                ensureOpen();
                if (always ? appendPosition == 0 : !needsRoll(incomingBytes)) {
                    return null;
                }
                PendingBatch pending = openBatch;
                openBatch = null;
                if (pending != null) {
                    writeBatch(pending);
                    if (pending.state() == PendingBatch.State.FAILED) {
                        throw pending.failure();
                    }
                }
                LogSegment old = active;
                LogSegment fresh;
                try {
                    fresh = LogSegment.create(directory, nextOffset);
                } catch (IOException e) {
                    throw StorageFailures.translate("rolling a new segment of log " + name, e);
                }
                directoryDirty = true;
                segments.put(fresh.baseOffset(), fresh);
                active = fresh;
                appendPosition = 0;
                lastIndexedPosition = 0;
                return old;
            } finally {
                appendLock.unlock();
            }
        } finally {
            writer.release();
        }
    }

    /** Seals {@code rolled} on the sealer if there is one, else now in this thread. */
    private void sealSoon(LogSegment rolled) {
        if (sealer != null) {
            try {
                sealer.execute(() -> seal(rolled));
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the scheduler is shutting down: seal here
            }
        }
        seal(rolled);
    }

    /**
     * Makes a rolled segment immutable: forces it (unless the policy is {@code NONE}), writes its
     * index file and forces the directory. Runs without the append lock; appends go on meanwhile.
     * If the process dies before the index is written, recovery rebuilds it.
     */
    private void seal(LogSegment rolled) {
        boolean force = options.durability() != Durability.NONE;
        maintenanceLock.lock();
        try {
            if (closed || rolled.isClosed() || rolled.isSealed()) {
                return;
            }
            rolled.seal(force);
            if (force && directoryDirty) {
                directoryDirty = false;
                fsyncDirectory();
            }
        } catch (IOException e) {
            log.warn("Log {}: sealing segment {} failed ({}); it is forced with the next fsync and its "
                    + "index is rebuilt when the log is opened", name, rolled, e.getMessage());
        } finally {
            maintenanceLock.unlock();
        }
    }

    @Override
    public void flush() {
        ensureOpen();
        syncThrough(writtenEnd);
    }

    private void flushQuietly() {
        if (closed || syncedEnd.get() >= writtenEnd) {
            return;
        }
        try {
            syncThrough(writtenEnd);
        } catch (RuntimeException e) {
            log.warn("Log {}: periodic fsync failed: {}", name, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public ReadResult read(long offset, int maxRecords, int maxBytes) {
        for (int attempt = 0; ; attempt++) {
            ensureOpen();
            long start = startOffset;
            long end = writtenEnd;
            if (offset < start || offset > end) {
                throw new OffsetOutOfRangeException(offset, start, end);
            }
            if (offset == end || maxRecords <= 0) {
                return new ReadResult(List.of(), offset, end);
            }
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
            try {
                if (entry != null) {
                    return readFrom(entry.getValue(), offset, maxRecords, maxBytes, end);
                }
            } catch (ClosedChannelException deletedWhileReading) {
                if (attempt >= 3) {
                    throw StorageFailures.translate("reading log " + name, deletedWhileReading);
                }
            } catch (IOException e) {
                throw StorageFailures.translate("reading log " + name, e);
            }
            // the segment was deleted by retention or truncation meanwhile: look again
        }
    }

    private ReadResult readFrom(LogSegment segment, long offset, int maxRecords, int maxBytes, long end)
            throws IOException {
        long[] floor = segment.index().lookup(offset);
        long limit = segment.size();
        int chunk = (int) Math.min(Math.max(maxBytes, 4096) + (long) options.indexIntervalBytes(), MAX_READ_CHUNK_BYTES);
        FrameScanner scanner = new FrameScanner(segment, framing, options.maxFrameBytes(), floor[1], floor[0], limit,
                chunk);
        List<LogEntry> entries = new ArrayList<>();
        long bytes = 0;
        long records = 0;
        long next = offset;
        while (scanner.advance()) {
            RecordFraming.Frame frame = scanner.frame();
            if (scanner.nextOffset() <= offset) {
                continue;
            }
            if (scanner.frameOffset() >= end) {
                // published after this read took its end: leave it for the next read, or a caller
                // could ask for an offset beyond the end it was just told before the end is raised
                break;
            }
            entries.add(new LogEntry(scanner.frameOffset(), frame.recordCount(), frame.payload()));
            bytes += frame.frameLength();
            records += frame.recordCount();
            next = scanner.nextOffset();
            if (records >= maxRecords || bytes >= maxBytes) {
                break;
            }
        }
        if (scanner.stop() == FrameScanner.Stop.CORRUPT || scanner.stop() == FrameScanner.Stop.TORN) {
            if (segment.isClosed()) {
                throw new ClosedChannelException();
            }
            throw new CorruptDataException("log " + name + ", segment " + segment + ": " + scanner.problem()
                    + " at position " + scanner.nextPosition());
        }
        return new ReadResult(List.copyOf(entries), next, end);
    }

    @Override
    public long awaitEndOffsetAfter(long offset, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        if (writtenEnd > offset || nanos <= 0) {
            return writtenEnd;
        }
        tailLock.lock();
        try {
            tailWaiters++;
            try {
                // tailWaiters is written before writtenEnd is read here, and an append writes
                // writtenEnd before it reads tailWaiters: one of the two sees the other.
                while (writtenEnd <= offset && nanos > 0 && !closed) {
                    nanos = tailGrown.awaitNanos(nanos);
                }
            } finally {
                tailWaiters--;
            }
            return writtenEnd;
        } finally {
            tailLock.unlock();
        }
    }

    private void wakeTailWaiters() {
        if (tailWaiters > 0) {
            tailLock.lock();
            try {
                tailGrown.signalAll();
            } finally {
                tailLock.unlock();
            }
        }
    }

    @Override
    public long startOffset() {
        return startOffset;
    }

    @Override
    public long endOffset() {
        return writtenEnd;
    }

    @Override
    public long nextOffset() {
        appendLock.lock();
        try {
            return nextOffset;
        } finally {
            appendLock.unlock();
        }
    }

    @Override
    public boolean rollSegment() {
        LogSegment old = roll(0, true);
        if (old == null) {
            return false;
        }
        seal(old);
        return true;
    }

    // ---------------------------------------------------------------- retention and truncation

    @Override
    public int applyRetention() {
        if (options.retentionAge() == null && options.retentionBytes() < 0) {
            return 0;
        }
        List<LogSegment> doomed = new ArrayList<>();
        maintenanceLock.lock();
        try {
            ensureOpen();
            long total = totalSize();
            long oldestKept = options.retentionAge() == null ? Long.MIN_VALUE
                    : System.currentTimeMillis() - options.retentionAge().toMillis();
            for (LogSegment segment : segments.values()) {
                if (segment == active) {
                    break;
                }
                boolean tooBig = options.retentionBytes() >= 0 && total - segment.size() >= options.retentionBytes();
                boolean tooOld = segment.lastModifiedMillis() < oldestKept;
                if (!tooBig && !tooOld) {
                    break;
                }
                doomed.add(segment);
                total -= segment.size();
            }
            if (doomed.isEmpty()) {
                return 0;
            }
            startOffset = segments.higherKey(doomed.getLast().baseOffset());
            doomed.forEach(segment -> segments.remove(segment.baseOffset()));
        } catch (IOException e) {
            throw StorageFailures.translate("retention of log " + name, e);
        } finally {
            maintenanceLock.unlock();
        }
        for (LogSegment segment : doomed) {
            try {
                segment.delete();
            } catch (IOException e) {
                log.warn("Log {}: could not delete expired segment {}: {}", name, segment, e.getMessage());
            }
        }
        metrics.retentionDeleted(doomed.size());
        log.info("Log {}: retention deleted {} segment(s); the log now starts at offset {}", name, doomed.size(),
                startOffset);
        return doomed.size();
    }

    @Override
    public int deleteSegmentsBefore(long offset) {
        List<LogSegment> doomed = new ArrayList<>();
        maintenanceLock.lock();
        try {
            ensureOpen();
            for (LogSegment segment : segments.values()) {
                Long next = segments.higherKey(segment.baseOffset());
                if (segment == active || next == null || next > offset) {
                    break;
                }
                doomed.add(segment);
            }
            if (doomed.isEmpty()) {
                return 0;
            }
            startOffset = segments.higherKey(doomed.getLast().baseOffset());
            doomed.forEach(segment -> segments.remove(segment.baseOffset()));
        } finally {
            maintenanceLock.unlock();
        }
        for (LogSegment segment : doomed) {
            try {
                segment.delete();
            } catch (IOException e) {
                log.warn("Log {}: could not delete segment {}: {}", name, segment, e.getMessage());
            }
        }
        metrics.retentionDeleted(doomed.size());
        log.info("Log {}: deleted {} segment(s) before offset {}; the log now starts at offset {}", name,
                doomed.size(), offset, startOffset);
        return doomed.size();
    }

    @Override
    public void truncateAfter(long offset) {
        maintenanceLock.lock();
        writer.take();
        appendLock.lock();
        syncer.take();
        try {
            ensureOpen();
            PendingBatch pending = openBatch;
            openBatch = null;
            if (pending != null) {
                writeBatch(pending);
            }
            long newEnd = offset + 1;
            if (newEnd < startOffset) {
                throw new IllegalArgumentException("cannot truncate after offset " + offset
                        + ": the log starts at " + startOffset);
            }
            if (newEnd >= writtenEnd) {
                return;
            }
            LogSegment target;
            if (newEnd == startOffset) {
                for (LogSegment segment : new ArrayList<>(segments.values())) {
                    segments.remove(segment.baseOffset());
                    segment.delete();
                }
                target = LogSegment.create(directory, newEnd);
                segments.put(newEnd, target);
            } else {
                target = segments.floorEntry(newEnd - 1).getValue();
                dropSegmentsAfter(target.baseOffset());
                if (target.isSealed()) {
                    target.unseal();
                }
                cutSegmentAt(target, newEnd);
            }
            target.force();
            fsyncDirectory();
            active = target;
            nextOffset = target.endOffset();
            writtenEnd = nextOffset;
            syncedEnd.set(nextOffset);
            appendPosition = target.size();
            lastIndexedPosition = target.index().lastPosition();
            wakeTailWaiters();
            log.info("Log {}: truncated; the next offset is {}", name, nextOffset);
        } catch (IOException e) {
            throw StorageFailures.translate("truncating log " + name, e);
        } finally {
            syncer.release();
            appendLock.unlock();
            writer.release();
            maintenanceLock.unlock();
        }
    }

    /** Cuts {@code segment} before the first frame that holds an offset at or after {@code newEnd}. */
    private void cutSegmentAt(LogSegment segment, long newEnd) throws IOException {
        long[] floor = segment.index().lookup(newEnd);
        FrameScanner scanner = new FrameScanner(segment, framing, options.maxFrameBytes(), floor[1], floor[0],
                segment.size(), RECOVERY_CHUNK_BYTES);
        long cutPosition = segment.size();
        long cutOffset = segment.endOffset();
        while (scanner.advance()) {
            if (scanner.nextOffset() > newEnd) {
                cutPosition = scanner.framePosition();
                cutOffset = scanner.frameOffset();
                break;
            }
        }
        segment.truncateFile(cutPosition);
        segment.index().truncateTo(cutOffset);
        segment.publish(cutPosition, cutOffset);
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public AppendLogStats stats() {
        long end = writtenEnd;
        return new AppendLogStats(name, startOffset, end, segments.size(), totalSize(), options.durability(),
                Math.min(end, syncedEnd.get()));
    }

    private long totalSize() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The directory holding the segment files. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        maintenanceLock.lock();
        writer.take();
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            PendingBatch pending = openBatch;
            openBatch = null;
            if (pending != null) {
                writeBatch(pending);
            }
            closed = true;
            tailLock.lock();
            try {
                tailGrown.signalAll();
            } finally {
                tailLock.unlock();
            }
            if (flushTask != null) {
                flushTask.cancel(false);
            }
            try {
                LogSegment last = active;
                for (LogSegment segment : segments.values()) {
                    if (segment != last && !segment.isSealed()) {
                        segment.seal(true);
                    }
                }
                last.force();
                last.index().writeTo(last.indexFile(), true);
                Files.createFile(directory.resolve(CLEAN_SHUTDOWN_FILE));
                fsyncDirectory();
            } catch (IOException e) {
                log.warn("Log {}: could not record a clean shutdown ({}); it will be recovered when opened",
                        name, e.getMessage());
            }
            segments.values().forEach(LogSegment::close);
            metrics.close();
            try {
                directoryLock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        } finally {
            appendLock.unlock();
            writer.release();
            maintenanceLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageException("log " + name + " is closed");
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public String toString() {
        return "SegmentedAppendLog[" + name + "]";
    }
}
