package dev.infraplatform.cache.api;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between JSON and the engine's binary-safe arguments and replies: UTF-8 text by
 * default, base64 with {@code ?encoding=base64}. A bulk reply that is not valid UTF-8 is refused
 * (406) rather than mangled, pointing to base64.
 */
enum ReplyEncoding {

    UTF8, BASE64;

    static ReplyEncoding of(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("utf8") || name.equalsIgnoreCase("utf-8")) {
            return UTF8;
        }
        if (name.equalsIgnoreCase("base64")) {
            return BASE64;
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                "encoding must be utf8 or base64, not '" + name + "'");
    }

    List<byte[]> decode(List<String> command) {
        if (command == null || command.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "a command is a non-empty array of strings, such as [\"GET\", \"key\"]");
        }
        List<byte[]> args = new ArrayList<>(command.size());
        for (String arg : command) {
            if (arg == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                        "command arguments must be strings, not null");
            }
            args.add(this == BASE64 && !args.isEmpty() ? decodeBase64(arg) : arg.getBytes(StandardCharsets.UTF_8));
        }
        return args;
    }

    /** The reply as JSON, or the exception that turns a Redis error into problem+json. */
    Object orThrow(Reply reply) {
        if (reply instanceof Reply.Error error) {
            throw asException(error);
        }
        return toJson(reply);
    }

    /** A pipeline entry: {@code {"result": …}} or {@code {"error": {"code", "detail"}}}. */
    Map<String, Object> asEntry(Reply reply) {
        Map<String, Object> entry = new HashMap<>();
        if (reply instanceof Reply.Error error) {
            entry.put("error", Map.of("code", error.prefix(), "detail", error.message()));
        } else {
            entry.put("result", toJson(reply));
        }
        return entry;
    }

    static ApiException asException(Reply.Error error) {
        HttpStatus status = switch (error.prefix()) {
            case "WRONGTYPE" -> HttpStatus.CONFLICT;
            case "OOM" -> HttpStatus.INSUFFICIENT_STORAGE;
            default -> HttpStatus.BAD_REQUEST;
        };
        return new ApiException(status, error.prefix(), error.message());
    }

    Object toJson(Reply reply) {
        return switch (reply) {
            case Reply.SimpleString simple -> simple.value();
            case Reply.Bulk bulk -> bulk.value() == null ? null : text(bulk.value());
            case Reply.Int integer -> integer.value();
            case Reply.Array array -> array.items() == null ? null
                    : array.items().stream().map(this::toJson).toList();
            case Reply.Error error -> Map.of("code", error.prefix(), "detail", error.message());
        };
    }

    String text(byte[] bytes) {
        if (this == BASE64) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, ErrorCodes.NOT_ACCEPTABLE,
                    "the reply holds binary data that is not valid UTF-8; repeat the request with ?encoding=base64");
        }
    }

    /** One value sent by a client (a value, member or field): base64-decoded or UTF-8. */
    byte[] value(String value) {
        return this == BASE64 ? decodeBase64(value) : value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decodeBase64(String arg) {
        try {
            return Base64.getDecoder().decode(arg);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT,
                    "argument is not valid base64: " + e.getMessage());
        }
    }
}
