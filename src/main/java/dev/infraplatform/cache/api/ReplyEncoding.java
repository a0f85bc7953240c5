package dev.infraplatform.cache.api;

import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between JSON and the engine's binary-safe arguments and replies: UTF-8 text by
 * default, base64 with {@code ?encoding=base64}. A bulk reply that is not valid UTF-8 is refused
 * (406) rather than mangled, pointing to base64.
 */
enum ReplyEncoding {

    UTF8(BinaryEncoding.UTF8), BASE64(BinaryEncoding.BASE64);

    private final BinaryEncoding binary;

    ReplyEncoding(BinaryEncoding binary) {
        this.binary = binary;
    }

    static ReplyEncoding of(String name) {
        return BinaryEncoding.of(name) == BinaryEncoding.BASE64 ? BASE64 : UTF8;
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
            args.add(args.isEmpty() ? arg.getBytes(StandardCharsets.UTF_8) : value(arg));
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
        return binary.encode(bytes);
    }

    /** One value sent by a client (a value, member or field): base64-decoded or UTF-8. */
    byte[] value(String value) {
        return binary.decode(value, "argument");
    }
}
