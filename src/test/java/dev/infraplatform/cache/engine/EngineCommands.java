package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.Reply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Running commands given as text against an engine, and building or reading replies, in tests. */
final class EngineCommands {

    private EngineCommands() {
    }

    static Reply run(LocalCacheEngine engine, String... args) {
        return engine.execute(Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList());
    }

    /** An array reply of bulk strings. */
    static Reply array(String... values) {
        return Reply.array(Arrays.stream(values).map(Reply::bulk).toList());
    }

    /** The bulk strings of an array reply, as text. */
    static List<String> texts(Reply reply) {
        List<String> texts = new ArrayList<>();
        for (Reply item : ((Reply.Array) reply).items()) {
            texts.add(new String(((Reply.Bulk) item).value(), StandardCharsets.UTF_8));
        }
        return texts;
    }
}
