package dev.infraplatform.storage.snapshot;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * The byte layout of one snapshot file, and its encoder and verifier.
 *
 * <pre>
 * offset          size  field
 * 0               8     header magic "INFSNAP1"
 * 8               n     payload, exactly as the PayloadWriter wrote it
 * 8 + n           8     payload length n, big-endian
 * 16 + n          4     CRC32C of the payload, big-endian
 * 20 + n          8     end magic "INFSEND1"
 * </pre>
 *
 * The trailer sits at the end so the payload can be streamed without knowing its length up front.
 * A missing end magic means a short (truncated) file, a length that disagrees with the file size
 * means a torn or spliced file, and a CRC mismatch means corrupted payload bytes.
 */
final class SnapshotFormat {

    static final int HEADER_BYTES = 8;
    static final int TRAILER_BYTES = Long.BYTES + Integer.BYTES + 8;
    /** Bytes a snapshot file holds beyond its payload. */
    static final int OVERHEAD_BYTES = HEADER_BYTES + TRAILER_BYTES;

    private static final byte[] HEADER_MAGIC = "INFSNAP1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_MAGIC = "INFSEND1".getBytes(StandardCharsets.US_ASCII);
    private static final int VERIFY_CHUNK_BYTES = 128 * 1024;

    private SnapshotFormat() {
    }

    /** Outcome of {@link #verify}: either the payload length of an intact file, or why it is damaged. */
    sealed interface Verification {
    }

    record Intact(long payloadBytes) implements Verification {
    }

    record Damaged(String reason) implements Verification {
    }

    /**
     * Reads the whole file once: header, trailer, and the CRC32C of the payload. O(file size) time,
     * O(128 KiB) memory. An I/O error (other than the file ending early) is thrown, not reported as
     * damage: the bytes may be fine and the caller must not silently fall back to older data.
     */
    static Verification verify(FileChannel channel) throws IOException {
        long fileBytes = channel.size();
        if (fileBytes < OVERHEAD_BYTES) {
            return new Damaged("truncated: " + fileBytes + " bytes, shorter than header and trailer ("
                    + OVERHEAD_BYTES + " bytes)");
        }
        try {
            ByteBuffer header = readFully(channel, ByteBuffer.allocate(HEADER_BYTES), 0);
            if (!Arrays.equals(header.array(), HEADER_MAGIC)) {
                return new Damaged("bad header magic " + HexFormat.of().formatHex(header.array()));
            }
            ByteBuffer trailer = readFully(channel, ByteBuffer.allocate(TRAILER_BYTES), fileBytes - TRAILER_BYTES);
            long recordedLength = trailer.getLong(0);
            int recordedCrc = trailer.getInt(Long.BYTES);
            byte[] endMagic = Arrays.copyOfRange(trailer.array(), Long.BYTES + Integer.BYTES, TRAILER_BYTES);
            if (!Arrays.equals(endMagic, END_MAGIC)) {
                return new Damaged("no end magic: file is truncated or was not completely written");
            }
            long actualLength = fileBytes - OVERHEAD_BYTES;
            if (recordedLength != actualLength) {
                return new Damaged("trailer records a payload of " + recordedLength + " bytes but the file holds "
                        + actualLength);
            }
            int actualCrc = crc32c(channel, HEADER_BYTES, actualLength);
            if (actualCrc != recordedCrc) {
                return new Damaged("CRC32C mismatch: trailer has %08x, payload hashes to %08x"
                        .formatted(recordedCrc, actualCrc));
            }
            return new Intact(actualLength);
        } catch (EOFException e) {
            return new Damaged("file shrank while being verified");
        }
    }

    /**
     * The payload region of a verified file as a stream that ends exactly at the payload's end.
     * Reads by position, so it does not depend on (or move) the channel's position. Unbuffered.
     */
    static InputStream payload(FileChannel channel, long payloadBytes) {
        return new PayloadInputStream(channel, HEADER_BYTES, HEADER_BYTES + payloadBytes);
    }

    private static int crc32c(FileChannel channel, long from, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(VERIFY_CHUNK_BYTES, Math.max(length, 1)));
        long position = from;
        long end = from + length;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            readFully(channel, buffer, position);
            buffer.flip();
            position += buffer.remaining();
            crc.update(buffer);
        }
        return (int) crc.getValue();
    }

    private static ByteBuffer readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new EOFException("end of file at " + at);
            }
            at += read;
        }
        return buffer;
    }

    /**
     * Writes the header on creation, then counts and checksums every payload byte on its way to the
     * file; {@link #finish()} appends the trailer. Closing it (as a PayloadWriter may) ends the payload
     * but leaves the file open for the trailer.
     */
    static final class PayloadOutputStream extends FilterOutputStream {

        private final CRC32C crc = new CRC32C();
        private long payloadBytes;
        private boolean payloadClosed;

        PayloadOutputStream(OutputStream file) throws IOException {
            super(file);
            file.write(HEADER_MAGIC);
        }

        @Override
        public void write(int b) throws IOException {
            ensurePayloadOpen();
            out.write(b);
            crc.update(b);
            payloadBytes++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ensurePayloadOpen();
            out.write(bytes, offset, length);
            crc.update(bytes, offset, length);
            payloadBytes += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            payloadClosed = true;
            out.flush();
        }

        long payloadBytes() {
            return payloadBytes;
        }

        /** Appends the trailer and flushes; the payload can no longer be written. */
        void finish() throws IOException {
            payloadClosed = true;
            ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES)
                    .putLong(payloadBytes)
                    .putInt((int) crc.getValue())
                    .put(END_MAGIC);
            out.write(trailer.array());
            out.flush();
        }

        private void ensurePayloadOpen() throws IOException {
            if (payloadClosed) {
                throw new IOException("snapshot payload stream is closed");
            }
        }
    }

    /** A positional, bounded view of [{@code position}, {@code end}) of a file channel. */
    private static final class PayloadInputStream extends InputStream {

        private final FileChannel channel;
        private final long end;
        private long position;

        PayloadInputStream(FileChannel channel, long position, long end) {
            this.channel = channel;
            this.position = position;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            if (length == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int wanted = (int) Math.min(length, end - position);
            int read = channel.read(ByteBuffer.wrap(bytes, offset, wanted), position);
            if (read < 0) {
                throw new EOFException("snapshot file ended " + (end - position) + " bytes before its payload did");
            }
            position += read;
            return read;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
