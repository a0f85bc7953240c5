package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/** One command's behaviour. {@code args[0]} is the command name as the client sent it. */
@FunctionalInterface
interface CommandHandler {

    Reply run(CommandContext context, byte[][] args);
}
