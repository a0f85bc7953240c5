package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.parseLong;
import static dev.infraplatform.cache.engine.Arguments.text;
import static dev.infraplatform.cache.engine.Arguments.tryParseLong;
import static dev.infraplatform.cache.engine.RedisStream.ascii;

/**
 * Consumer-group commands of the stream type (Redis' t_stream.c): XGROUP
 * CREATE/SETID/DESTROY/CREATECONSUMER/DELCONSUMER, XACK, XPENDING, XCLAIM, XAUTOCLAIM.
 *
 * <p>XCLAIM and XAUTOCLAIM depend on the clock (idle times), so each claimed pending entry is
 * logged as the XCLAIM … TIME … RETRYCOUNT … FORCE JUSTID that sets it exactly, as Redis
 * propagates them; a pending entry dropped because its stream entry is gone is logged the same
 * way (replaying it drops it again).
 */
final class StreamGroupCommands {

    private static final Reply KEY_REQUIRED = Reply.error("ERR The XGROUP subcommand requires the key to exist. "
            + "Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
    private static final Reply ENTRIES_READ_RANGE = Reply.error("ERR value for ENTRIESREAD must be positive or -1");

    private StreamGroupCommands() {
    }

    static void register(CommandTable table) {
        table.write("xgroup", -2, 2, 2, 1, StreamGroupCommands::xgroup);
        table.write("xack", -4, 1, 1, 1, StreamGroupCommands::xack);
        table.read("xpending", -3, 1, 1, 1, StreamGroupCommands::xpending);
        table.write("xclaim", -6, 1, 1, 1, StreamGroupCommands::xclaim);
        table.write("xautoclaim", -6, 1, 1, 1, StreamGroupCommands::xautoclaim);
    }

    static Reply noGroup(byte[] key, byte[] group) {
        return Reply.error("NOGROUP No such key '" + text(key) + "' or consumer group '" + text(group) + "'");
    }

    static Reply noSuchGroupForKey(byte[] key, byte[] group) {
        return Reply.error("NOGROUP No such consumer group '" + text(group) + "' for key name '" + text(key) + "'");
    }

    static Reply subcommandSyntax(byte[] subcommand, String command) {
        return Reply.error("ERR unknown subcommand or wrong number of arguments for '" + text(subcommand)
                + "'. Try " + command + " HELP.");
    }

    /** The subcommand's arity as Redis' XGROUP container declares it, or 0 for an unknown one. */
    private static int arity(String subcommand) {
        return switch (subcommand) {
            case "CREATE", "SETID" -> -5;
            case "DESTROY" -> 4;
            case "CREATECONSUMER", "DELCONSUMER" -> 5;
            case "HELP" -> 2;
            default -> 0;
        };
    }

    private static Reply xgroup(CommandContext context, byte[][] args) {
        String sub = Arguments.upper(args[1]);
        int arity = arity(sub);
        if (arity == 0) {
            return Reply.error("ERR unknown subcommand '" + text(args[1]) + "'. Try XGROUP HELP.");
        }
        if (arity > 0 ? args.length != arity : args.length < -arity) {
            return Reply.error("ERR wrong number of arguments for 'xgroup|" + sub.toLowerCase(java.util.Locale.ROOT)
                    + "' command");
        }
        if (sub.equals("HELP")) {
            context.propagateNothing();
            return Reply.array(List.of(Reply.bulk("XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                    Reply.bulk("CREATE <key> <groupname> <id|$> [option]"), Reply.bulk("DESTROY <key> <groupname>"),
                    Reply.bulk("CREATECONSUMER <key> <groupname> <consumer>"),
                    Reply.bulk("DELCONSUMER <key> <groupname> <consumer>"),
                    Reply.bulk("SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]"), Reply.bulk("HELP")));
        }
        boolean mkStream = false;
        long entriesRead = StreamGroup.UNKNOWN_ENTRIES_READ;
        if (sub.equals("CREATE")) {
            for (int i = 5; i < args.length; ) {
                if (is(args[i], "MKSTREAM")) {
                    mkStream = true;
                    i++;
                } else if (is(args[i], "ENTRIESREAD") && i + 1 < args.length) {
                    entriesRead = parseLong(args[i + 1]);
                    if (entriesRead < 0 && entriesRead != StreamGroup.UNKNOWN_ENTRIES_READ) {
                        return ENTRIES_READ_RANGE;
                    }
                    i += 2;
                } else {
                    return subcommandSyntax(args[1], "XGROUP");
                }
            }
        }
        Key key = new Key(args[2]);
        byte[] groupName = args[3];
        RedisStream stream = context.getStream(key);
        if (stream == null && !(sub.equals("CREATE") && mkStream)) {
            return KEY_REQUIRED;
        }
        StreamGroup group = stream == null ? null : stream.group(groupName);
        if (group == null && !sub.equals("CREATE") && !sub.equals("DESTROY")) {
            return noSuchGroupForKey(args[2], groupName);
        }
        switch (sub) {
            case "CREATE" -> {
                if (args.length > 8) {
                    return subcommandSyntax(args[1], "XGROUP");
                }
                StreamId id = isDollar(args[4]) ? (stream == null ? StreamId.MIN : stream.lastId)
                        : StreamId.parse(args[4], true, 0);
                if (stream == null) {
                    stream = context.getOrCreateStream(key);
                }
                if (stream.createGroup(groupName, id, entriesRead) == null) {
                    return Reply.error("BUSYGROUP Consumer Group name already exists");
                }
                return Reply.OK;
            }
            case "SETID" -> {
                if (args.length != 5 && args.length != 7) {
                    return subcommandSyntax(args[1], "XGROUP");
                }
                StreamId id = isDollar(args[4]) ? stream.lastId : StreamId.parse(args[4], false, 0);
                if (args.length == 7) {
                    if (!is(args[5], "ENTRIESREAD")) {
                        return subcommandSyntax(args[1], "XGROUP");
                    }
                    entriesRead = parseLong(args[6]);
                    if (entriesRead < 0 && entriesRead != StreamGroup.UNKNOWN_ENTRIES_READ) {
                        return ENTRIES_READ_RANGE;
                    }
                }
                group.lastDeliveredId = id;
                group.entriesRead = entriesRead;
                return Reply.OK;
            }
            case "DESTROY" -> {
                if (group == null) {
                    context.propagateNothing();
                    return Reply.ZERO;
                }
                stream.destroyGroup(groupName);
                return Reply.ONE;
            }
            case "CREATECONSUMER" -> {
                if (group.consumer(args[4]) != null) {
                    context.propagateNothing();
                    return Reply.ZERO;
                }
                group.touchConsumer(args[4], context.now);
                return Reply.ONE;
            }
            default -> { // DELCONSUMER
                if (group.consumer(args[4]) == null) {
                    context.propagateNothing();
                    return Reply.ZERO;
                }
                return Reply.integer(group.deleteConsumer(args[4]));
            }
        }
    }

    private static boolean isDollar(byte[] arg) {
        return arg.length == 1 && arg[0] == '$';
    }

    /** XACK key group id [id …] */
    private static Reply xack(CommandContext context, byte[][] args) {
        RedisStream stream = context.getStream(new Key(args[1]));
        StreamGroup group = stream == null ? null : stream.group(args[2]);
        if (group == null) {
            context.propagateNothing();
            return Reply.ZERO;
        }
        List<StreamId> ids = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            ids.add(StreamId.parse(args[i], true, 0));
        }
        long acknowledged = 0;
        for (StreamId id : ids) {
            if (group.acknowledge(id)) {
                acknowledged++;
            }
        }
        if (acknowledged == 0) {
            context.propagateNothing();
        }
        return Reply.integer(acknowledged);
    }

    /** XPENDING key group [[IDLE min-idle-time] start end count [consumer]] */
    private static Reply xpending(CommandContext context, byte[][] args) {
        if (args.length != 3 && (args.length < 6 || args.length > 9)) {
            return RedisErrors.SYNTAX;
        }
        long minIdle = 0;
        StreamId start = null;
        StreamId end = null;
        long count = -1;
        byte[] consumerName = null;
        if (args.length >= 6) {
            int first = 3;
            if (is(args[3], "IDLE")) {
                minIdle = parseLong(args[4]);
                if (args.length < 8) {
                    return RedisErrors.SYNTAX;
                }
                first += 2;
            }
            count = Math.max(0, parseLong(args[first + 2]));
            start = StreamId.parseBound(args[first], true);
            end = StreamId.parseBound(args[first + 1], false);
            if (first + 3 < args.length) {
                consumerName = args[first + 3];
            }
        }
        RedisStream stream = context.getStream(new Key(args[1]));
        StreamGroup group = stream == null ? null : stream.group(args[2]);
        if (group == null) {
            return noGroup(args[1], args[2]);
        }
        if (start == null) {
            return summary(group);
        }
        Map<StreamId, StreamGroup.PendingEntry> pel = group.pending;
        if (consumerName != null) {
            StreamGroup.StreamConsumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                return Reply.array(List.of());
            }
            pel = consumer.pending;
        }
        List<Reply> found = new ArrayList<>();
        if (count > 0 && start.compareTo(end) <= 0) {
            for (StreamGroup.PendingEntry entry : ((java.util.NavigableMap<StreamId, StreamGroup.PendingEntry>) pel)
                    .subMap(start, true, end, true).values()) {
                if (found.size() >= count) {
                    break;
                }
                long idle = Math.max(0, context.now - entry.deliveryTime);
                if (minIdle > 0 && idle < minIdle) {
                    continue;
                }
                found.add(Reply.array(List.of(entry.id.reply(), Reply.bulk(entry.consumer.name), Reply.integer(idle),
                        Reply.integer(entry.deliveryCount))));
            }
        }
        return Reply.array(found);
    }

    private static Reply summary(StreamGroup group) {
        if (group.pending.isEmpty()) {
            return Reply.array(List.of(Reply.ZERO, Reply.NIL, Reply.NIL, Reply.NIL_ARRAY));
        }
        List<Reply> consumers = new ArrayList<>();
        for (StreamGroup.StreamConsumer consumer : group.consumers.values()) {
            if (!consumer.pending.isEmpty()) {
                consumers.add(Reply.array(List.of(Reply.bulk(consumer.name),
                        Reply.bulk(Long.toString(consumer.pending.size())))));
            }
        }
        return Reply.array(List.of(Reply.integer(group.pending.size()), group.pending.firstKey().reply(),
                group.pending.lastKey().reply(), Reply.array(consumers)));
    }

    /** XCLAIM key group consumer min-idle-time id [id …] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] */
    private static Reply xclaim(CommandContext context, byte[][] args) {
        RedisStream stream = context.getStream(new Key(args[1]));
        StreamGroup group = stream == null ? null : stream.group(args[2]);
        if (group == null) {
            return noGroup(args[1], args[2]);
        }
        long minIdle = minIdle(args[4], "XCLAIM");
        int i = 5;
        List<StreamId> ids = new ArrayList<>();
        for (; i < args.length; i++) {
            StreamId id = StreamId.tryParse(args[i], true, 0);
            if (id == null) {
                break;
            }
            ids.add(id);
        }
        long now = context.now;
        long deliveryTime = -1;
        long retryCount = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; i < args.length; i++) {
            boolean more = i + 1 < args.length;
            if (is(args[i], "FORCE")) {
                force = true;
            } else if (is(args[i], "JUSTID")) {
                justId = true;
            } else if (is(args[i], "IDLE") && more) {
                deliveryTime = now - optionLong(args[++i], "ERR Invalid IDLE option argument for XCLAIM");
            } else if (is(args[i], "TIME") && more) {
                deliveryTime = optionLong(args[++i], "ERR Invalid TIME option argument for XCLAIM");
            } else if (is(args[i], "RETRYCOUNT") && more) {
                retryCount = optionLong(args[++i], "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (is(args[i], "LASTID") && more) {
                lastId = StreamId.parse(args[++i], true, 0);
            } else {
                return Reply.error("ERR Unrecognized XCLAIM option '" + text(args[i]) + "'");
            }
        }
        boolean logLastId = false;
        if (lastId.isAfter(group.lastDeliveredId)) {
            group.lastDeliveredId = lastId;
            logLastId = true;
        }
        if (deliveryTime < 0 || deliveryTime > now) {
            deliveryTime = now; // not given (-1), or bogus: Redis takes now rather than failing
        }
        context.propagateNothing();
        List<Reply> claimed = new ArrayList<>();
        StreamGroup.StreamConsumer consumer = null;
        for (StreamId id : ids) {
            StreamGroup.PendingEntry pending = group.pending.get(id);
            if (!stream.contains(id)) {
                if (pending != null) {
                    context.alsoPropagate(RedisStream.claimCommand(args[1], group, pending));
                    logLastId = false;
                    group.forget(id);
                }
                continue;
            }
            if (pending == null && !force) {
                continue;
            }
            if (pending != null && minIdle > 0 && now - pending.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = group.touchConsumer(args[3], now);
            }
            long deliveries = retryCount >= 0 ? retryCount
                    : pending == null ? (justId ? 1 : 2) : justId ? pending.deliveryCount : pending.deliveryCount + 1;
            pending = group.assign(id, consumer, deliveryTime, deliveries);
            consumer.activeTime = now;
            claimed.add(justId ? id.reply() : StreamCommands.entry(id, stream.get(id)));
            context.alsoPropagate(RedisStream.claimCommand(args[1], group, pending));
            logLastId = false;
        }
        if (logLastId) {
            context.alsoPropagate(setIdCommand(args[1], group));
        }
        return Reply.array(claimed);
    }

    /** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
    private static Reply xautoclaim(CommandContext context, byte[][] args) {
        long minIdle = minIdle(args[4], "XAUTOCLAIM");
        StreamId start = StreamId.parseBound(args[5], true);
        long count = 100;
        boolean justId = false;
        for (int i = 6; i < args.length; i++) {
            if (is(args[i], "COUNT") && i + 1 < args.length) {
                Long parsed = tryParseLong(args[++i]);
                if (parsed == null || parsed < 1 || parsed > Long.MAX_VALUE / 16) {
                    return Reply.error("ERR COUNT must be > 0");
                }
                count = parsed;
            } else if (is(args[i], "JUSTID")) {
                justId = true;
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        RedisStream stream = context.getStream(new Key(args[1]));
        StreamGroup group = stream == null ? null : stream.group(args[2]);
        if (group == null) {
            return noGroup(args[1], args[2]);
        }
        context.propagateNothing();
        long now = context.now;
        long attempts = count * 10;
        List<Reply> claimed = new ArrayList<>();
        List<Reply> deleted = new ArrayList<>();
        StreamGroup.StreamConsumer consumer = null;
        StreamId cursor = StreamId.MIN;
        StreamId next = start;
        while (true) {
            Map.Entry<StreamId, StreamGroup.PendingEntry> at = next == null ? null : group.pending.ceilingEntry(next);
            if (at == null) {
                break;
            }
            if (attempts-- == 0 || count == 0) {
                cursor = at.getKey();
                break;
            }
            StreamId id = at.getKey();
            StreamGroup.PendingEntry pending = at.getValue();
            next = id.next();
            if (!stream.contains(id)) {
                context.alsoPropagate(RedisStream.claimCommand(args[1], group, pending));
                group.forget(id);
                deleted.add(id.reply());
                count--;
                continue;
            }
            if (minIdle > 0 && now - pending.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = group.touchConsumer(args[3], now);
            }
            group.assign(id, consumer, now, justId ? pending.deliveryCount : pending.deliveryCount + 1);
            consumer.activeTime = now;
            claimed.add(justId ? id.reply() : StreamCommands.entry(id, stream.get(id)));
            context.alsoPropagate(RedisStream.claimCommand(args[1], group, pending));
            count--;
        }
        return Reply.array(List.of(cursor.reply(), Reply.array(claimed), Reply.array(deleted)));
    }

    private static long minIdle(byte[] arg, String command) {
        return Math.max(0, optionLong(arg, "ERR Invalid min-idle-time argument for " + command));
    }

    private static long optionLong(byte[] arg, String error) {
        Long value = tryParseLong(arg);
        if (value == null) {
            throw new CommandError(Reply.error(error));
        }
        return value;
    }

    /** {@code XGROUP SETID key group last-delivered ENTRIESREAD n}: the group's position, exactly. */
    static byte[][] setIdCommand(byte[] key, StreamGroup group) {
        return new byte[][] {ascii("XGROUP"), ascii("SETID"), key, group.name, group.lastDeliveredId.bytes(),
                ascii("ENTRIESREAD"), RedisStream.number(group.entriesRead)};
    }
}
