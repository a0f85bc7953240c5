package dev.infraplatform.storage;

import java.nio.ByteBuffer;

/**
 * How payloads are laid out in an {@link AppendLog}'s segment files. The framing decides the
 * on-disk format, so that a module can keep a standard one: the default frames each record with
 * a length and a CRC32C ({@link #checksummed()}), the cache AOF keeps plain RESP commands, the log
 * broker may keep Kafka record batches. A frame must be self-delimiting: recovery finds the end of
 * the valid data by decoding frame after frame from the start of a segment.
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface RecordFraming {

    /** The default framing: {@code [length:int32][crc32c:int32][payload]}, big-endian. */
    static RecordFraming checksummed() {
        return ChecksummedFraming.INSTANCE;
    }

    /** A short name for logs and metrics. */
    String name();

    /** Bytes the frame of a payload of {@code payloadSize} bytes occupies on disk. */
    int frameSize(int payloadSize);

    /**
     * How many offsets the payload occupies: 1 for a single record, the record count for formats
     * that pack a batch into one frame.
     */
    default int recordCount(ByteBuffer payload) {
        return 1;
    }

    /** Writes the frame of {@code payload} at {@code target}'s position, advancing it by {@link #frameSize}. */
    void encode(ByteBuffer payload, ByteBuffer target);

    /**
     * Stamps the frame's first offset into an encoded frame, for formats that carry it (a Kafka
     * batch's base offset). {@code frame} spans exactly the frame. The default does nothing.
     */
    default void assignOffset(ByteBuffer frame, long baseOffset) {
    }

    /**
     * Decodes the frame starting at {@code buffer}'s position without moving it.
     *
     * @return {@link Frame#complete}, {@link Frame#incomplete} when the buffer ends inside the
     *     frame, or {@link Frame#corrupt} when the bytes cannot be a valid frame
     */
    Frame decode(ByteBuffer buffer);

    /**
     * The result of decoding one frame.
     *
     * @param status what was found
     * @param frameLength bytes the frame occupies when complete; for incomplete frames the bytes
     *     needed if known, else -1
     * @param recordCount offsets the frame occupies (complete frames)
     * @param payload the payload (complete frames), a read-only slice of the input buffer
     * @param problem why a corrupt frame was rejected
     */
    record Frame(Status status, int frameLength, int recordCount, ByteBuffer payload, String problem) {

        public static Frame complete(int frameLength, int recordCount, ByteBuffer payload) {
            return new Frame(Status.COMPLETE, frameLength, recordCount, payload, null);
        }

        public static Frame incomplete(int bytesNeeded) {
            return new Frame(Status.INCOMPLETE, bytesNeeded, 0, null, null);
        }

        public static Frame corrupt(String problem) {
            return new Frame(Status.CORRUPT, -1, 0, null, problem);
        }
    }

    enum Status { COMPLETE, INCOMPLETE, CORRUPT }
}
