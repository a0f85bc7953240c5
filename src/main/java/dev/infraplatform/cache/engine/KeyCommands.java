package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.List;

import static dev.infraplatform.cache.engine.Arguments.is;
import static dev.infraplatform.cache.engine.Arguments.parseLong;

/** Commands on keys whatever their type (Redis' db.c / expire.c): DEL, TTLs, KEYS, SCAN, … */
final class KeyCommands {

    private static final int SCAN_DEFAULT_COUNT = 10;

    private KeyCommands() {
    }

    static void register(CommandTable table) {
        table.write("del", -2, 1, -1, 1, KeyCommands::del);
        table.write("unlink", -2, 1, -1, 1, KeyCommands::del);
        table.read("exists", -2, 1, -1, 1, KeyCommands::exists);
        table.read("type", 2, 1, 1, 1, KeyCommands::type);
        table.write("rename", 3, 1, 2, 1, KeyCommands::rename);
        table.write("expire", -3, 1, 1, 1, (c, a) -> expire(c, a, 1000, false));
        table.write("pexpire", -3, 1, 1, 1, (c, a) -> expire(c, a, 1, false));
        table.write("expireat", -3, 1, 1, 1, (c, a) -> expire(c, a, 1000, true));
        table.write("pexpireat", -3, 1, 1, 1, (c, a) -> expire(c, a, 1, true));
        table.read("ttl", 2, 1, 1, 1, (c, a) -> ttl(c, a, true));
        table.read("pttl", 2, 1, 1, 1, (c, a) -> ttl(c, a, false));
        table.write("persist", 2, 1, 1, 1, KeyCommands::persist);
        table.unlocked("dbsize", 1, (c, a) -> Reply.integer(c.keyspace.size()));
        table.global("keys", 2, false, KeyCommands::keys);
        table.global("flushall", -1, true, KeyCommands::flush);
        table.global("flushdb", -1, true, KeyCommands::flush);
        table.unlocked("scan", -2, KeyCommands::scan);
    }

    private static Reply del(CommandContext context, byte[][] args) {
        long deleted = 0;
        for (int i = 1; i < args.length; i++) {
            if (context.delete(new Key(args[i]))) {
                deleted++;
            }
        }
        return Reply.integer(deleted);
    }

    private static Reply exists(CommandContext context, byte[][] args) {
        long found = 0;
        for (int i = 1; i < args.length; i++) {
            if (context.lookup(new Key(args[i])) != null) {
                found++;
            }
        }
        return Reply.integer(found);
    }

    private static Reply type(CommandContext context, byte[][] args) {
        Entry entry = context.lookup(new Key(args[1]));
        return new Reply.SimpleString(entry == null ? "none" : entry.typeName());
    }

    private static Reply rename(CommandContext context, byte[][] args) {
        Key from = new Key(args[1]);
        Key to = new Key(args[2]);
        Entry entry = context.lookup(from);
        if (entry == null) {
            return RedisErrors.NO_SUCH_KEY;
        }
        if (from.equals(to)) {
            return Reply.OK;
        }
        context.delete(to);
        context.keyspace.shardFor(to).put(to, entry.value, entry.expiresAt);
        context.keyspace.shardFor(from).remove(from);
        return Reply.OK;
    }

    /** EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX | XX | GT | LT] */
    private static Reply expire(CommandContext context, byte[][] args, long unitMillis, boolean absolute) {
        String command = Arguments.text(args[0]).toLowerCase(java.util.Locale.ROOT);
        long value = parseLong(args[2]);
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < args.length; i++) {
            if (is(args[i], "NX")) {
                nx = true;
            } else if (is(args[i], "XX")) {
                xx = true;
            } else if (is(args[i], "GT")) {
                gt = true;
            } else if (is(args[i], "LT")) {
                lt = true;
            } else {
                return Reply.error("ERR Unsupported option " + Arguments.text(args[i]));
            }
        }
        if (nx && (xx || gt || lt)) {
            return Reply.error("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            return Reply.error("ERR GT and LT options at the same time are not compatible");
        }
        long when;
        try {
            when = Math.multiplyExact(value, unitMillis);
            if (!absolute) {
                when = Math.addExact(when, context.now);
            }
        } catch (ArithmeticException overflow) {
            return RedisErrors.invalidExpireTime(command);
        }
        Key key = new Key(args[1]);
        Entry entry = context.lookup(key);
        context.propagateNothing();
        if (entry == null) {
            return Reply.ZERO;
        }
        boolean hasTtl = entry.expiresAt != Entry.NO_EXPIRY;
        if ((nx && hasTtl) || (xx && !hasTtl)
                || (gt && (!hasTtl || when <= entry.expiresAt))
                || (lt && hasTtl && when >= entry.expiresAt)) {
            return Reply.ZERO;
        }
        if (when <= context.now) {
            context.delete(key);
            context.propagate(StringCommands.ascii("DEL"), args[1]);
            return Reply.ONE;
        }
        context.setExpiry(key, entry, when);
        // logged with the absolute time, so that replaying later doesn't extend the TTL
        context.propagate(StringCommands.ascii("PEXPIREAT"), args[1], StringCommands.ascii(Long.toString(when)));
        return Reply.ONE;
    }

    private static Reply ttl(CommandContext context, byte[][] args, boolean seconds) {
        Entry entry = context.lookup(new Key(args[1]));
        if (entry == null) {
            return Reply.integer(-2);
        }
        if (entry.expiresAt == Entry.NO_EXPIRY) {
            return Reply.integer(-1);
        }
        long remaining = Math.max(0, entry.expiresAt - context.now);
        return Reply.integer(seconds ? (remaining + 500) / 1000 : remaining);
    }

    private static Reply persist(CommandContext context, byte[][] args) {
        Key key = new Key(args[1]);
        Entry entry = context.lookup(key);
        if (entry == null || entry.expiresAt == Entry.NO_EXPIRY) {
            context.propagateNothing();
            return Reply.ZERO;
        }
        context.setExpiry(key, entry, Entry.NO_EXPIRY);
        return Reply.ONE;
    }

    private static Reply keys(CommandContext context, byte[][] args) {
        List<Reply> matches = new ArrayList<>();
        boolean all = args[1].length == 1 && args[1][0] == '*';
        for (int i = 0; i < Keyspace.SHARDS; i++) {
            for (Key key : context.keyspace.shard(i).keys(context.now)) {
                if (all || Glob.matches(args[1], key.bytes())) {
                    matches.add(Reply.bulk(key.bytes()));
                }
            }
        }
        return Reply.array(matches);
    }

    private static Reply flush(CommandContext context, byte[][] args) {
        if (args.length > 2 || (args.length == 2 && !is(args[1], "ASYNC") && !is(args[1], "SYNC"))) {
            return RedisErrors.SYNTAX;
        }
        for (int i = 0; i < Keyspace.SHARDS; i++) {
            context.keyspace.shard(i).clear();
        }
        return Reply.OK;
    }

    /**
     * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. The cursor is a shard number: each
     * call returns whole shards (at least COUNT keys' worth, as far as shards allow), so every key
     * present for the whole scan is returned exactly once per shard visit, whatever happens to
     * other keys meanwhile. Locks one shard at a time.
     */
    private static Reply scan(CommandContext context, byte[][] args) {
        Long cursor = Arguments.tryParseLong(args[1]);
        if (cursor == null || cursor < 0) {
            return Reply.error("ERR invalid cursor");
        }
        byte[] pattern = null;
        long count = SCAN_DEFAULT_COUNT;
        String type = null;
        for (int i = 2; i < args.length; i++) {
            if (i + 1 >= args.length) {
                return RedisErrors.SYNTAX;
            }
            if (is(args[i], "MATCH")) {
                pattern = args[++i];
            } else if (is(args[i], "COUNT")) {
                count = parseLong(args[++i]);
                if (count < 1) {
                    return RedisErrors.SYNTAX;
                }
            } else if (is(args[i], "TYPE")) {
                type = Arguments.text(args[++i]).toLowerCase(java.util.Locale.ROOT);
            } else {
                return RedisErrors.SYNTAX;
            }
        }
        List<Reply> found = new ArrayList<>();
        int shard = (int) Math.min(cursor, Keyspace.SHARDS);
        long visited = 0;
        while (shard < Keyspace.SHARDS && visited < count) {
            Keyspace.Shard current = context.keyspace.shard(shard);
            current.lock.lock();
            try {
                for (Key key : current.keys(context.now)) {
                    visited++;
                    if (pattern != null && !Glob.matches(pattern, key.bytes())) {
                        continue;
                    }
                    if (type != null && !type.equals(current.get(key, context.now).typeName())) {
                        continue;
                    }
                    found.add(Reply.bulk(key.bytes()));
                }
            } finally {
                current.lock.unlock();
            }
            shard++;
        }
        long next = shard >= Keyspace.SHARDS ? 0 : shard;
        return Reply.array(List.of(Reply.bulk(Long.toString(next)), Reply.array(found)));
    }
}
