package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.util.ArrayList;
import java.util.List;

import static dev.infraplatform.cache.engine.Arguments.is;

/**
 * PUBLISH and PUBSUB CHANNELS / NUMSUB / NUMPAT (Redis' pubsub.c). They touch no key, lock
 * nothing and are not written to the AOF; SUBSCRIBE is {@code CacheEngine.subscribe}, since a
 * subscription outlives a command.
 */
final class PubSubCommands {

    private PubSubCommands() {
    }

    static void register(CommandTable table) {
        table.read("publish", 3, 0, 0, 1,
                (c, a) -> Reply.integer(c.keyspace.channels.publish(a[1], a[2])));
        table.read("pubsub", -2, 0, 0, 1, PubSubCommands::pubsub);
    }

    private static Reply pubsub(CommandContext context, byte[][] args) {
        PubSubChannels channels = context.keyspace.channels;
        if (is(args[1], "CHANNELS")) {
            if (args.length > 3) {
                return RedisErrors.wrongArity("pubsub|channels");
            }
            List<Reply> names = new ArrayList<>();
            for (byte[] name : channels.activeChannels(args.length == 3 ? args[2] : null)) {
                names.add(Reply.bulk(name));
            }
            return Reply.array(names);
        }
        if (is(args[1], "NUMSUB")) {
            List<Reply> counts = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                counts.add(Reply.bulk(args[i]));
                counts.add(Reply.integer(channels.subscriberCount(args[i])));
            }
            return Reply.array(counts);
        }
        if (is(args[1], "NUMPAT")) {
            return args.length != 2 ? RedisErrors.wrongArity("pubsub|numpat") : Reply.integer(channels.patternCount());
        }
        return Reply.error("ERR unknown subcommand '" + Arguments.text(args[1]) + "'. Try PUBSUB HELP.");
    }
}
