package dev.infraplatform.web;

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
 * The API's convention for binary data in JSON (docs/api-conventions.md): UTF-8 text by default,
 * base64 with {@code "encoding": "base64"} on a request or {@code ?encoding=base64} on a response.
 * Bytes that are not valid UTF-8 are refused with 406 rather than mangled, pointing to base64.
 */
public enum BinaryEncoding {

    UTF8, BASE64;

    /** Eight bytes at a time for the ASCII test. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** {@code utf8} (also {@code utf-8}, or none) or {@code base64}; anything else is 400. */
    public static BinaryEncoding of(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("utf8") || name.equalsIgnoreCase("utf-8")) {
            return UTF8;
        }
        if (name.equalsIgnoreCase("base64")) {
            return BASE64;
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                "encoding must be utf8 or base64, not '" + name + "'");
    }

    /** A client's text as bytes (null stays null); bad base64 is 400 naming {@code what}. */
    public byte[] decode(String text, String what) {
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
                    what + " is not valid base64: " + e.getMessage());
        }
    }

    /** Bytes as the client's text (null stays null); under UTF-8, bytes that are not UTF-8 are 406. */
    public String encode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (this == BASE64) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    /** Refuses (406) bytes this encoding cannot carry: under UTF-8, bytes that are not valid UTF-8. */
    public void check(byte[] bytes) {
        if (this == BASE64 || bytes == null || isAscii(bytes)) {
            return;
        }
        try {
            strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw notUtf8();
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static ApiException notUtf8() {
        return new ApiException(HttpStatus.NOT_ACCEPTABLE, ErrorCodes.NOT_ACCEPTABLE,
                "the answer holds bytes that are not valid UTF-8; repeat the request with ?encoding=base64");
    }

    private static boolean isAscii(byte[] bytes) {
        int i = 0;
        for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
            if (((long) LONGS.get(bytes, i) & HIGH_BITS) != 0) {
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
