package dev.infraplatform.cache.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A {@link CommandLog} for tests: keeps what the engine would write to the AOF, as text. */
final class RecordingCommandLog implements CommandLog {

    private final List<List<String>> commands = new ArrayList<>();

    @Override
    public synchronized Pending append(List<byte[][]> logged) {
        for (byte[][] command : logged) {
            commands.add(Arrays.stream(command).map(b -> new String(b, StandardCharsets.UTF_8)).toList());
        }
        return Pending.DONE;
    }

    @Override
    public String failure() {
        return null;
    }

    /** Every logged command, in order, as its words. */
    synchronized List<List<String>> commands() {
        return List.copyOf(commands);
    }

    /** Every logged command, in order, as one line each. */
    synchronized List<String> lines() {
        return commands.stream().map(words -> String.join(" ", words)).toList();
    }
}
