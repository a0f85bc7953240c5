package dev.infraplatform.cache.recipe;

import dev.infraplatform.cache.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Building commands and reading replies for the recipes; a Redis error reply becomes a {@link RecipeException}. */
final class EngineCalls {

    private EngineCalls() {
    }

    static List<byte[]> command(Object... words) {
        List<byte[]> args = new ArrayList<>(words.length);
        for (Object word : words) {
            args.add(word instanceof byte[] bytes ? bytes : String.valueOf(word).getBytes(StandardCharsets.UTF_8));
        }
        return args;
    }

    static Reply check(Reply reply) {
        if (reply instanceof Reply.Error error) {
            throw new RecipeException(error);
        }
        return reply;
    }

    /** The items of an EXEC reply, null if it was aborted by WATCH; the first error reply is thrown. */
    static List<Reply> items(Reply exec) {
        List<Reply> items = ((Reply.Array) check(exec)).items();
        if (items != null) {
            items.forEach(EngineCalls::check);
        }
        return items;
    }

    static long integer(Reply reply) {
        return ((Reply.Int) check(reply)).value();
    }

    static byte[] bulk(Reply reply) {
        return ((Reply.Bulk) check(reply)).value();
    }
}
