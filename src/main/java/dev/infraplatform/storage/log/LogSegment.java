package dev.infraplatform.storage.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One segment of an append log: the file {@code <baseOffset as 20 digits>.log} holding frames
 * back to back from position 0, and its sparse {@link OffsetIndex}.
 *
 * <p>Invariant: bytes below {@link #size()} are whole, valid frames whose offsets run
 * gap-free from {@link #baseOffset()} to {@link #endOffset()}; they are published (size and end
 * offset are volatile) only after they are written, so readers bounded by {@code size()} never
 * see a partial frame. Positions are int-sized, as a segment stays below 2 GiB.
 *
 * <p>I/O uses positional reads and writes on one {@link FileChannel}, so concurrent readers never
 * move a shared file pointer. An interrupted thread closes a {@code FileChannel} for everyone; the
 * segment then reopens it transparently unless the segment itself was closed.
 */
final class LogSegment {

    static final String LOG_SUFFIX = ".log";
    static final String INDEX_SUFFIX = ".index";

    private final long baseOffset;
    private final Path logFile;
    private final Path indexFile;
    private final long createdAtMillis;
    private final ReentrantLock reopenLock = new ReentrantLock();
    private volatile FileChannel channel;
    private volatile OffsetIndex index;
    private volatile long size;
    private volatile long endOffset;
    private volatile boolean sealed;
    private volatile boolean closed;

    private LogSegment(long baseOffset, Path logFile, FileChannel channel, long createdAtMillis) {
        this.baseOffset = baseOffset;
        this.logFile = logFile;
        this.indexFile = indexFileFor(logFile.getParent(), baseOffset);
        this.channel = channel;
        this.createdAtMillis = createdAtMillis;
        this.index = OffsetIndex.empty(baseOffset);
        this.endOffset = baseOffset;
    }

    static String fileStem(long baseOffset) {
        return String.format("%020d", baseOffset);
    }

    static Path logFileFor(Path directory, long baseOffset) {
        return directory.resolve(fileStem(baseOffset) + LOG_SUFFIX);
    }

    static Path indexFileFor(Path directory, long baseOffset) {
        return directory.resolve(fileStem(baseOffset) + INDEX_SUFFIX);
    }

    /** Creates a new, empty segment file; fails if it exists. */
    static LogSegment create(Path directory, long baseOffset) throws IOException {
        Path file = logFileFor(directory, baseOffset);
        Files.deleteIfExists(indexFileFor(directory, baseOffset));
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        return new LogSegment(baseOffset, file, channel, System.currentTimeMillis());
    }

    /** Opens an existing segment file; its size and end offset are unknown until recovered or loaded. */
    static LogSegment open(Path directory, long baseOffset) throws IOException {
        Path file = logFileFor(directory, baseOffset);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long created = Files.readAttributes(file, BasicFileAttributes.class).creationTime().toMillis();
        return new LogSegment(baseOffset, file, channel, created);
    }

    long baseOffset() {
        return baseOffset;
    }

    Path logFile() {
        return logFile;
    }

    Path indexFile() {
        return indexFile;
    }

    /** Bytes of whole frames in the file. */
    long size() {
        return size;
    }

    /** The offset after the last whole frame. */
    long endOffset() {
        return endOffset;
    }

    OffsetIndex index() {
        return index;
    }

    boolean isSealed() {
        return sealed;
    }

    long createdAtMillis() {
        return createdAtMillis;
    }

    /** When the segment last changed: the age of its newest record. */
    long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(logFile).toMillis();
    }

    /** Makes frames up to {@code newSize} / {@code newEndOffset} visible to readers. */
    void publish(long newSize, long newEndOffset) {
        this.endOffset = newEndOffset;
        this.size = newSize;
    }

    /** Sets size and end offset after recovery or loading, with the index that goes with them. */
    void restore(long newSize, long newEndOffset, OffsetIndex newIndex, boolean isSealed) {
        this.index = newIndex;
        this.sealed = isSealed;
        publish(newSize, newEndOffset);
    }

    /** Writes all of {@code source} at {@code position}. */
    void write(ByteBuffer source, long position) throws IOException {
        long at = position;
        while (source.hasRemaining()) {
            at += channel().write(source, at);
        }
    }

    /**
     * Reads into {@code target} from {@code position} until it is full or the file ends.
     *
     * @return bytes read
     */
    int read(ByteBuffer target, long position) throws IOException {
        int total = 0;
        while (target.hasRemaining()) {
            int n = channel().read(target, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Physical file length (may exceed {@link #size()} while a write is in flight or after a crash). */
    long fileLength() throws IOException {
        return channel().size();
    }

    /** Cuts the file at {@code newSize} (used by recovery and by undoing a failed write). */
    void truncateFile(long newSize) throws IOException {
        channel().truncate(newSize);
    }

    void force() throws IOException {
        channel().force(false);
    }

    /** Writes the index file, maps it read-only and marks the segment immutable. */
    void seal(boolean forceToDevice) throws IOException {
        if (forceToDevice) {
            force();
        }
        index.writeTo(indexFile, forceToDevice);
        OffsetIndex mapped = OffsetIndex.mapSealed(indexFile, baseOffset, size);
        if (mapped != null) {
            index = mapped;
        }
        sealed = true;
    }

    /** Makes a sealed segment writable again (truncation reaches back into it). */
    void unseal() throws IOException {
        index = index.toMutable();
        sealed = false;
        Files.deleteIfExists(indexFile);
    }

    void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Closes and removes the files; readers holding the segment then fail with a closed channel. */
    void delete() throws IOException {
        close();
        Files.deleteIfExists(logFile);
        Files.deleteIfExists(indexFile);
    }

    boolean isClosed() {
        return closed;
    }

    private FileChannel channel() throws IOException {
        FileChannel current = channel;
        if (current.isOpen()) {
            return current;
        }
        reopenLock.lock();
        try {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (!channel.isOpen()) {
                try {
                    channel = FileChannel.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } catch (NoSuchFileException deleted) {
                    throw new ClosedChannelException();
                }
            }
            return channel;
        } finally {
            reopenLock.unlock();
        }
    }

    @Override
    public String toString() {
        return logFile.getFileName().toString();
    }
}
