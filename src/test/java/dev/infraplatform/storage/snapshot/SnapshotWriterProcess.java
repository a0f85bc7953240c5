package dev.infraplatform.storage.snapshot;

import dev.infraplatform.storage.SnapshotInfo;
import java.nio.file.Path;
import java.util.Random;

/**
 * Child JVM of {@link SnapshotCrashTest}: writes snapshots in a loop until it is killed. Each payload
 * is derived from its generation number, so the test can recompute it, and is written slowly, in
 * chunks, so that a kill usually lands in the middle of a write.
 *
 * <p>Prints {@code writing <generation>;} before and {@code done <generation>;} after each write
 * (the trailing ';' lets the test tell a complete line from one cut by the kill).
 *
 * <p>Arguments: the snapshot directory.
 */
public final class SnapshotWriterProcess {

    static final String STORE_NAME = "crash";
    static final int GENERATIONS = 2;

    private static final int MIN_PAYLOAD_BYTES = 8 * 1024 * 1024;
    private static final int CHUNK_BYTES = 128 * 1024;

    private SnapshotWriterProcess() {
    }

    public static void main(String[] args) {
        FileSnapshotStore store = new FileSnapshotStore(Path.of(args[0]), STORE_NAME, GENERATIONS);
        while (true) {
            long generation = store.list().stream().mapToLong(SnapshotInfo::generation).max().orElse(0) + 1;
            byte[] payload = expectedPayload(generation);
            System.out.println("writing " + generation + ";");
            System.out.flush();
            SnapshotInfo written = store.write(out -> {
                for (int at = 0; at < payload.length; at += CHUNK_BYTES) {
                    out.write(payload, at, Math.min(CHUNK_BYTES, payload.length - at));
                    out.flush();
                    pause();
                }
            });
            if (written.generation() != generation) {
                throw new IllegalStateException("expected generation " + generation + ", wrote " + written);
            }
            System.out.println("done " + generation + ";");
            System.out.flush();
        }
    }

    /** The payload of a generation: 8 to 9 MiB of bytes from a Random seeded with the generation. */
    static byte[] expectedPayload(long generation) {
        Random random = new Random(0x5EED_0000L + generation);
        byte[] payload = new byte[MIN_PAYLOAD_BYTES + random.nextInt(1024 * 1024)];
        random.nextBytes(payload);
        return payload;
    }

    /** Throttles the write (about 70 chunks per write) so that most moments are mid-write. */
    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
