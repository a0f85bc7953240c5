package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.text;
import static dev.infraplatform.cache.engine.RedisStream.ascii;

/**
 * XREAD and XREADGROUP, blocking included. A read that finds nothing and has BLOCK queues a
 * {@link BlockedStreamRead} on each of its keys through the same mechanism as BLPOP
 * ({@link CommandContext#block}, the shard's queues, the engine's wait); {@link #serveBlockedReaders}
 * runs inside every XADD and serves the waiting readers of that key oldest first.
 *
 * <p>A group read changes the group (last-delivered ID, read counter, PEL), so it is logged as
 * what it did: XGROUP CREATECONSUMER for a consumer it created, one XCLAIM … FORCE JUSTID per
 * entry it made pending (Redis' {@code streamPropagateXCLAIM}) and an XGROUP SETID … ENTRIESREAD
 * with the group's new position; a read served inside an XADD is logged after that XADD.
 */
final class StreamReadCommands {

    private static final StreamId NEW_ENTRIES = StreamId.MAX; // the ">" ID, as Redis encodes it

    private StreamReadCommands() {
    }

    static void register(CommandTable table) {
        table.movableKeys("xread", -4, false, StreamReadCommands::keys, (c, a) -> read(c, a, false));
        table.movableKeys("xreadgroup", -7, true, StreamReadCommands::keys, (c, a) -> read(c, a, true));
    }

    /** The keys after STREAMS, found as the parser finds them; none if the arguments don't parse. */
    static List<Key> keys(byte[][] args) {
        for (int i = 1; i < args.length; i++) {
            int more = args.length - i - 1;
            if ((is(args[i], "BLOCK") || is(args[i], "COUNT")) && more > 0) {
                i++;
            } else if (is(args[i], "GROUP") && more >= 2) {
                i += 2;
            } else if (is(args[i], "STREAMS") && more > 0) {
                if (more % 2 != 0) {
                    return List.of();
                }
                List<Key> keys = new ArrayList<>(more / 2);
                for (int k = i + 1; k <= i + more / 2; k++) {
                    keys.add(new Key(args[k]));
                }
                return keys;
            } else if (!is(args[i], "NOACK")) {
                return List.of();
            }
        }
        return List.of();
    }

    /** XREAD [COUNT n] [BLOCK ms] STREAMS key … id … / XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS key … id … */
    private static Reply read(CommandContext context, byte[][] args, boolean grouped) {
        long timeout = -1;
        long count = 0;
        int streamsAt = 0;
        int streamCount = 0;
        byte[] groupName = null;
        byte[] consumerName = null;
        boolean noAck = false;
        for (int i = 1; i < args.length; i++) {
            int more = args.length - i - 1;
            if (is(args[i], "BLOCK") && more > 0) {
                Long parsed = Arguments.tryParseLong(args[++i]);
                if (parsed == null) {
                    return Reply.error("ERR timeout is not an integer or out of range");
                }
                if (parsed < 0) {
                    return Reply.error("ERR timeout is negative");
                }
                timeout = parsed;
            } else if (is(args[i], "COUNT") && more > 0) {
                count = Math.max(0, Arguments.parseLong(args[++i]));
            } else if (is(args[i], "STREAMS") && more > 0) {
                streamsAt = i + 1;
                if (more % 2 != 0) {
                    return Reply.error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' "
                            + "must be specified."); // word for word Redis 7.0's, XREADGROUP included
                }
                streamCount = more / 2;
                break;
            } else if (is(args[i], "GROUP") && more >= 2) {
                if (!grouped) {
                    return Reply.error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = args[i + 1];
                consumerName = args[i + 2];
                i += 2;
            } else if (is(args[i], "NOACK")) {
                if (!grouped) {
                    return Reply.error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noAck = true;
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        if (streamsAt == 0) {
            return RedisErrors.SYNTAX;
        }
        if (grouped && groupName == null) {
            return Reply.error("ERR Missing GROUP option for XREADGROUP");
        }
        context.propagateNothing();
        List<Key> keys = new ArrayList<>(streamCount);
        List<StreamId> after = new ArrayList<>(streamCount);
        List<StreamGroup> groups = new ArrayList<>(streamCount);
        List<RedisStream> streams = new ArrayList<>(streamCount);
        for (int k = 0; k < streamCount; k++) {
            Key key = new Key(args[streamsAt + k]);
            byte[] idArg = args[streamsAt + streamCount + k];
            RedisStream stream = context.getStream(key);
            StreamGroup group = null;
            if (grouped) {
                group = stream == null ? null : stream.group(groupName);
                if (group == null) {
                    return Reply.error("NOGROUP No such key '" + text(key.bytes()) + "' or consumer group '"
                            + text(groupName) + "' in XREADGROUP with GROUP option");
                }
            }
            StreamId id;
            if (idArg.length == 1 && idArg[0] == '$') {
                if (grouped) {
                    return Reply.error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the "
                            + "history of this consumer by specifying a proper ID, or use the > ID to get new messages. "
                            + "The $ ID would just return an empty result set.");
                }
                id = stream == null ? StreamId.MIN : stream.lastId;
            } else if (idArg.length == 1 && idArg[0] == '>') {
                if (!grouped) {
                    return Reply.error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                            + "<group> <consumer> option.");
                }
                id = NEW_ENTRIES;
            } else {
                id = StreamId.parse(idArg, true, 0);
            }
            keys.add(key);
            after.add(id);
            groups.add(group);
            streams.add(stream);
        }
        List<Reply> served = new ArrayList<>();
        for (int k = 0; k < streamCount; k++) {
            Key key = keys.get(k);
            RedisStream stream = streams.get(k);
            if (stream == null) {
                continue;
            }
            StreamId id = after.get(k);
            StreamGroup group = groups.get(k);
            Reply entries = null;
            if (group != null && !id.equals(NEW_ENTRIES)) {
                entries = history(context, key, stream, group, consumer(context, key, group, consumerName), id, count);
            } else if (stream.length() > 0) {
                StreamId from = group != null ? group.lastDeliveredId : id;
                if (stream.lastEntry().getKey().isAfter(from)) {
                    List<Map.Entry<StreamId, byte[][]>> found = stream.range(from.next(), StreamId.MAX, count, false);
                    if (group != null) {
                        deliver(context, key, stream, group, consumer(context, key, group, consumerName), found, noAck);
                    }
                    entries = StreamCommands.entries(found);
                }
            }
            if (entries != null) {
                served.add(Reply.array(List.of(Reply.bulk(key.bytes()), entries)));
            }
        }
        if (!served.isEmpty()) {
            return Reply.array(served);
        }
        if (timeout >= 0) {
            BlockedStreamRead client = new BlockedStreamRead(List.copyOf(keys), List.copyOf(after), groupName,
                    consumerName, noAck, count);
            for (Key key : keys) {
                context.keyspace.shardFor(key).block(key, client);
            }
            context.block(client, timeout);
        }
        return Reply.NIL_ARRAY;
    }

    /** The consumer, created (and the creation logged) if new; its seen-time is now. */
    private static StreamGroup.StreamConsumer consumer(CommandContext context, Key key, StreamGroup group, byte[] name) {
        if (group.consumer(name) == null) {
            context.alsoPropagate(ascii("XGROUP"), ascii("CREATECONSUMER"), key.bytes(), group.name, name);
        }
        return group.touchConsumer(name, context.now);
    }

    /** Re-delivers the consumer's own pending entries after {@code id}; a deleted entry reads as [id, nil]. */
    private static Reply history(CommandContext context, Key key, RedisStream stream, StreamGroup group,
                                 StreamGroup.StreamConsumer consumer, StreamId id, long count) {
        List<Reply> entries = new ArrayList<>();
        StreamId from = id.next();
        if (from == null) {
            return Reply.array(entries);
        }
        for (StreamGroup.PendingEntry pending : consumer.pending.tailMap(from, true).values()) {
            if (count > 0 && entries.size() >= count) {
                break;
            }
            byte[][] fields = stream.get(pending.id);
            if (fields == null) {
                entries.add(Reply.array(List.of(pending.id.reply(), Reply.NIL_ARRAY)));
                continue;
            }
            pending.deliveryTime = context.now;
            pending.deliveryCount++;
            entries.add(StreamCommands.entry(pending.id, fields));
            context.alsoPropagate(RedisStream.claimCommand(key.bytes(), group, pending));
        }
        return Reply.array(entries);
    }

    /** Hands new entries to a consumer: the group moves past them and, unless NOACK, they become pending. */
    private static void deliver(CommandContext context, Key key, RedisStream stream, StreamGroup group,
                                StreamGroup.StreamConsumer consumer, List<Map.Entry<StreamId, byte[][]>> found,
                                boolean noAck) {
        if (found.isEmpty()) {
            return;
        }
        List<StreamGroup.PendingEntry> pending = new ArrayList<>(found.size());
        for (Map.Entry<StreamId, byte[][]> entry : found) {
            stream.advance(group, entry.getKey());
            if (!noAck) {
                pending.add(group.assign(entry.getKey(), consumer, context.now, 1));
            }
        }
        consumer.activeTime = context.now;
        for (StreamGroup.PendingEntry entry : pending) {
            context.alsoPropagate(RedisStream.claimCommand(key.bytes(), group, entry));
        }
        context.alsoPropagate(StreamGroupCommands.setIdCommand(key.bytes(), group));
    }

    /**
     * Serves the readers blocked on {@code key}, longest-waiting first, after an XADD to it. A
     * reader whose wait already ended (timeout) is skipped; a group reader is answered before the
     * group changes, so a reader that timed out meanwhile leaves the entries to the next one.
     * Shard lock of {@code key} held.
     */
    static void serveBlockedReaders(CommandContext context, Key key, RedisStream stream) {
        Keyspace.Shard shard = context.keyspace.shardFor(key);
        ArrayDeque<BlockedPop> waiting = shard.readersBlockedOn(key);
        if (waiting == null) {
            return;
        }
        List<BlockedPop> done = new ArrayList<>();
        for (BlockedPop blocked : waiting) {
            BlockedStreamRead client = (BlockedStreamRead) blocked;
            if (client.result.isDone()) {
                done.add(client);
                continue;
            }
            StreamGroup group = null;
            StreamId from;
            if (client.group == null) {
                from = client.after.get(client.keys.indexOf(key));
            } else {
                group = stream.group(client.group);
                if (group == null) {
                    client.result.complete(Reply.error("NOGROUP the consumer group this client was blocked on no longer exists"));
                    done.add(client);
                    continue;
                }
                from = group.lastDeliveredId;
            }
            if (!stream.lastId.isAfter(from)) {
                continue;
            }
            List<Map.Entry<StreamId, byte[][]>> found = stream.range(from.next(), StreamId.MAX, client.count, false);
            if (found.isEmpty()) {
                continue;
            }
            Reply reply = Reply.array(List.of(Reply.array(List.of(Reply.bulk(key.bytes()), StreamCommands.entries(found)))));
            if (client.result.complete(reply) && group != null) {
                deliver(context, key, stream, group, consumer(context, key, group, client.consumer), found, client.noAck);
            }
            done.add(client);
        }
        for (BlockedPop client : done) {
            shard.unblock(key, client);
        }
    }
}
