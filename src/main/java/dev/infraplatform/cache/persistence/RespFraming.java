package dev.infraplatform.cache.persistence;

import dev.infraplatform.storage.RecordFraming;

import java.nio.ByteBuffer;

/**
 * The AOF's on-disk format: plain RESP, exactly as Redis writes its append-only file — each
 * record is one command as an array of bulk strings ({@code *3\r\n$3\r\nSET\r\n…}) and the file
 * is nothing but those commands back to back, readable with {@code cat} and replayable with
 * {@code redis-cli --pipe}. A frame is a whole command; a command cut short at the end of the file
 * decodes as incomplete (the log cuts it with a warning), anything else malformed as corrupt.
 */
final class RespFraming implements RecordFraming {

    static final RespFraming INSTANCE = new RespFraming();

    private RespFraming() {
    }

    @Override
    public String name() {
        return "resp";
    }

    @Override
    public int frameSize(int payloadSize) {
        return payloadSize;
    }

    @Override
    public void encode(ByteBuffer payload, ByteBuffer target) {
        target.put(payload);
    }

    @Override
    public Frame decode(ByteBuffer buffer) {
        int start = buffer.position();
        int limit = buffer.limit();
        int[] cursor = {start};
        if (cursor[0] >= limit) {
            return Frame.incomplete(-1);
        }
        if (buffer.get(start) != '*') {
            return Frame.corrupt("a command must start with '*'");
        }
        cursor[0]++;
        long count = readNumber(buffer, cursor, limit);
        if (count == INCOMPLETE) {
            return Frame.incomplete(-1);
        }
        if (count < 1 || count > 1024 * 1024) {
            return Frame.corrupt("bad argument count");
        }
        for (long i = 0; i < count; i++) {
            if (cursor[0] >= limit) {
                return Frame.incomplete(-1);
            }
            if (buffer.get(cursor[0]) != '$') {
                return Frame.corrupt("an argument must be a bulk string");
            }
            cursor[0]++;
            long length = readNumber(buffer, cursor, limit);
            if (length == INCOMPLETE) {
                return Frame.incomplete(-1);
            }
            if (length < 0 || length > Integer.MAX_VALUE - 2) {
                return Frame.corrupt("bad bulk length");
            }
            long end = cursor[0] + length + 2;
            if (end > limit) {
                return Frame.incomplete(end - start > Integer.MAX_VALUE ? -1 : (int) (end - start));
            }
            if (buffer.get((int) end - 2) != '\r' || buffer.get((int) end - 1) != '\n') {
                return Frame.corrupt("bulk string not terminated by CRLF");
            }
            cursor[0] = (int) end;
        }
        int length = cursor[0] - start;
        return Frame.complete(length, 1, buffer.slice(start, length).asReadOnlyBuffer());
    }

    private static final long INCOMPLETE = Long.MIN_VALUE;
    private static final long MALFORMED = Long.MIN_VALUE + 1;

    /** Reads digits up to CRLF; INCOMPLETE if the buffer ends first, MALFORMED (negative) if not a number. */
    private static long readNumber(ByteBuffer buffer, int[] cursor, int limit) {
        long value = 0;
        int i = cursor[0];
        int digits = 0;
        while (i < limit) {
            byte b = buffer.get(i);
            if (b == '\r') {
                if (i + 1 >= limit) {
                    return INCOMPLETE;
                }
                if (buffer.get(i + 1) != '\n' || digits == 0) {
                    return MALFORMED;
                }
                cursor[0] = i + 2;
                return value;
            }
            if (b < '0' || b > '9' || digits > 18) {
                return MALFORMED;
            }
            value = value * 10 + (b - '0');
            digits++;
            i++;
        }
        return INCOMPLETE;
    }
}
