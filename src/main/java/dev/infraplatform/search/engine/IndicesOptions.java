package dev.infraplatform.search.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a search names its indexes, as Elasticsearch's index expressions: concrete names, {@code *}
 * patterns ({@code logs-*}), {@code _all} (or no expression: every index) and exclusions
 * ({@code logs-*,-logs-old}, after a pattern). A missing concrete index is
 * {@code index_not_found_exception} unless {@code ignoreUnavailable}; a pattern (or the whole
 * expression) that names no index is one unless {@code allowNoIndices} (the default for searches).
 *
 * @param ignoreUnavailable skip missing concrete indexes
 * @param allowNoIndices    accept patterns, and a whole expression, that name no index
 */
public record IndicesOptions(boolean ignoreUnavailable, boolean allowNoIndices) {

    /** The defaults of {@code _search} and {@code _count}. */
    public static final IndicesOptions SEARCH_DEFAULTS = new IndicesOptions(false, true);

    /**
     * The index names the expressions name among {@code existing}, in the order named (patterns'
     * matches sorted), each once.
     *
     * @throws IndexNotFoundException as described on the type
     */
    List<String> resolve(List<String> expressions, Collection<String> existing) {
        Set<String> resolved = new LinkedHashSet<>();
        boolean wildcardSeen = false;
        List<String> parts = expressions == null ? List.of() : expressions.stream()
                .filter(expression -> !expression.isBlank()).toList();
        if (parts.isEmpty() || (parts.size() == 1 && parts.getFirst().equals("_all"))) {
            parts = List.of("*");
        }
        for (String expression : parts) {
            if (expression.startsWith("-") && wildcardSeen) {
                Pattern excluded = pattern(expression.substring(1));
                resolved.removeIf(name -> excluded.matcher(name).matches());
            } else if (expression.contains("*") || expression.equals("_all")) {
                wildcardSeen = true;
                Pattern pattern = pattern(expression.equals("_all") ? "*" : expression);
                List<String> matches = new ArrayList<>();
                for (String name : existing) {
                    // a bare * leaves out hidden (dot-prefixed) indexes, as Elasticsearch's wildcards do
                    if (pattern.matcher(name).matches() && (!name.startsWith(".") || expression.startsWith("."))) {
                        matches.add(name);
                    }
                }
                if (matches.isEmpty() && !allowNoIndices) {
                    throw new IndexNotFoundException(expression);
                }
                matches.stream().sorted().forEach(resolved::add);
            } else if (existing.contains(expression)) {
                resolved.add(expression);
            } else if (!ignoreUnavailable) {
                throw new IndexNotFoundException(expression);
            }
        }
        if (resolved.isEmpty() && !allowNoIndices) {
            throw new IndexNotFoundException(String.join(",", parts));
        }
        return List.copyOf(resolved);
    }

    private static Pattern pattern(String wildcard) {
        return Pattern.compile(("\\Q" + wildcard + "\\E").replace("*", "\\E.*\\Q"));
    }
}
