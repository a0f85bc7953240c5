package dev.infraplatform.cache.engine;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every supported command by lower-case name. Each type's file registers its commands here, as
 * Redis' command table is data rather than one big switch.
 */
final class CommandTable {

    private final Map<String, CommandSpec> commands = new HashMap<>();

    static CommandTable standard() {
        CommandTable table = new CommandTable();
        KeyCommands.register(table);
        StringCommands.register(table);
        ListCommands.register(table);
        HashCommands.register(table);
        SetCommands.register(table);
        SortedSetCommands.register(table);
        StreamCommands.register(table);
        ServerCommands.register(table);
        MemoryCommands.register(table);
        ConfigCommands.register(table);
        PersistenceCommands.register(table);
        PubSubCommands.register(table);
        return table;
    }

    CommandSpec find(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    int size() {
        return commands.size();
    }

    void read(String name, int arity, int firstKey, int lastKey, int step, CommandHandler handler) {
        add(new CommandSpec(name, arity, firstKey, lastKey, step, CommandSpec.Locking.KEYS, false, handler));
    }

    /** A write command; mark it {@link Row#denyOom()} if it may grow memory. */
    Row write(String name, int arity, int firstKey, int lastKey, int step, CommandHandler handler) {
        add(new CommandSpec(name, arity, firstKey, lastKey, step, CommandSpec.Locking.KEYS, true, handler));
        return new Row(name);
    }

    /** The row just registered, to add flags to. */
    final class Row {
        private final String name;

        private Row(String name) {
            this.name = name;
        }

        /** Redis' {@code denyoom}: the command may grow memory, so it is subject to {@code maxmemory}. */
        void denyOom() {
            commands.computeIfPresent(name, (n, spec) -> spec.withDenyOom());
        }
    }

    /** A command that sees or changes the whole keyspace at one instant (all shards locked). */
    void global(String name, int arity, boolean write, CommandHandler handler) {
        add(new CommandSpec(name, arity, 0, 0, 1, CommandSpec.Locking.ALL, write, handler));
    }

    /** A command whose keys {@code keyFinder} finds in its arguments (they are not at fixed positions). */
    void movableKeys(String name, int arity, boolean write, java.util.function.Function<byte[][], java.util.List<Key>> keyFinder,
                     CommandHandler handler) {
        add(new CommandSpec(name, arity, 0, 0, 1, CommandSpec.Locking.KEYS, write, handler, false, keyFinder));
    }

    /** A keyless command that locks what it needs itself (SCAN: one shard at a time). */
    void unlocked(String name, int arity, CommandHandler handler) {
        add(new CommandSpec(name, arity, 0, 0, 1, CommandSpec.Locking.KEYS, false, handler));
    }

    private void add(CommandSpec spec) {
        if (commands.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalStateException("command " + spec.name() + " registered twice");
        }
    }
}
