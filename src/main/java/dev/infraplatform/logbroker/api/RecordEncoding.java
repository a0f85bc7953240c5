package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;

import java.nio.ByteBuffer;
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

    /** Bytes to client text; null stays null. */
    String text(byte[] bytes) {
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
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, ErrorCodes.NOT_ACCEPTABLE,
                    "a record holds bytes that are not valid UTF-8; fetch with ?encoding=base64");
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
