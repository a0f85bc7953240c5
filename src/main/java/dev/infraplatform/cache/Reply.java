package dev.infraplatform.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A RESP2 reply, as Redis would send it: simple string, bulk string (null = nil), integer, array
 * (null = nil array) or error. The engine produces these; a front door encodes them (RESP on the
 * wire, JSON over REST).
 */
public sealed interface Reply {

    Reply OK = new SimpleString("OK");
    Reply NIL = new Bulk(null);
    Reply NIL_ARRAY = new Array(null);
    Reply ZERO = new Int(0);
    Reply ONE = new Int(1);

    static Reply bulk(byte[] value) {
        return value == null ? NIL : new Bulk(value);
    }

    static Reply bulk(String value) {
        return value == null ? NIL : new Bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    static Reply integer(long value) {
        return value == 0 ? ZERO : value == 1 ? ONE : new Int(value);
    }

    static Reply array(List<Reply> items) {
        return new Array(List.copyOf(items));
    }

    static Reply error(String message) {
        return new Error(message);
    }

    /** {@code +OK} and other status replies. */
    record SimpleString(String value) implements Reply {
    }

    /** {@code $n} bulk string; {@code value == null} is the nil bulk string {@code $-1}. */
    record Bulk(byte[] value) implements Reply {

        @Override
        public boolean equals(Object other) {
            return other instanceof Bulk bulk && Arrays.equals(value, bulk.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return value == null ? "(nil)" : "\"" + new String(value, StandardCharsets.UTF_8) + "\"";
        }
    }

    /** {@code :n} integer. */
    record Int(long value) implements Reply {
    }

    /** {@code *n} array; {@code items == null} is the nil array {@code *-1}. */
    record Array(List<Reply> items) implements Reply {
    }

    /**
     * {@code -PREFIX message}: Redis' error reply. The first word is the error code clients
     * switch on ({@code ERR}, {@code WRONGTYPE}, {@code OOM}, …).
     */
    record Error(String message) implements Reply {

        public String prefix() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(0, space);
        }

        /** The message without its prefix. */
        public String detail() {
            int space = message.indexOf(' ');
            return space < 0 ? message : message.substring(space + 1);
        }
    }
}
