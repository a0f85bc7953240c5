package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/** Connection and server commands that touch no key: PING, ECHO. */
final class ServerCommands {

    private ServerCommands() {
    }

    static void register(CommandTable table) {
        table.read("ping", -1, 0, 0, 1, ServerCommands::ping);
        table.read("echo", 2, 0, 0, 1, (c, a) -> Reply.bulk(a[1]));
    }

    private static Reply ping(CommandContext context, byte[][] args) {
        if (args.length > 2) {
            return RedisErrors.wrongArity("ping");
        }
        return args.length == 2 ? Reply.bulk(args[1]) : new Reply.SimpleString("PONG");
    }
}
