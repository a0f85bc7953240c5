package dev.infraplatform.storage;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One snapshot generation on disk.
 *
 * @param generation increasing number, newest is highest
 * @param file the snapshot file
 * @param payloadBytes size of the payload (without header and trailer)
 * @param createdAt when the write completed
 */
public record SnapshotInfo(long generation, Path file, long payloadBytes, Instant createdAt) {
}
