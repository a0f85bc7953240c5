package dev.infraplatform.search.engine;

import dev.infraplatform.search.analysis.IndexAnalyzers;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
