package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Record keys, values and header values in JSON: UTF-8 text by default, base64 with
 * {@code "encoding": "base64"} (requests) or {@code ?encoding=base64} (responses). Bytes that are
 * not valid UTF-8 are refused (406, pointing to base64) rather than mangled.
 */
enum RecordEncoding {

    UTF8, BASE64;

    /** Eight bytes at a time for the ASCII test of values. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    static RecordEncoding of(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("utf8") || name.equalsIgnoreCase("utf-8")) {
            return UTF8;
        }
        if (name.equalsIgnoreCase("base64")) {
            return BASE64;
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                "encoding must be utf8 or base64, not '" + name + "'");
    }

    /** Client text to bytes; null stays null. */
    byte[] bytes(String text, String field) {
        if (text == null) {
            return null;
        }
        if (this == UTF8) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    field + " is not valid base64: " + e.getMessage());
        }
    }

    /** Refuses (406) bytes this encoding cannot carry: under UTF-8, bytes that are not valid UTF-8. */
    void check(byte[] bytes) {
        if (this == BASE64 || bytes == null || isAscii(bytes)) {
            return;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, ErrorCodes.NOT_ACCEPTABLE,
                    "a record holds bytes that are not valid UTF-8; fetch with ?encoding=base64");
        }
    }

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

    private static boolean isAscii(byte[] bytes) {
        int i = 0;
        for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
