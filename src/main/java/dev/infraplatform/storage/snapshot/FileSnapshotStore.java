package dev.infraplatform.storage.snapshot;

import dev.infraplatform.storage.CorruptDataException;
import dev.infraplatform.storage.SnapshotInfo;
import dev.infraplatform.storage.SnapshotStore;
import dev.infraplatform.storage.StorageFailures;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SnapshotStore} keeping each generation in its own file in one directory:
 * {@code <name>-<generation, 20 zero-padded digits>.snap}, written as
 * {@code <name>-<generation>.snap.tmp} first. The file format (header magic, payload, trailer with
 * length and CRC32C, end magic) is documented in {@link SnapshotFormat}.
 *
 * <p>Invariant: a crash at any moment leaves the previous snapshot intact. A write streams the payload
 * into the temp file, appends the trailer, fsyncs the file, renames it into place atomically and
 * fsyncs the directory; only then are generations beyond the newest {@code generations} deleted. A
 * crash before the rename leaves a {@code .tmp} file that the next constructor deletes; a crash after
 * it leaves the complete new snapshot. A snapshot damaged afterwards (flipped bits, truncation) fails
 * verification when read and the previous generation is used instead.
 *
 * <p>Costs: a write is one sequential pass over the payload (CRC32C computed on the fly, 64 KiB
 * buffer, never the whole payload in memory) plus two fsyncs. {@link #readLatest} reads the chosen file
 * twice (verification, then the reader's pass) and each newer damaged file once, holding one open file
 * per generation meanwhile; {@link #list()} is one directory scan. Disk use peaks at
 * {@code generations + 1} snapshots during a write. Only damage detected by the format makes a read fall
 * back; an I/O error is thrown, so that a transient failure never silently restores older state.
 *
 * <p>Writes are serialized by a lock. Reads run concurrently with a write: they list and open the
 * snapshot files under a short read lock that only the rename and the retention pass take exclusively,
 * then verify and read without any lock (a generation deleted by retention stays readable through the
 * reader's open file). One store instance per directory and name: two instances or processes writing
 * the same name are not supported.
 */
public final class FileSnapshotStore implements SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(FileSnapshotStore.class);

    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String SUFFIX = ".snap";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private final Path directory;
    private final String name;
    private final int generations;
    private final Pattern snapshotFile;
    private final Pattern tempFile;
    /** Serializes writes: one temp file, one generation number at a time. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /**
     * Makes each rename and each retention pass atomic with respect to listing: a directory scan that
     * overlaps a rename and a delete could otherwise see neither the new file nor the old one.
     * Held only for those metadata operations, never while a payload is written or read.
     */
    private final ReentrantReadWriteLock publishLock = new ReentrantReadWriteLock();
    /** Guarded by writeLock. */
    private long nextGeneration;

    /**
     * Opens (creating the directory if needed) the snapshots called {@code name} in {@code directory},
     * deleting temp files left by a crashed write.
     *
     * @param name letters, digits, '.', '_' and '-'
     * @param generations how many of the newest snapshots to keep, at least 1
     */
    public FileSnapshotStore(Path directory, String name, int generations) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.name = Objects.requireNonNull(name, "name");
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("snapshot name must match " + VALID_NAME + ": '" + name + "'");
        }
        if (generations < 1) {
            throw new IllegalArgumentException("generations must be at least 1, was " + generations);
        }
        this.generations = generations;
        this.snapshotFile = Pattern.compile(Pattern.quote(name + "-") + "(\\d{20})" + Pattern.quote(SUFFIX));
        this.tempFile = Pattern.compile(Pattern.quote(name + "-") + "\\d{20}" + Pattern.quote(SUFFIX + TEMP_SUFFIX));
        try {
            Files.createDirectories(directory);
            deleteLeftoverTempFiles();
        } catch (IOException e) {
            throw StorageFailures.translate("snapshot store open in " + directory, e);
        }
        List<SnapshotInfo> existing = list();
        this.nextGeneration = existing.isEmpty() ? 1 : existing.getFirst().generation() + 1;
    }

    @Override
    public SnapshotInfo write(PayloadWriter writer) {
        Objects.requireNonNull(writer, "writer");
        writeLock.lock();
        try {
            long generation = nextGeneration;
            Path target = directory.resolve(fileName(generation));
            Path temp = directory.resolve(fileName(generation) + TEMP_SUFFIX);
            long payloadBytes;
            try {
                payloadBytes = writeTempFile(temp, writer);
                publish(temp, target);
            } catch (IOException e) {
                deleteTempFile(temp, e);
                throw StorageFailures.translate("snapshot write", e);
            } catch (RuntimeException | Error e) {
                deleteTempFile(temp, e);
                throw e;
            }
            // The generation is visible from here on, even if the directory fsync below fails.
            nextGeneration = generation + 1;
            try {
                fsyncDirectory();
                SnapshotInfo written = new SnapshotInfo(generation, target, payloadBytes,
                        Files.getLastModifiedTime(target).toInstant());
                deleteGenerationsBeyondRetention();
                return written;
            } catch (IOException e) {
                throw StorageFailures.translate("snapshot write", e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> Optional<T> readLatest(PayloadReader<T> reader) {
        Objects.requireNonNull(reader, "reader");
        List<OpenSnapshot> candidates = openAllNewestFirst();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> damage = new ArrayList<>();
            for (OpenSnapshot candidate : candidates) {
                SnapshotInfo snapshot = candidate.snapshot();
                SnapshotFormat.Verification verification;
                try {
                    verification = SnapshotFormat.verify(candidate.channel());
                } catch (IOException e) {
                    throw StorageFailures.translate("snapshot read of " + snapshot.file(), e);
                }
                if (verification instanceof SnapshotFormat.Damaged(String reason)) {
                    log.warn("Snapshot {} failed verification ({}); falling back to the previous generation",
                            snapshot.file(), reason);
                    damage.add(snapshot.file().getFileName() + ": " + reason);
                    continue;
                }
                long payloadBytes = ((SnapshotFormat.Intact) verification).payloadBytes();
                SnapshotInfo verified = new SnapshotInfo(snapshot.generation(), snapshot.file(), payloadBytes,
                        snapshot.createdAt());
                return Optional.of(readPayload(reader, verified, candidate.channel()));
            }
            throw new CorruptDataException("no intact snapshot '" + name + "' in " + directory + ": "
                    + String.join("; ", damage));
        } finally {
            candidates.forEach(OpenSnapshot::close);
        }
    }

    @Override
    public List<SnapshotInfo> list() {
        publishLock.readLock().lock();
        try {
            return listUnderPublishLock();
        } finally {
            publishLock.readLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "FileSnapshotStore[" + directory.resolve(name) + ", generations=" + generations + "]";
    }

    private List<SnapshotInfo> listUnderPublishLock() {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Matcher matcher = snapshotFile.matcher(file.getFileName().toString());
                if (!matcher.matches()) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // deleted since the scan saw it, by something other than this store
                }
                long payloadBytes = Math.max(0, attributes.size() - SnapshotFormat.OVERHEAD_BYTES);
                snapshots.add(new SnapshotInfo(Long.parseLong(matcher.group(1)), file, payloadBytes,
                        attributes.lastModifiedTime().toInstant()));
            }
        } catch (IOException e) {
            throw StorageFailures.translate("snapshot list in " + directory, e);
        } catch (DirectoryIteratorException e) {
            throw StorageFailures.translate("snapshot list in " + directory, e.getCause());
        }
        snapshots.sort(Comparator.comparingLong(SnapshotInfo::generation).reversed());
        return snapshots;
    }

    /**
     * Lists and opens every snapshot under the publish lock, so a concurrent write cannot rename or
     * prune files between the two; once open, a file stays readable even if retention deletes it.
     */
    private List<OpenSnapshot> openAllNewestFirst() {
        List<OpenSnapshot> opened = new ArrayList<>();
        publishLock.readLock().lock();
        try {
            for (SnapshotInfo snapshot : listUnderPublishLock()) {
                try {
                    opened.add(new OpenSnapshot(snapshot, FileChannel.open(snapshot.file(), StandardOpenOption.READ)));
                } catch (NoSuchFileException e) {
                    // deleted by something other than this store since it was listed: not a snapshot any more
                } catch (IOException e) {
                    opened.forEach(OpenSnapshot::close);
                    throw StorageFailures.translate("snapshot read of " + snapshot.file(), e);
                }
            }
            return opened;
        } finally {
            publishLock.readLock().unlock();
        }
    }

    private long writeTempFile(Path temp, PayloadWriter writer) throws IOException {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Not closed: closing the stream would close the channel before force().
            var file = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_BYTES);
            var payload = new SnapshotFormat.PayloadOutputStream(file);
            writer.writeTo(payload);
            payload.finish();
            channel.force(true);
            return payload.payloadBytes();
        }
    }

    private static <T> T readPayload(PayloadReader<T> reader, SnapshotInfo snapshot, FileChannel channel) {
        try (InputStream payload = new BufferedInputStream(
                SnapshotFormat.payload(channel, snapshot.payloadBytes()), READ_BUFFER_BYTES)) {
            return Objects.requireNonNull(reader.readFrom(snapshot, payload), "PayloadReader returned null");
        } catch (IOException e) {
            throw StorageFailures.translate("snapshot read of " + snapshot.file(), e);
        }
    }

    /** Makes the rename durable: without it a power loss may forget the new directory entry. */
    private void fsyncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private void publish(Path temp, Path target) throws IOException {
        publishLock.writeLock().lock();
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            publishLock.writeLock().unlock();
        }
    }

    private void deleteGenerationsBeyondRetention() {
        publishLock.writeLock().lock();
        try {
            List<SnapshotInfo> snapshots = listUnderPublishLock();
            for (SnapshotInfo old : snapshots.subList(Math.min(generations, snapshots.size()), snapshots.size())) {
                try {
                    Files.deleteIfExists(old.file());
                } catch (IOException e) {
                    // The new snapshot is published; an old one left behind only costs space until the next write.
                    log.warn("Could not delete old snapshot {}: {}", old.file(), e.toString());
                }
            }
        } finally {
            publishLock.writeLock().unlock();
        }
    }

    private void deleteLeftoverTempFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (tempFile.matcher(file.getFileName().toString()).matches()) {
                    log.info("Deleting {} left by an interrupted snapshot write", file);
                    Files.deleteIfExists(file);
                }
            }
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    private static void deleteTempFile(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private String fileName(long generation) {
        return "%s-%020d%s".formatted(name, generation, SUFFIX);
    }

    /** A listed snapshot and its file, opened before any later write could delete it. */
    private record OpenSnapshot(SnapshotInfo snapshot, FileChannel channel) {

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                // A read-only channel: nothing was written that a failed close could lose.
                log.warn("Could not close snapshot {}: {}", snapshot.file(), e.toString());
            }
        }
    }
}
