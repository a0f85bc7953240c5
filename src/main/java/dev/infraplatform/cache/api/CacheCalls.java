package dev.infraplatform.cache.api;

import dev.infraplatform.cache.CacheEngine;
import dev.infraplatform.cache.Reply;
import dev.infraplatform.web.ApiException;
import dev.infraplatform.web.ErrorCodes;
import org.springframework.http.HttpStatus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the typed controllers share: building commands from keywords (text) and client data
 * (already-decoded bytes), running them alone or as one transaction, turning a Redis error into
 * problem+json (WRONGTYPE → 409), and the common 400 / 404 problems.
 */
final class CacheCalls {

    private final CacheEngine engine;

    CacheCalls(CacheEngine engine) {
        this.engine = engine;
    }

    /** A command: {@code String} words are sent as UTF-8, {@code byte[]} words as they are, numbers as text. */
    static List<byte[]> command(Object... words) {
        List<byte[]> args = new ArrayList<>(words.length);
        for (Object word : words) {
            args.add(word instanceof byte[] bytes ? bytes : String.valueOf(word).getBytes(StandardCharsets.UTF_8));
        }
        return args;
    }

    /** Runs one command; a Redis error reply is thrown as problem+json. */
    Reply run(Object... words) {
        return check(engine.execute(command(words)));
    }

    /** Runs one prepared command; a Redis error reply is thrown as problem+json. */
    Reply run(List<byte[]> command) {
        return check(engine.execute(command));
    }

    /** Runs commands as one transaction; the first Redis error reply among them is thrown. */
    List<Reply> atomically(List<byte[]>... commands) {
        Reply reply = check(engine.exec(Arrays.asList(commands), null));
        List<Reply> items = ((Reply.Array) reply).items();
        items.forEach(CacheCalls::check);
        return items;
    }

    static Reply check(Reply reply) {
        if (reply instanceof Reply.Error error) {
            throw ReplyEncoding.asException(error);
        }
        return reply;
    }

    static long integer(Reply reply) {
        return ((Reply.Int) reply).value();
    }

    static byte[] bulk(Reply reply) {
        return ((Reply.Bulk) reply).value();
    }

    static List<Reply> items(Reply reply) {
        List<Reply> items = ((Reply.Array) reply).items();
        return items == null ? List.of() : items;
    }

    /** A score or float reply as a JSON number, or its text for inf / -inf / nan. */
    static Object number(byte[] text) {
        String value = new String(text, StandardCharsets.US_ASCII);
        try {
            return new java.math.BigDecimal(value);
        } catch (NumberFormatException notFinite) {
            return value;
        }
    }

    /** A JSON object whose members keep the given order: name, value, name, value, … (values may be null). */
    static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, what + " does not exist");
    }

    static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, ErrorCodes.INVALID_ARGUMENT, detail);
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw invalid(field + ": required");
        }
        return value;
    }

    /** The encoding of request values: the body's {@code encoding}, else the query's. */
    static ReplyEncoding encoding(String bodyEncoding, String queryEncoding) {
        return ReplyEncoding.of(bodyEncoding != null ? bodyEncoding : queryEncoding);
    }

    /** A JSON number sent as an increment or score, as Redis reads it: integral or float text. */
    static String numberText(String field, Object number) {
        if (number instanceof Integer || number instanceof Long || number instanceof java.math.BigInteger) {
            return number.toString();
        }
        if (number instanceof Number n) {
            return java.math.BigDecimal.valueOf(n.doubleValue()).toPlainString();
        }
        if (number instanceof String text && !text.isBlank()) {
            return text; // "+inf", "-inf", or a number as text: the engine judges it as Redis would
        }
        throw invalid(field + ": a number");
    }

    static boolean isIntegral(Object number) {
        return number instanceof Integer || number instanceof Long || number instanceof java.math.BigInteger;
    }
}
