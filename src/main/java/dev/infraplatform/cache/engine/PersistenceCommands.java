package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/** BGSAVE, SAVE, LASTSAVE and BGREWRITEAOF: handed to the attached {@link PersistenceControl}. */
final class PersistenceCommands {

    private PersistenceCommands() {
    }

    static void register(CommandTable table) {
        table.unlocked("bgsave", -1, PersistenceCommands::bgsave);
        table.unlocked("save", 1, (c, a) -> c.server().persistence.save());
        table.unlocked("lastsave", 1, (c, a) -> Reply.integer(c.server().persistence.lastSaveSeconds()));
        table.unlocked("bgrewriteaof", 1, (c, a) -> c.server().persistence.bgrewriteaof());
    }

    private static Reply bgsave(CommandContext context, byte[][] args) {
        if (args.length > 2) {
            return RedisErrors.wrongArity("bgsave");
        }
        if (args.length == 2 && !Arguments.is(args[1], "schedule")) {
            return RedisErrors.SYNTAX;
        }
        return context.server().persistence.bgsave(args.length == 2);
    }
}
