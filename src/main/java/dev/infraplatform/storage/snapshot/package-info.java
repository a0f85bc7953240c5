/**
 * The embedded {@link dev.infraplatform.storage.SnapshotStore}: one checksummed file per generation,
 * published by fsync, atomic rename and directory fsync, verified and falling back when read.
 * Depends only on the JDK, SLF4J and the {@code storage} root package.
 */
package dev.infraplatform.storage.snapshot;
