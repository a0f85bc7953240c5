package dev.infraplatform.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Named point-in-time snapshots, written atomically and verified when read back.
 *
 * <p>A write goes to a temporary file, is fsynced, renamed into place and the directory is
 * fsynced, so a crash at any moment leaves either the previous snapshot or the new one, never a
 * mix. Every snapshot carries a CRC32C of its payload; a newest snapshot that fails it is skipped
 * with a warning and the previous generation is used. The newest {@code generations} snapshots
 * are kept, older ones are deleted after a successful write.
 */
public interface SnapshotStore {

    /**
     * Writes a new generation. The writer streams the payload; if it throws, nothing is published
     * and the previous generations are untouched.
     *
     * @return what was written
     * @throws InsufficientStorageException if the device is full (no snapshot is published)
     */
    SnapshotInfo write(PayloadWriter writer);

    /**
     * Reads the newest snapshot whose checksum verifies, falling back generation by generation.
     *
     * @return empty when no snapshot exists
     * @throws CorruptDataException when snapshots exist but none verifies
     */
    <T> Optional<T> readLatest(PayloadReader<T> reader);

    /** Snapshots on disk, newest first (not verified). */
    List<SnapshotInfo> list();

    @FunctionalInterface
    interface PayloadWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    interface PayloadReader<T> {
        /** Reads the verified payload of the given snapshot; the stream ends where the payload ends. */
        T readFrom(SnapshotInfo snapshot, InputStream payload) throws IOException;
    }
}
