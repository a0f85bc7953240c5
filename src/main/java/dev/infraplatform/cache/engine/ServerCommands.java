package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/** Connection and server commands that touch no key: PING, ECHO. */
final class ServerCommands {

    private ServerCommands() {
    }

    static void register(CommandTable table) {
        table.read("ping", -1, 0, 0, 1, ServerCommands::ping);
        table.read("echo", 2, 0, 0, 1, (c, a) -> Reply.bulk(a[1]));
        table.unlocked("info", -1, ServerCommands::info);
    }

    /**
     * INFO [section …]: Redis' text format, {@code # Section} headers and {@code field:value}
     * lines separated by CRLF. Sections: server, stats, keyspace (default: all of them).
     */
    private static Reply info(CommandContext context, byte[][] args) {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (int i = 1; i < args.length; i++) {
            wanted.add(Arguments.text(args[i]).toLowerCase(java.util.Locale.ROOT));
        }
        boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
                || wanted.contains("default");
        StringBuilder text = new StringBuilder();
        if (all || wanted.contains("server")) {
            text.append("# Server\r\n")
                    .append("redis_version:7.0.0\r\n")
                    .append("redis_mode:standalone\r\n")
                    .append("arch_bits:64\r\n")
                    .append("\r\n");
        }
        long[] counts = countKeys(context);
        if (all || wanted.contains("stats")) {
            text.append("# Stats\r\n")
                    .append("keyspace_hits:").append(context.stats().hits()).append("\r\n")
                    .append("keyspace_misses:").append(context.stats().misses()).append("\r\n")
                    .append("expired_keys:").append(context.keyspace.expiredKeys()).append("\r\n")
                    .append("evicted_keys:0\r\n")
                    .append("\r\n");
        }
        if (all || wanted.contains("keyspace")) {
            text.append("# Keyspace\r\n");
            if (counts[0] > 0) {
                text.append("db0:keys=").append(counts[0]).append(",expires=").append(counts[1])
                        .append(",avg_ttl=0\r\n");
            }
        }
        return Reply.bulk(text.toString());
    }

    /** {keys, keys with a TTL}, one shard at a time. */
    private static long[] countKeys(CommandContext context) {
        long keys = 0;
        long expires = 0;
        for (int i = 0; i < Keyspace.SHARDS; i++) {
            Keyspace.Shard shard = context.keyspace.shard(i);
            shard.lock.lock();
            try {
                keys += shard.size();
                expires += shard.expiringCount();
            } finally {
                shard.lock.unlock();
            }
        }
        return new long[] {keys, expires};
    }

    private static Reply ping(CommandContext context, byte[][] args) {
        if (args.length > 2) {
            return RedisErrors.wrongArity("ping");
        }
        return args.length == 2 ? Reply.bulk(args[1]) : new Reply.SimpleString("PONG");
    }
}
