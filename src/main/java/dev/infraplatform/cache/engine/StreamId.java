package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID: {@code <ms>-<seq>}, two unsigned 64-bit numbers (Redis' {@code streamID}),
 * ordered by ms then seq as unsigned values. {@link #MIN} is {@code 0-0}, {@link #MAX} is
 * {@code 18446744073709551615-18446744073709551615}.
 *
 * <p>Parsing follows Redis' {@code streamGenericParseIDOrReply}: {@code -} and {@code +} (unless
 * strict), {@code <ms>} alone (the sequence is then the caller's default) and {@code <ms>-<seq>};
 * anything else is Redis' "Invalid stream ID" error.
 */
record StreamId(long ms, long seq) implements Comparable<StreamId> {

    static final StreamId MIN = new StreamId(0, 0);
    static final StreamId MAX = new StreamId(-1L, -1L);

    static final Reply INVALID = Reply.error("ERR Invalid stream ID specified as stream command argument");

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compareUnsigned(ms, other.ms);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
    }

    boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID, or null after {@link #MAX}. */
    StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The previous ID, or null before {@link #MIN}. */
    StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    boolean isAfter(StreamId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    byte[] bytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    Reply reply() {
        return Reply.bulk(bytes());
    }

    /**
     * An ID argument; {@code -}/{@code +} are 0-0/max unless {@code strict}; a bare {@code <ms>}
     * gets {@code missingSeq}.
     *
     * @throws CommandError Redis' invalid ID error
     */
    static StreamId parse(byte[] arg, boolean strict, long missingSeq) {
        StreamId id = tryParse(arg, strict, missingSeq);
        if (id == null) {
            throw new CommandError(INVALID);
        }
        return id;
    }

    /** As {@link #parse}, null instead of an error. */
    static StreamId tryParse(byte[] arg, boolean strict, long missingSeq) {
        String text = new String(arg, StandardCharsets.UTF_8);
        if (text.length() > 127) {
            return null;
        }
        if (text.equals("-") || text.equals("+")) {
            return strict ? null : text.equals("-") ? MIN : MAX;
        }
        int dash = text.indexOf('-');
        if (dash < 0) {
            Long ms = unsigned(text);
            return ms == null ? null : new StreamId(ms, missingSeq);
        }
        Long ms = unsigned(text.substring(0, dash));
        Long seq = unsigned(text.substring(dash + 1));
        return ms == null || seq == null ? null : new StreamId(ms, seq);
    }

    /**
     * An interval bound as XRANGE / XPENDING / XAUTOCLAIM take it: an ID, or {@code (<id>)} for
     * an exclusive bound (strictly parsed, then moved one step inwards).
     *
     * @throws CommandError invalid ID, or "invalid start/end ID for the interval" when the
     *     exclusive bound cannot move
     */
    static StreamId parseBound(byte[] arg, boolean start) {
        if (arg.length > 1 && arg[0] == '(') {
            byte[] rest = java.util.Arrays.copyOfRange(arg, 1, arg.length);
            StreamId id = parse(rest, true, start ? 0 : -1L);
            StreamId moved = start ? id.next() : id.previous();
            if (moved == null) {
                throw new CommandError(Reply.error("ERR invalid " + (start ? "start" : "end") + " ID for the interval"));
            }
            return moved;
        }
        return parse(arg, false, start ? 0 : -1L);
    }

    /**
     * An unsigned 64-bit decimal as Redis' {@code string2ull} takes it (a negative number is
     * refused); null if it does not parse.
     */
    private static Long unsigned(String text) {
        if (text.isEmpty() || text.length() > 20) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    /** The ID of an XADD argument {@code <ms>-*}, or null if it is not of that form. */
    static Long autoSequenceMs(byte[] arg) {
        String text = new String(arg, StandardCharsets.UTF_8);
        if (!text.endsWith("-*") || text.length() < 3) {
            return null;
        }
        return unsigned(text.substring(0, text.length() - 2));
    }
}
