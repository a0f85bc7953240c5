package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.parseLong;

/**
 * XINFO STREAM [FULL [COUNT n]] / GROUPS / CONSUMERS, with Redis 7's fields in Redis' order.
 * {@code radix-tree-keys} is the number of listpack nodes Redis would hold for the stream (see
 * {@link RedisStream}); {@code radix-tree-nodes} is an estimate, as the tree's inner nodes don't
 * exist here. XINFO CONSUMERS reports {@code idle} (since last seen) and {@code inactive} (since
 * last read or claim, -1 if never), as Redis 7.2 does.
 */
final class StreamInfoCommands {

    private StreamInfoCommands() {
    }

    static void register(CommandTable table) {
        table.read("xinfo", -2, 2, 2, 1, StreamInfoCommands::xinfo);
    }

    private static Reply xinfo(CommandContext context, byte[][] args) {
        String sub = Arguments.upper(args[1]);
        int arity = switch (sub) {
            case "STREAM" -> -3;
            case "GROUPS" -> 3;
            case "CONSUMERS" -> 4;
            case "HELP" -> 2;
            default -> 0;
        };
        if (arity == 0) {
            return Reply.error("ERR unknown subcommand '" + Arguments.text(args[1]) + "'. Try XINFO HELP.");
        }
        if (arity > 0 ? args.length != arity : args.length < -arity) {
            return Reply.error("ERR wrong number of arguments for 'xinfo|" + sub.toLowerCase(java.util.Locale.ROOT)
                    + "' command");
        }
        if (sub.equals("HELP")) {
            return Reply.array(List.of(Reply.bulk("XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"),
                    Reply.bulk("CONSUMERS <key> <groupname>"), Reply.bulk("GROUPS <key>"),
                    Reply.bulk("STREAM <key> [FULL [COUNT <count>]]"), Reply.bulk("HELP")));
        }
        RedisStream stream = context.getStream(new Key(args[2]));
        if (stream == null) {
            return RedisErrors.NO_SUCH_KEY;
        }
        return switch (sub) {
            case "CONSUMERS" -> {
                StreamGroup group = stream.group(args[3]);
                if (group == null) {
                    yield StreamGroupCommands.noSuchGroupForKey(args[2], args[3]);
                }
                List<Reply> consumers = new ArrayList<>();
                for (StreamGroup.StreamConsumer consumer : group.consumers.values()) {
                    consumers.add(Reply.array(List.of(Reply.bulk("name"), Reply.bulk(consumer.name),
                            Reply.bulk("pending"), Reply.integer(consumer.pending.size()),
                            Reply.bulk("idle"), Reply.integer(Math.max(0, context.now - consumer.seenTime)),
                            Reply.bulk("inactive"), Reply.integer(consumer.activeTime == -1 ? -1
                                    : Math.max(0, context.now - consumer.activeTime)))));
                }
                yield Reply.array(consumers);
            }
            case "GROUPS" -> {
                List<Reply> groups = new ArrayList<>();
                for (StreamGroup group : stream.groups()) {
                    groups.add(Reply.array(List.of(Reply.bulk("name"), Reply.bulk(group.name),
                            Reply.bulk("consumers"), Reply.integer(group.consumers.size()),
                            Reply.bulk("pending"), Reply.integer(group.pending.size()),
                            Reply.bulk("last-delivered-id"), group.lastDeliveredId.reply(),
                            Reply.bulk("entries-read"), entriesRead(group),
                            Reply.bulk("lag"), lag(stream, group))));
                }
                yield Reply.array(groups);
            }
            default -> streamInfo(context, stream, args);
        };
    }

    private static Reply entriesRead(StreamGroup group) {
        return group.entriesRead == StreamGroup.UNKNOWN_ENTRIES_READ ? Reply.NIL : Reply.integer(group.entriesRead);
    }

    private static Reply lag(RedisStream stream, StreamGroup group) {
        Long lag = stream.lag(group);
        return lag == null ? Reply.NIL : Reply.integer(lag);
    }

    private static Reply streamInfo(CommandContext context, RedisStream stream, byte[][] args) {
        boolean full = false;
        long count = 10;
        for (int i = 3; i < args.length; i++) {
            if (is(args[i], "FULL")) {
                full = true;
            } else if (full && is(args[i], "COUNT") && i + 1 < args.length) {
                count = parseLong(args[++i]);
                if (count < 0) {
                    count = 10;
                }
            } else {
                return StreamGroupCommands.subcommandSyntax(args[1], "XINFO");
            }
        }
        List<Reply> info = new ArrayList<>(List.of(Reply.bulk("length"), Reply.integer(stream.length()),
                Reply.bulk("radix-tree-keys"), Reply.integer(stream.nodeCount()),
                Reply.bulk("radix-tree-nodes"), Reply.integer(stream.nodeCount() + 1),
                Reply.bulk("last-generated-id"), stream.lastId.reply(),
                Reply.bulk("max-deleted-entry-id"), stream.maxDeletedId.reply(),
                Reply.bulk("entries-added"), Reply.integer(stream.entriesAdded),
                Reply.bulk("recorded-first-entry-id"), stream.firstId().reply()));
        if (!full) {
            info.addAll(List.of(Reply.bulk("groups"), Reply.integer(stream.groupCount()),
                    Reply.bulk("first-entry"), edge(stream.firstEntry()),
                    Reply.bulk("last-entry"), edge(stream.lastEntry())));
            return Reply.array(info);
        }
        info.add(Reply.bulk("entries"));
        info.add(StreamCommands.entries(stream.range(StreamId.MIN, StreamId.MAX, count, false)));
        List<Reply> groups = new ArrayList<>();
        for (StreamGroup group : stream.groups()) {
            List<Reply> pending = new ArrayList<>();
            for (StreamGroup.PendingEntry entry : group.pending.values()) {
                if (count > 0 && pending.size() >= count) {
                    break;
                }
                pending.add(Reply.array(List.of(entry.id.reply(), Reply.bulk(entry.consumer.name),
                        Reply.integer(entry.deliveryTime), Reply.integer(entry.deliveryCount))));
            }
            List<Reply> consumers = new ArrayList<>();
            for (StreamGroup.StreamConsumer consumer : group.consumers.values()) {
                List<Reply> own = new ArrayList<>();
                for (StreamGroup.PendingEntry entry : consumer.pending.values()) {
                    if (count > 0 && own.size() >= count) {
                        break;
                    }
                    own.add(Reply.array(List.of(entry.id.reply(), Reply.integer(entry.deliveryTime),
                            Reply.integer(entry.deliveryCount))));
                }
                consumers.add(Reply.array(List.of(Reply.bulk("name"), Reply.bulk(consumer.name),
                        Reply.bulk("seen-time"), Reply.integer(consumer.seenTime),
                        Reply.bulk("active-time"), Reply.integer(consumer.activeTime),
                        Reply.bulk("pel-count"), Reply.integer(consumer.pending.size()),
                        Reply.bulk("pending"), Reply.array(own))));
            }
            groups.add(Reply.array(List.of(Reply.bulk("name"), Reply.bulk(group.name),
                    Reply.bulk("last-delivered-id"), group.lastDeliveredId.reply(),
                    Reply.bulk("entries-read"), entriesRead(group),
                    Reply.bulk("lag"), lag(stream, group),
                    Reply.bulk("pel-count"), Reply.integer(group.pending.size()),
                    Reply.bulk("pending"), Reply.array(pending),
                    Reply.bulk("consumers"), Reply.array(consumers))));
        }
        info.add(Reply.bulk("groups"));
        info.add(Reply.array(groups));
        return Reply.array(info);
    }

    private static Reply edge(Map.Entry<StreamId, byte[][]> entry) {
        return entry == null ? Reply.NIL : StreamCommands.entry(entry.getKey(), entry.getValue());
    }
}
