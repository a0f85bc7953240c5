package dev.infraplatform.search.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a request names its indexes, as Elasticsearch's index expressions: concrete index names,
 * alias names (standing for their indexes), {@code *} patterns over both ({@code logs-*}),
 * {@code _all} (or no expression: every index) and exclusions ({@code logs-*,-logs-old}, after a
 * pattern). A missing concrete name is {@code index_not_found_exception} unless
 * {@code ignoreUnavailable}; a pattern (or the whole expression) that names no index is one unless
 * {@code allowNoIndices} (the default for searches). Patterns match open indexes if
 * {@code expandOpen}, closed ones if {@code expandClosed} (Elasticsearch's {@code expand_wildcards});
 * hidden indexes ({@code index.hidden}), hidden aliases ({@code is_hidden}) and dot-prefixed indexes
 * only if {@code expandHidden}, or, dot-prefixed, to a pattern that starts with a dot. Named
 * concretely they always resolve. Cost: one pass over the index and alias names per pattern.
 *
 * @param ignoreUnavailable skip missing (and, where {@code forbidClosed}, closed) concrete indexes
 * @param allowNoIndices    accept patterns, and a whole expression, that name no index
 * @param expandOpen        patterns match open indexes
 * @param expandClosed      patterns match closed indexes
 * @param forbidClosed      a closed index named concretely is {@code index_closed_exception} (reads and
 *                          writes of documents); else it resolves (index administration)
 * @param ignoreAliases     alias names do not resolve: a concrete one is refused with
 *                          {@code illegal_argument_exception} (unless {@code ignoreUnavailable}), patterns
 *                          do not match them (index deletion)
 * @param expandHidden      patterns match hidden indexes and aliases too ({@code expand_wildcards}
 *                          {@code hidden} or {@code all})
 */
public record IndicesOptions(boolean ignoreUnavailable, boolean allowNoIndices, boolean expandOpen,
                             boolean expandClosed, boolean forbidClosed, boolean ignoreAliases,
                             boolean expandHidden) {

    /** The defaults of {@code _search} and {@code _count}. */
    public static final IndicesOptions SEARCH_DEFAULTS = new IndicesOptions(false, true);

    /** Search options: patterns match open indexes, closed ones named concretely are refused. */
    public IndicesOptions(boolean ignoreUnavailable, boolean allowNoIndices) {
        this(ignoreUnavailable, allowNoIndices, true, false, true, false, false);
    }

    /**
     * Options from a request's parameters ({@code null}: not given).
     *
     * @param defaultAllowNoIndices {@code allow_no_indices} when not given
     * @throws IllegalSearchArgumentException on an unknown {@code expand_wildcards} value
     */
    public static IndicesOptions of(String ignoreUnavailable, String allowNoIndices, String expandWildcards,
                                    boolean defaultAllowNoIndices) {
        boolean open = true;
        boolean closed = false;
        boolean hidden = false;
        if (expandWildcards != null && !expandWildcards.isBlank()) {
            open = false;
            for (String value : expandWildcards.split(",")) {
                switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "open" -> open = true;
                    case "closed" -> closed = true;
                    case "hidden" -> hidden = true;
                    case "all" -> {
                        open = true;
                        closed = true;
                        hidden = true;
                    }
                    case "none" -> {
                        open = false;
                        closed = false;
                        hidden = false;
                    }
                    default -> throw new IllegalSearchArgumentException("No valid expand wildcard value [" + value + "]");
                }
            }
        }
        return new IndicesOptions(Boolean.parseBoolean(ignoreUnavailable),
                allowNoIndices == null ? defaultAllowNoIndices : Boolean.parseBoolean(allowNoIndices),
                open, closed, true, false, hidden);
    }

    public IndicesOptions withForbidClosed(boolean value) {
        return new IndicesOptions(ignoreUnavailable, allowNoIndices, expandOpen, expandClosed, value, ignoreAliases,
                expandHidden);
    }

    public IndicesOptions withIgnoreAliases(boolean value) {
        return new IndicesOptions(ignoreUnavailable, allowNoIndices, expandOpen, expandClosed, forbidClosed, value,
                expandHidden);
    }

    /**
     * The indexes the expressions name, in the order named (patterns' matches sorted), each once, with
     * the alias filters a search through them adds: the value is {@code null} if the index is named
     * without a filter (directly, through an alias without one or by a pattern), else the filters of
     * the aliases it was named through (any of them matches).
     *
     * @param indexes the indexes by name
     * @param aliases alias name to its indexes with what the alias says of each
     * @throws IndexNotFoundException as described on the type
     * @throws IndexClosedException if a closed index is named concretely under {@code forbidClosed}
     */
    Map<String, List<Map<String, Object>>> resolve(List<String> expressions, Map<String, IndexMetadata> indexes,
                                                    Map<String, Map<String, AliasMetadata>> aliases) {
        Map<String, List<Map<String, Object>>> resolved = new LinkedHashMap<>();
        boolean wildcardSeen = false;
        List<String> parts = expressions == null ? List.of() : expressions.stream()
                .map(String::trim).filter(expression -> !expression.isEmpty()).toList();
        if (parts.isEmpty() || (parts.size() == 1 && parts.getFirst().equals("_all"))) {
            parts = List.of("*");
        }
        for (String expression : parts) {
            if (expression.startsWith("-") && wildcardSeen) {
                Pattern excluded = pattern(expression.substring(1));
                resolved.keySet().removeIf(name -> excluded.matcher(name).matches());
            } else if (expression.contains("*") || expression.equals("_all")) {
                wildcardSeen = true;
                String wildcard = expression.equals("_all") ? "*" : expression;
                Pattern pattern = pattern(wildcard);
                Map<String, List<Map<String, Object>>> matches = new java.util.TreeMap<>();
                indexes.forEach((name, metadata) -> {
                    if (pattern.matcher(name).matches() && visible(name, metadata.settings().hidden(), wildcard)
                            && expands(metadata)) {
                        matches.put(name, null);
                    }
                });
                if (!ignoreAliases) {
                    aliases.forEach((alias, members) -> {
                        if (pattern.matcher(alias).matches() && visible(alias, Aliases.isHidden(members), wildcard)) {
                            members.forEach((index, metadata) -> {
                                IndexMetadata target = indexes.get(index);
                                if (target != null && expands(target)) {
                                    addFiltered(matches, index, metadata);
                                }
                            });
                        }
                    });
                }
                if (matches.isEmpty() && !allowNoIndices) {
                    throw new IndexNotFoundException(expression);
                }
                for (Map.Entry<String, List<Map<String, Object>>> match : matches.entrySet()) {
                    IndexMetadata metadata = indexes.get(match.getKey());
                    // a closed index a pattern expanded to (expand_wildcards=closed) is refused as a named one is
                    if (metadata != null && metadata.closed() && forbidClosed) {
                        if (!ignoreUnavailable) {
                            throw new IndexClosedException(metadata.name(), metadata.uuid());
                        }
                        continue;
                    }
                    merge(resolved, match.getKey(), match.getValue());
                }
            } else if (indexes.containsKey(expression)) {
                IndexMetadata metadata = indexes.get(expression);
                if (metadata.closed() && forbidClosed) {
                    if (!ignoreUnavailable) {
                        throw new IndexClosedException(metadata.name(), metadata.uuid());
                    }
                } else {
                    merge(resolved, expression, null);
                }
            } else if (aliases.containsKey(expression)) {
                if (ignoreAliases) {
                    if (!ignoreUnavailable) {
                        throw new IllegalSearchArgumentException("The provided expression [" + expression
                                + "] matches an alias, specify the corresponding concrete indices instead.");
                    }
                    continue;
                }
                aliases.get(expression).forEach((index, alias) -> {
                    IndexMetadata metadata = indexes.get(index);
                    if (metadata == null) {
                        return;
                    }
                    if (metadata.closed() && forbidClosed) {
                        if (!ignoreUnavailable) {
                            throw new IndexClosedException(metadata.name(), metadata.uuid());
                        }
                        return;
                    }
                    Map<String, List<Map<String, Object>>> one = new LinkedHashMap<>();
                    addFiltered(one, index, alias);
                    merge(resolved, index, one.get(index));
                });
            } else if (!ignoreUnavailable) {
                throw new IndexNotFoundException(expression);
            }
        }
        if (resolved.isEmpty() && !allowNoIndices) {
            throw new IndexNotFoundException(String.join(",", parts));
        }
        return resolved;
    }

    /**
     * Whether a pattern may match this index or alias: hidden ones and dot-prefixed ones only under
     * {@code expandHidden}, or, dot-prefixed, to a pattern that starts with a dot, as Elasticsearch's
     * wildcards.
     */
    private boolean visible(String name, boolean hidden, String wildcard) {
        boolean dotted = name.startsWith(".");
        if (expandHidden || (dotted && wildcard.startsWith("."))) {
            return true;
        }
        return !hidden && !dotted;
    }

    private boolean expands(IndexMetadata metadata) {
        return metadata.closed() ? expandClosed : expandOpen;
    }

    /** Adds an index named through an alias: with the alias's filter, or unfiltered if it has none. */
    private static void addFiltered(Map<String, List<Map<String, Object>>> target, String index, AliasMetadata alias) {
        merge(target, index, alias.filter() == null ? null : List.of(alias.filter()));
    }

    /** Unfiltered ({@code null}) wins over filters; filters add up. */
    private static void merge(Map<String, List<Map<String, Object>>> target, String index,
                              List<Map<String, Object>> filters) {
        if (!target.containsKey(index)) {
            target.put(index, filters == null ? null : new ArrayList<>(filters));
        } else if (filters == null) {
            target.put(index, null);
        } else if (target.get(index) != null) {
            target.get(index).addAll(filters);
        }
    }

    /** A {@code *} wildcard as a regular expression. */
    static Pattern pattern(String wildcard) {
        return Pattern.compile(("\\Q" + wildcard + "\\E").replace("*", "\\E.*\\Q"));
    }
}
