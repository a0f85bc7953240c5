package dev.infraplatform.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * {@code [length:int32][crc32c:int32][payload:length bytes]}, big-endian. The CRC32C covers the
 * length field and the payload, so a garbled length is caught as surely as a garbled payload; a
 * run of zero bytes (what a file system may show past the last durable write) never verifies.
 */
final class ChecksummedFraming implements RecordFraming {

    static final ChecksummedFraming INSTANCE = new ChecksummedFraming();

    static final int HEADER_BYTES = 8;

    private ChecksummedFraming() {
    }

    @Override
    public String name() {
        return "checksummed";
    }

    @Override
    public int frameSize(int payloadSize) {
        return HEADER_BYTES + payloadSize;
    }

    @Override
    public void encode(ByteBuffer payload, ByteBuffer target) {
        int length = payload.remaining();
        int start = target.position();
        target.putInt(length);
        target.putInt(0);
        target.put(payload.duplicate());
        target.putInt(start + 4, checksum(target, start, length));
    }

    @Override
    public Frame decode(ByteBuffer buffer) {
        int start = buffer.position();
        int available = buffer.limit() - start;
        if (available < HEADER_BYTES) {
            return Frame.incomplete(HEADER_BYTES);
        }
        int length = buffer.getInt(start);
        if (length < 0) {
            return Frame.corrupt("negative length " + length);
        }
        if (available - HEADER_BYTES < length) {
            return Frame.incomplete(length > Integer.MAX_VALUE - HEADER_BYTES ? -1 : HEADER_BYTES + length);
        }
        int stored = buffer.getInt(start + 4);
        if (stored != checksum(buffer, start, length)) {
            return Frame.corrupt("checksum mismatch");
        }
        ByteBuffer payload = buffer.slice(start + HEADER_BYTES, length).asReadOnlyBuffer();
        return Frame.complete(HEADER_BYTES + length, 1, payload);
    }

    private static int checksum(ByteBuffer buffer, int frameStart, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(frameStart, 4));
        crc.update(buffer.slice(frameStart + HEADER_BYTES, payloadLength));
        return (int) crc.getValue();
    }
}
