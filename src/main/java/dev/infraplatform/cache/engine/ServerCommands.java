package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/** Connection and server commands that touch no key: PING, ECHO, INFO. */
final class ServerCommands {

    /** One INFO section: its lower-case name and what writes its {@code field:value} lines. */
    private record Section(String name, BiConsumer<CommandContext, Lines> writer) {
    }

    /** INFO's sections in Redis' order; each is one method below. */
    private static final List<Section> SECTIONS = List.of(
            new Section("server", ServerCommands::server),
            new Section("clients", ServerCommands::clients),
            new Section("memory", ServerCommands::memory),
            new Section("persistence", (context, lines) -> context.server().persistence.describe(lines.text())),
            new Section("stats", ServerCommands::stats),
            new Section("keyspace", ServerCommands::keyspace));

    private ServerCommands() {
    }

    static void register(CommandTable table) {
        table.read("ping", -1, 0, 0, 1, ServerCommands::ping);
        table.read("echo", 2, 0, 0, 1, (c, a) -> Reply.bulk(a[1]));
        table.unlocked("info", -1, ServerCommands::info);
    }

    /**
     * INFO [section …]: Redis' text format, {@code # Section} headers and {@code field:value}
     * lines separated by CRLF, a blank line between sections. No argument, {@code default},
     * {@code all} or {@code everything}: every section; otherwise the named ones (case-insensitive,
     * unknown names ignored). Locks one shard at a time (the keyspace section walks them).
     */
    private static Reply info(CommandContext context, byte[][] args) {
        Set<String> wanted = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            wanted.add(Arguments.text(args[i]).toLowerCase(Locale.ROOT));
        }
        boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
                || wanted.contains("default");
        StringBuilder text = new StringBuilder();
        for (Section section : SECTIONS) {
            if (all || wanted.contains(section.name())) {
                if (!text.isEmpty()) {
                    text.append("\r\n");
                }
                text.append("# ").append(Character.toUpperCase(section.name().charAt(0)))
                        .append(section.name().substring(1)).append("\r\n");
                section.writer().accept(context, new Lines(text));
            }
        }
        return Reply.bulk(text.toString());
    }

    private static void server(CommandContext context, Lines lines) {
        long uptimeSeconds = Math.max(0, context.now - context.server().startedAt) / 1000;
        lines.add("redis_version", ServerStatus.REDIS_VERSION)
                .add("redis_mode", "standalone")
                .add("arch_bits", "64")
                .add("uptime_in_seconds", uptimeSeconds)
                .add("uptime_in_days", uptimeSeconds / 86_400);
    }

    private static void clients(CommandContext context, Lines lines) {
        lines.add("blocked_clients", context.server().blockedClients());
    }

    private static void memory(CommandContext context, Lines lines) {
        long used = context.keyspace.usedBytes();
        long max = context.server().evictor.maxMemory();
        lines.add("used_memory", used)
                .add("used_memory_human", humanBytes(used))
                .add("maxmemory", max)
                .add("maxmemory_human", humanBytes(max))
                .add("maxmemory_policy", context.server().evictor.policy().redisName());
    }

    private static void stats(CommandContext context, Lines lines) {
        lines.add("total_commands_processed", context.server().commandsProcessed())
                .add("expired_keys", context.keyspace.expiredKeys())
                .add("evicted_keys", context.keyspace.evictedKeys())
                .add("keyspace_hits", context.server().keyspaceStats.hits())
                .add("keyspace_misses", context.server().keyspaceStats.misses());
    }

    /**
     * {@code db0:keys=…,expires=…,avg_ttl=…} (ms), omitted when empty. Walks the keys with a TTL,
     * one shard at a time: O(keys with a TTL).
     */
    private static void keyspace(CommandContext context, Lines lines) {
        long keys = 0;
        long expires = 0;
        long ttlSum = 0;
        for (int i = 0; i < Keyspace.SHARDS; i++) {
            Keyspace.Shard shard = context.keyspace.shard(i);
            shard.lock.lock();
            try {
                keys += shard.size();
                expires += shard.expiringCount();
                ttlSum += shard.remainingTtlSum(context.now);
            } finally {
                shard.lock.unlock();
            }
        }
        if (keys > 0) {
            lines.add("db0", "keys=" + keys + ",expires=" + expires + ",avg_ttl=" + (expires == 0 ? 0 : ttlSum / expires));
        }
    }

    /** Redis' {@code bytesToHuman}: {@code 512B}, {@code 1.50K}, {@code 2.00M}, … (powers of 1024). */
    static String humanBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String units = "KMGTPE";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length() - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%c", value, units.charAt(unit));
    }

    /** {@code field:value\r\n} lines appended to INFO's text. */
    private record Lines(StringBuilder text) {

        Lines add(String field, Object value) {
            text.append(field).append(':').append(value).append("\r\n");
            return this;
        }
    }

    private static Reply ping(CommandContext context, byte[][] args) {
        if (args.length > 2) {
            return RedisErrors.wrongArity("ping");
        }
        return args.length == 2 ? Reply.bulk(args[1]) : new Reply.SimpleString("PONG");
    }
}
