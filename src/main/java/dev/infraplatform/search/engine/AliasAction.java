package dev.infraplatform.search.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One action of Elasticsearch's {@code POST /_aliases}: {@code add} an alias to indexes (with its
 * {@link AliasMetadata}), {@code remove} aliases (names may be {@code *} patterns) from indexes, or
 * {@code remove_index} (delete indexes). {@code indices} are index expressions (names, patterns,
 * aliases standing for their indexes).
 *
 * @param mustExist for {@code remove}: {@code true}: every alias named must exist; {@code null}: at
 *                  least one must; {@code false}: none need to
 */
public record AliasAction(Type type, List<String> indices, List<String> aliases, AliasMetadata metadata,
                          Boolean mustExist) {

    /** The kinds of action. */
    public enum Type { ADD, REMOVE, REMOVE_INDEX }

    private static final Set<String> ACTION_KEYS = Set.of("index", "indices", "alias", "aliases", "must_exist");

    public AliasAction {
        indices = List.copyOf(indices);
        aliases = List.copyOf(aliases);
    }

    /** Adds {@code alias} to the indexes {@code index} names. */
    public static AliasAction add(String index, String alias, AliasMetadata metadata) {
        return new AliasAction(Type.ADD, List.of(index), List.of(alias), metadata, null);
    }

    /** Removes the aliases {@code alias} names from the indexes {@code index} names. */
    public static AliasAction remove(String index, String alias, Boolean mustExist) {
        return new AliasAction(Type.REMOVE, List.of(index), List.of(alias), AliasMetadata.PLAIN, mustExist);
    }

    /**
     * Parses the body of {@code POST /_aliases}: {@code {"actions": [{"add": {…}}, {"remove": {…}},
     * {"remove_index": {…}}]}}. Date math names ({@code <logs-{now/d}>}) among the indexes and
     * aliases are resolved against the time of the call, as Elasticsearch resolves them.
     *
     * @throws IllegalSearchArgumentException on a malformed action
     */
    @SuppressWarnings("unchecked")
    public static List<AliasAction> parseAll(Map<String, Object> body) {
        for (String key : body.keySet()) {
            if (!key.equals("actions")) {
                throw new IllegalSearchArgumentException("[aliases] unknown field [" + key + "]");
            }
        }
        if (!(body.get("actions") instanceof List<?> actions) || actions.isEmpty()) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: no aliases actions specified;");
        }
        List<AliasAction> parsed = new ArrayList<>();
        long started = System.currentTimeMillis();
        LongSupplier now = () -> started;
        for (Object action : actions) {
            if (!(action instanceof Map<?, ?> map) || map.size() != 1
                    || !(map.values().iterator().next() instanceof Map<?, ?> parameters)) {
                throw new IllegalSearchArgumentException("[alias_action] expected one action object, got " + action);
            }
            String name = (String) map.keySet().iterator().next();
            Type type = switch (name) {
                case "add" -> Type.ADD;
                case "remove" -> Type.REMOVE;
                case "remove_index" -> Type.REMOVE_INDEX;
                default -> throw new IllegalSearchArgumentException("[alias_action] unknown field [" + name + "]");
            };
            parsed.add(parse(type, (Map<String, Object>) parameters, now));
        }
        return parsed;
    }

    private static AliasAction parse(Type type, Map<String, Object> parameters, LongSupplier now) {
        String label = type.name().toLowerCase(java.util.Locale.ROOT);
        List<String> indices = names(parameters, "index", "indices", now);
        if (indices.isEmpty()) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: Alias action [" + label
                    + "] requires an [index] or [indices] to be set;");
        }
        if (type == Type.REMOVE_INDEX) {
            for (String key : parameters.keySet()) {
                if (!key.equals("index") && !key.equals("indices")) {
                    throw new IllegalSearchArgumentException("[remove_index] unknown field [" + key + "]");
                }
            }
            return new AliasAction(type, indices, List.of(), AliasMetadata.PLAIN, null);
        }
        if (parameters.get("aliases") instanceof List<?> list && list.isEmpty()) {
            throw new IllegalSearchArgumentException("[aliases] can't be empty");
        }
        List<String> aliases = names(parameters, "alias", "aliases", now);
        if (aliases.isEmpty()) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: Alias action [" + label
                    + "] requires an [alias] or [aliases] to be set;");
        }
        if (type == Type.REMOVE) {
            for (String key : parameters.keySet()) {
                if (!ACTION_KEYS.contains(key)) {
                    throw new IllegalSearchArgumentException("[remove] unknown field [" + key + "]");
                }
            }
            Object mustExist = parameters.get("must_exist");
            return new AliasAction(type, indices, aliases, AliasMetadata.PLAIN,
                    mustExist == null ? null : Boolean.parseBoolean(mustExist.toString()));
        }
        AliasMetadata metadata = AliasMetadata.parse(aliases.getFirst(), parameters, ACTION_KEYS);
        return new AliasAction(type, indices, aliases, metadata, null);
    }

    /** A single name or a list under two keys ({@code index}/{@code indices}); comma lists split. */
    private static List<String> names(Map<String, Object> parameters, String single, String plural,
                                      LongSupplier now) {
        List<String> names = new ArrayList<>();
        for (String key : List.of(single, plural)) {
            Object value = parameters.get(key);
            if (value instanceof List<?> list) {
                list.forEach(item -> addSplit(names, String.valueOf(item), now));
            } else if (value != null) {
                addSplit(names, value.toString(), now);
            }
        }
        return names;
    }

    private static void addSplit(List<String> names, String value, LongSupplier now) {
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                names.add(DateMathIndexNames.resolve(part.trim(), now));
            }
        }
    }
}
