package dev.infraplatform.search.engine;

import dev.infraplatform.search.analysis.IndexAnalyzers;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules of aliases over the indexes' metadata, where Elasticsearch keeps them: each index's
 * metadata lists the aliases naming it, so the alias table (alias to its indexes) is derived, never
 * stored twice. Cost of {@link #table}: one pass over the indexes' aliases.
 */
final class Aliases {

    /** The characters Elasticsearch refuses in index and alias names. */
    private static final String INVALID_CHARACTERS = "\\/*?\"<>| ,#:";

    private Aliases() {
    }

    /** Alias name to its indexes (sorted) with what the alias says of each. */
    static Map<String, Map<String, AliasMetadata>> table(Collection<SearchIndex> indexes) {
        Map<String, Map<String, AliasMetadata>> table = new TreeMap<>();
        for (SearchIndex index : indexes) {
            index.metadata().aliases().forEach((alias, metadata) ->
                    table.computeIfAbsent(alias, a -> new TreeMap<>()).put(index.name(), metadata));
        }
        return table;
    }

    /** Whether an alias is hidden ({@code is_hidden: true} on its indexes). */
    static boolean isHidden(Map<String, AliasMetadata> members) {
        return members.values().stream().anyMatch(member -> Boolean.TRUE.equals(member.isHidden()));
    }

    /** The write index among an alias's indexes, or {@code null} if it has none. */
    static String writeIndexOf(Map<String, AliasMetadata> members) {
        for (Map.Entry<String, AliasMetadata> member : members.entrySet()) {
            if (member.getValue().writeIndex()) {
                return member.getKey();
            }
        }
        if (members.size() == 1 && !Boolean.FALSE.equals(members.values().iterator().next().isWriteIndex())) {
            return members.keySet().iterator().next();
        }
        return null;
    }

    /**
     * The routing a single-document operation through {@code name} uses, as Elasticsearch's
     * {@code resolveIndexRouting}: the alias's {@code index_routing} where the index it goes to has
     * one (a request's own routing must then be the same), else the request's.
     *
     * @param members the alias's indexes ({@code null}: {@code name} is not an alias)
     * @throws IllegalSearchArgumentException if the request's routing differs from the alias's
     */
    static String indexRouting(String name, Map<String, AliasMetadata> members, String routing) {
        if (members == null) {
            return routing;
        }
        String target = members.size() == 1 ? members.keySet().iterator().next() : writeIndexOf(members);
        String aliasRouting = target == null ? null : members.get(target).indexRouting();
        if (aliasRouting == null) {
            return routing;
        }
        if (routing != null && !routing.equals(aliasRouting)) {
            throw new IllegalSearchArgumentException("Alias [" + name + "] has index routing associated with it ["
                    + aliasRouting + "], and was provided with routing value [" + routing + "], rejecting operation");
        }
        return aliasRouting;
    }

    /**
     * The routing values a search uses per index, as Elasticsearch's {@code resolveSearchRouting}:
     * an index named directly (or by a pattern) takes the request's {@code routing}; one named only
     * through aliases with a {@code search_routing} takes theirs, narrowed to the request's values
     * (none in common: every shard). Indexes absent from the result are searched on every shard.
     *
     * @param expressions the search's index expressions (as {@link IndicesOptions#resolve} took them)
     * @param routing     the request's comma-separated routing values ({@code null}: none)
     * @param searched    the indexes the expressions resolved to
     */
    static Map<String, Set<String>> searchRouting(List<String> expressions, String routing, Set<String> searched,
                                                  Map<String, Map<String, AliasMetadata>> aliases) {
        Set<String> requested = routing == null ? null : values(routing);
        Map<String, Set<String>> routings = new HashMap<>();
        Set<String> direct = new HashSet<>();
        List<String> parts = expressions == null ? List.of() : expressions.stream().map(String::trim)
                .filter(expression -> !expression.isEmpty() && !expression.startsWith("-")).toList();
        if (parts.isEmpty()) {
            parts = List.of("*");
        }
        for (String expression : parts) {
            if (expression.contains("*") || expression.equals("_all")) {
                Pattern pattern = IndicesOptions.pattern(expression.equals("_all") ? "*" : expression);
                searched.stream().filter(index -> pattern.matcher(index).matches())
                        .forEach(index -> named(index, requested, routings, direct));
                aliases.forEach((alias, members) -> {
                    if (pattern.matcher(alias).matches()) {
                        throughAlias(members, requested, searched, routings, direct);
                    }
                });
            } else if (aliases.containsKey(expression) && !searched.contains(expression)) {
                throughAlias(aliases.get(expression), requested, searched, routings, direct);
            } else if (searched.contains(expression)) {
                named(expression, requested, routings, direct);
            }
        }
        return routings;
    }

    private static void throughAlias(Map<String, AliasMetadata> members, Set<String> requested, Set<String> searched,
                                     Map<String, Set<String>> routings, Set<String> direct) {
        members.forEach((index, alias) -> {
            if (!searched.contains(index) || direct.contains(index)) {
                return;
            }
            if (alias.searchRouting() == null) {
                named(index, requested, routings, direct);
                return;
            }
            Set<String> values = routings.computeIfAbsent(index, i -> new LinkedHashSet<>());
            values.addAll(values(alias.searchRouting()));
            if (requested != null) {
                values.retainAll(requested);
            }
            if (values.isEmpty()) {
                routings.remove(index);
            }
        });
    }

    /** An index named without a routing alias: the request's routing, or every shard. */
    private static void named(String index, Set<String> requested, Map<String, Set<String>> routings,
                              Set<String> direct) {
        if (direct.add(index)) {
            if (requested != null) {
                routings.put(index, requested);
            } else {
                routings.remove(index);
            }
        }
    }

    /** Comma-separated routing values, each once. */
    static Set<String> values(String routing) {
        Set<String> values = new LinkedHashSet<>();
        Arrays.stream(routing.split(",")).map(String::trim).filter(value -> !value.isEmpty()).forEach(values::add);
        return values;
    }

    /** Elasticsearch's alias name rules (those of index names but for case). */
    static void validateName(String alias) {
        if (alias == null || alias.isBlank()) {
            throw new IllegalSearchArgumentException("alias name is required");
        }
        for (char c : alias.toCharArray()) {
            if (INVALID_CHARACTERS.indexOf(c) >= 0) {
                throw new InvalidAliasNameException(alias,
                        ", must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?, #, :]");
            }
        }
        if (alias.startsWith("_") || alias.startsWith("-") || alias.startsWith("+")) {
            throw new InvalidAliasNameException(alias, ", must not start with '_', '-', or '+'");
        }
        if (alias.equals(".") || alias.equals("..")) {
            throw new InvalidAliasNameException(alias, ", must not be '.' or '..'");
        }
        if (alias.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new InvalidAliasNameException(alias, ", alias name is too long, (" + alias.length() + " > 255)");
        }
    }

    /**
     * Checks that a filter parses as a query under the index's mapping, as Elasticsearch does when
     * an alias is added.
     */
    static void validateFilter(String alias, AliasMetadata metadata, Mapping mapping) {
        if (metadata.filter() == null) {
            return;
        }
        try {
            new QueryParser(mapping, IndexAnalyzers.global().defaultSearchAnalyzer()).parse(metadata.filter());
        } catch (SearchException e) {
            throw new IllegalSearchArgumentException("failed to parse filter for alias [" + alias + "]: "
                    + e.getMessage());
        }
    }

    /** At most one write index per alias. */
    static void checkWriteIndexes(String alias, Map<String, AliasMetadata> members) {
        List<String> writeIndexes = members.entrySet().stream().filter(e -> e.getValue().writeIndex())
                .map(Map.Entry::getKey).toList();
        if (writeIndexes.size() > 1) {
            throw new IllegalSearchArgumentException("alias [" + alias + "] has more than one write index ["
                    + String.join(",", writeIndexes) + "]");
        }
    }
}
