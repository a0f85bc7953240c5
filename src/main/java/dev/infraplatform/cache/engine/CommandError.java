package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

/**
 * Ends a command with an error reply from deep inside its handler (a key of the wrong type, a
 * number that doesn't parse). Carries no stack trace: it is control flow, not a failure.
 */
final class CommandError extends RuntimeException {

    final transient Reply reply;

    CommandError(Reply reply) {
        super(((Reply.Error) reply).message(), null, false, false);
        this.reply = reply;
    }
}
