package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.engine.ConsumedRecord;
import dev.infraplatform.logbroker.engine.RecordHeader;

import dev.infraplatform.web.BinaryEncoding;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes fetch and poll answers as JSON straight into the response: a fetch of thousands of
 * records is mostly this loop, and a general JSON generator spends most of its time on checks this
 * fixed shape does not need. Keys, values and header values are written from their bytes: plain
 * ASCII as it is, other (already checked) UTF-8 with JSON's escapes, or base64. Names and numbers
 * are ASCII. Buffered: one write to the stream per {@link #BUFFER_BYTES}.
 */
final class RecordsJson {

    static final int BUFFER_BYTES = 64 * 1024;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = ascii("null");
    private static final byte[] OFFSET = ascii("{\"offset\":");
    private static final byte[] KEY = ascii(",\"key\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] HEADERS = ascii(",\"headers\":[");
    private static final byte[] HEADER_KEY = ascii("{\"key\":");
    private static final byte[] TIMESTAMP = ascii("],\"timestamp\":");

    /** Eight bytes at a time for {@link #needsNoEscaping}. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /**
     * Whether the bytes are printable ASCII without {@code "} and {@code \}, so that they are their
     * own JSON string content (the common case, written as they are). Eight bytes at a time: a byte
     * at or above 0x80, below 0x20, or equal to 0x22 or 0x5C sets its high bit in the mask.
     */
    static boolean needsNoEscaping(byte[] bytes) {
        int i = 0;
        for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long quote = word ^ (ONES * '"');
            long backslash = word ^ (ONES * '\\');
            long special = (word | ((word - ONES * 0x20) & ~word) | ((quote - ONES) & ~quote)
                    | ((backslash - ONES) & ~backslash)) & HIGH_BITS;
            if (special != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0x20 || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    private final OutputStream out;
    private final BinaryEncoding encoding;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int size;

    RecordsJson(OutputStream out, BinaryEncoding encoding) {
        this.out = out;
        this.encoding = encoding;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code "name":} (the caller writes the separators between members). */
    RecordsJson name(String name) throws IOException {
        string(name.getBytes(StandardCharsets.UTF_8), false);
        return raw((byte) ':');
    }

    /** The members {@code "offset", "key", "value", "headers", "timestamp"} of a record, without the braces' end. */
    RecordsJson record(ConsumedRecord record, String topic, int partition) throws IOException {
        if (topic != null) {
            raw(ascii("{\"topic\":"));
            string(topic.getBytes(StandardCharsets.UTF_8), false);
            raw(ascii(",\"partition\":")).number(partition).raw(ascii(",\"offset\":"));
        } else {
            raw(OFFSET);
        }
        number(record.offset());
        raw(KEY).bytes(record.key());
        raw(VALUE).bytes(record.value());
        raw(HEADERS);
        boolean first = true;
        for (RecordHeader header : record.headers()) {
            if (!first) {
                raw((byte) ',');
            }
            first = false;
            raw(HEADER_KEY);
            string(header.key().getBytes(StandardCharsets.UTF_8), false);
            raw(VALUE).bytes(header.value()).raw((byte) '}');
        }
        return raw(TIMESTAMP).number(record.timestamp()).raw((byte) '}');
    }

    /** Client data in the encoding: null, a UTF-8 string or a base64 string. */
    RecordsJson bytes(byte[] data) throws IOException {
        if (data == null) {
            return raw(NULL);
        }
        if (encoding == BinaryEncoding.BASE64) {
            return string(Base64.getEncoder().encode(data), true);
        }
        return string(data, needsNoEscaping(data));
    }

    /** A JSON string of valid UTF-8 bytes; {@code plain}: the caller knows nothing needs escaping. */
    RecordsJson string(byte[] utf8, boolean plain) throws IOException {
        raw((byte) '"');
        if (plain) {
            raw(utf8, 0, utf8.length);
        } else {
            for (byte b : utf8) {
                if (b == '"' || b == '\\') {
                    raw((byte) '\\').raw(b);
                } else if (b >= 0 && b < 0x20) {
                    escapeControl(b);
                } else {
                    raw(b);
                }
            }
        }
        return raw((byte) '"');
    }

    private void escapeControl(byte b) throws IOException {
        switch (b) {
            case '\n' -> raw((byte) '\\').raw((byte) 'n');
            case '\r' -> raw((byte) '\\').raw((byte) 'r');
            case '\t' -> raw((byte) '\\').raw((byte) 't');
            case '\b' -> raw((byte) '\\').raw((byte) 'b');
            case '\f' -> raw((byte) '\\').raw((byte) 'f');
            default -> raw((byte) '\\').raw((byte) 'u').raw((byte) '0').raw((byte) '0')
                    .raw(HEX[b >> 4]).raw(HEX[b & 0xf]);
        }
    }

    RecordsJson number(long value) throws IOException {
        if (size + 20 > buffer.length) {
            flush();
        }
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return raw(ascii(Long.toString(value)));
            }
            buffer[size++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
        return this;
    }

    RecordsJson raw(byte b) throws IOException {
        if (size == buffer.length) {
            flush();
        }
        buffer[size++] = b;
        return this;
    }

    RecordsJson raw(byte[] bytes) throws IOException {
        return raw(bytes, 0, bytes.length);
    }

    private RecordsJson raw(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - size) {
            flush();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                return this;
            }
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    RecordsJson raw(String ascii) throws IOException {
        return raw(ascii(ascii));
    }

    void flush() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }
}
