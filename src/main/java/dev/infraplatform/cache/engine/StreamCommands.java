package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.parseLong;
import static dev.infraplatform.cache.engine.RedisStream.ascii;
import static dev.infraplatform.cache.engine.RedisStream.number;

/**
 * The stream type's commands on entries (Redis' t_stream.c): XADD, XLEN, XRANGE, XREVRANGE,
 * XDEL, XTRIM, XSETID; registers the group commands ({@link StreamGroupCommands}), the reads
 * ({@link StreamReadCommands}) and XINFO ({@link StreamInfoCommands}) too.
 *
 * <p>The AOF gets deterministic forms: XADD with the ID it generated and its trimming as an
 * exact {@code MAXLEN = <length after>}; XTRIM likewise.
 */
final class StreamCommands {

    static final Reply ID_NOT_GREATER = Reply.error("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    static final Reply ID_EXHAUSTED = Reply.error("ERR The stream has exhausted the last possible ID, unable to add more items");

    private StreamCommands() {
    }

    static void register(CommandTable table) {
        table.write("xadd", -5, 1, 1, 1, StreamCommands::xadd).denyOom();
        table.read("xlen", 2, 1, 1, 1, (c, a) -> {
            RedisStream stream = c.getStream(new Key(a[1]));
            return Reply.integer(stream == null ? 0 : stream.length());
        });
        table.read("xrange", -4, 1, 1, 1, (c, a) -> range(c, a, false));
        table.read("xrevrange", -4, 1, 1, 1, (c, a) -> range(c, a, true));
        table.write("xdel", -3, 1, 1, 1, StreamCommands::xdel);
        table.write("xtrim", -4, 1, 1, 1, StreamCommands::xtrim);
        table.write("xsetid", -3, 1, 1, 1, StreamCommands::xsetid).denyOom();
        StreamGroupCommands.register(table);
        StreamReadCommands.register(table);
        StreamInfoCommands.register(table);
    }

    /** An entry as Redis replies it: {@code [id, [field, value, …]]}. */
    static Reply entry(StreamId id, byte[][] fields) {
        List<Reply> pairs = new ArrayList<>(fields.length);
        for (byte[] field : fields) {
            pairs.add(Reply.bulk(field));
        }
        return Reply.array(List.of(id.reply(), Reply.array(pairs)));
    }

    static Reply entries(List<Map.Entry<StreamId, byte[][]>> found) {
        List<Reply> replies = new ArrayList<>(found.size());
        for (Map.Entry<StreamId, byte[][]> entry : found) {
            replies.add(entry(entry.getKey(), entry.getValue()));
        }
        return Reply.array(replies);
    }

    /** What XADD / XTRIM were asked to trim by; {@code strategy} null when not at all. */
    private static final class Trimming {
        String strategy;
        long maxLen;
        StreamId minId;
        boolean approximate;
        long limit;
        boolean limitGiven;
        boolean noMkStream;
        /** XADD: index of the ID argument. */
        int idIndex = -1;

        /** Parses Redis' {@code streamParseAddOrTrimArgsOrReply} options from {@code args[2]} on. */
        static Trimming parse(byte[][] args, boolean xadd) {
            Trimming t = new Trimming();
            int i = 2;
            for (; i < args.length; i++) {
                int more = args.length - 1 - i;
                byte[] option = args[i];
                if (xadd && option.length == 1 && option[0] == '*') {
                    break;
                } else if ((is(option, "MAXLEN") || is(option, "MINID")) && more > 0) {
                    if (t.strategy != null) {
                        throw new CommandError(Reply.error(
                                "ERR syntax error, MAXLEN and MINID options at the same time are not compatible"));
                    }
                    t.approximate = false;
                    byte[] next = args[i + 1];
                    if (more >= 2 && next.length == 1 && (next[0] == '~' || next[0] == '=')) {
                        t.approximate = next[0] == '~';
                        i++;
                    }
                    if (is(option, "MAXLEN")) {
                        t.maxLen = parseLong(args[i + 1]);
                        if (t.maxLen < 0) {
                            throw new CommandError(Reply.error("ERR The MAXLEN argument must be >= 0."));
                        }
                        t.strategy = "MAXLEN";
                    } else {
                        t.minId = StreamId.parse(args[i + 1], true, 0);
                        t.strategy = "MINID";
                    }
                    i++;
                } else if (is(option, "LIMIT") && more > 0) {
                    t.limit = parseLong(args[i + 1]);
                    if (t.limit < 0) {
                        throw new CommandError(Reply.error("ERR The LIMIT argument must be >= 0."));
                    }
                    t.limitGiven = true;
                    i++;
                } else if (xadd && is(option, "NOMKSTREAM")) {
                    t.noMkStream = true;
                } else if (xadd) {
                    break;
                } else {
                    throw new CommandError(RedisErrors.SYNTAX);
                }
            }
            t.idIndex = i;
            if (t.limit != 0 && t.strategy == null) {
                throw new CommandError(Reply.error(
                        "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy"));
            }
            if (!xadd && t.strategy == null) {
                throw new CommandError(Reply.error("ERR syntax error, XTRIM must be called with a trimming strategy"));
            }
            if (t.limitGiven) {
                if (!t.approximate) {
                    throw new CommandError(Reply.error("ERR syntax error, LIMIT cannot be used without the special ~ option"));
                }
            } else {
                t.limit = t.approximate ? 100L * RedisStream.NODE_MAX_ENTRIES : 0;
            }
            return t;
        }

        long apply(RedisStream stream) {
            return strategy == null ? 0 : stream.trim(maxLen, minId, approximate, limit);
        }
    }

    /** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value …] */
    private static Reply xadd(CommandContext context, byte[][] args) {
        Trimming trimming = Trimming.parse(args, true);
        int idIndex = trimming.idIndex;
        StreamId explicit = null;
        Long autoSequenceMs = null;
        if (idIndex < args.length && !(args[idIndex].length == 1 && args[idIndex][0] == '*')) {
            autoSequenceMs = StreamId.autoSequenceMs(args[idIndex]);
            if (autoSequenceMs == null) {
                explicit = StreamId.parse(args[idIndex], true, 0);
            }
        }
        int fieldCount = args.length - idIndex - 1;
        if (fieldCount < 2 || fieldCount % 2 == 1) {
            return RedisErrors.wrongArity("xadd");
        }
        if (explicit != null && explicit.isZero()) {
            return Reply.error("ERR The ID specified in XADD must be greater than 0-0");
        }
        Key key = new Key(args[1]);
        RedisStream stream = context.getStream(key);
        if (stream == null) {
            if (trimming.noMkStream) {
                context.propagateNothing();
                return Reply.NIL;
            }
            stream = context.getOrCreateStream(key);
        }
        StreamId last = stream.lastId;
        if (last.equals(StreamId.MAX)) {
            return ID_EXHAUSTED;
        }
        StreamId id;
        if (explicit != null) {
            id = explicit;
        } else if (autoSequenceMs != null) {
            int byMs = Long.compareUnsigned(autoSequenceMs, last.ms());
            id = byMs > 0 ? new StreamId(autoSequenceMs, 0)
                    : byMs == 0 && last.seq() != -1L ? new StreamId(last.ms(), last.seq() + 1) : null;
        } else {
            id = Long.compareUnsigned(context.now, last.ms()) > 0 ? new StreamId(context.now, 0) : last.next();
        }
        if (id == null || !id.isAfter(last)) {
            return ID_NOT_GREATER;
        }
        stream.add(id, Arrays.copyOfRange(args, idIndex + 1, args.length));
        long trimmed = trimming.apply(stream);
        List<byte[]> logged = new ArrayList<>(List.of(ascii("XADD"), key.bytes()));
        if (trimmed > 0) {
            logged.addAll(List.of(ascii("MAXLEN"), ascii("="), number(stream.length())));
        }
        logged.add(id.bytes());
        logged.addAll(Arrays.asList(args).subList(idIndex + 1, args.length));
        context.propagate(logged.toArray(byte[][]::new));
        StreamReadCommands.serveBlockedReaders(context, key, stream);
        return id.reply();
    }

    /** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
    private static Reply xtrim(CommandContext context, byte[][] args) {
        Trimming trimming = Trimming.parse(args, false);
        RedisStream stream = context.getStream(new Key(args[1]));
        long trimmed = stream == null ? 0 : trimming.apply(stream);
        if (trimmed == 0) {
            context.propagateNothing();
        } else {
            context.propagate(ascii("XTRIM"), args[1], ascii("MAXLEN"), ascii("="), number(stream.length()));
        }
        return Reply.integer(trimmed);
    }

    /** XRANGE key start end [COUNT n] / XREVRANGE key end start [COUNT n] */
    private static Reply range(CommandContext context, byte[][] args, boolean reverse) {
        StreamId start = StreamId.parseBound(reverse ? args[3] : args[2], true);
        StreamId end = StreamId.parseBound(reverse ? args[2] : args[3], false);
        long count = -1;
        for (int i = 4; i < args.length; i++) {
            if (is(args[i], "COUNT") && i + 1 < args.length) {
                count = Math.max(0, parseLong(args[++i]));
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        RedisStream stream = context.getStream(new Key(args[1]));
        if (stream == null) {
            return Reply.array(List.of());
        }
        if (count == 0) {
            return Reply.NIL_ARRAY;
        }
        return entries(stream.range(start, end, Math.max(count, 0), reverse));
    }

    /** XDEL key id [id …] */
    private static Reply xdel(CommandContext context, byte[][] args) {
        List<StreamId> ids = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            ids.add(StreamId.parse(args[i], true, 0));
        }
        RedisStream stream = context.getStream(new Key(args[1]));
        long deleted = 0;
        if (stream != null) {
            for (StreamId id : ids) {
                if (stream.delete(id)) {
                    deleted++;
                }
            }
        }
        if (deleted == 0) {
            context.propagateNothing();
        }
        return Reply.integer(deleted);
    }

    /** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] */
    private static Reply xsetid(CommandContext context, byte[][] args) {
        StreamId id = StreamId.parse(args[2], true, 0);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        for (int i = 3; i < args.length; i++) {
            boolean more = i + 1 < args.length;
            if (is(args[i], "ENTRIESADDED") && more) {
                entriesAdded = parseLong(args[++i]);
                if (entriesAdded < 0) {
                    return Reply.error("ERR entries_added must be positive");
                }
            } else if (is(args[i], "MAXDELETEDID") && more) {
                maxDeleted = StreamId.parse(args[++i], true, 0);
                if (id.compareTo(maxDeleted) < 0) {
                    return Reply.error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        RedisStream stream = context.getStream(new Key(args[1]));
        if (stream == null) {
            return RedisErrors.NO_SUCH_KEY;
        }
        if (stream.length() > 0) {
            if (id.compareTo(stream.lastEntry().getKey()) < 0) {
                return Reply.error("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && stream.length() > entriesAdded) {
                return Reply.error("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        stream.lastId = id;
        if (entriesAdded != -1) {
            stream.entriesAdded = entriesAdded;
        }
        if (!maxDeleted.isZero()) {
            stream.maxDeletedId = maxDeleted;
        }
        return Reply.OK;
    }
}
