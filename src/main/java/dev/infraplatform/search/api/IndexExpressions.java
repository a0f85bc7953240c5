package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.IndexNotFoundException;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Elasticsearch's index expressions in index-administration paths: a comma list of names,
 * {@code *} wildcards, {@code -name} exclusions after a wildcard, and {@code _all}/{@code *}/empty for
 * every index. A missing concrete name is 404 {@code index_not_found_exception} unless
 * {@code ignore_unavailable}; a wildcard matching nothing is fine unless {@code allow_no_indices=false}.
 * {@code expand_wildcards=none} makes wildcards match nothing (all indexes here are open). Cost: one
 * pass over the index names per wildcard.
 */
final class IndexExpressions {

    private IndexExpressions() {
    }

    /** The options of a request that resolves index expressions. */
    record Options(boolean ignoreUnavailable, boolean allowNoIndices, boolean expandWildcards) {

        static Options of(String ignoreUnavailable, String allowNoIndices, String expandWildcards) {
            return new Options(Boolean.parseBoolean(ignoreUnavailable),
                    allowNoIndices == null || Boolean.parseBoolean(allowNoIndices),
                    expandWildcards == null || !expandWildcards.equals("none"));
        }
    }

    /** The indexes an expression names, in name order without duplicates. */
    static List<SearchIndex> resolve(SearchEngine engine, String expression, Options options) {
        Map<String, SearchIndex> existing = new LinkedHashMap<>();
        engine.indexes().stream().sorted(Comparator.comparing(SearchIndex::name))
                .forEach(index -> existing.put(index.name(), index));
        Map<String, SearchIndex> resolved = new LinkedHashMap<>();
        String trimmed = expression == null ? "" : expression.trim();
        if (trimmed.isEmpty() || trimmed.equals("_all")) {
            if (options.expandWildcards()) {
                resolved.putAll(existing);
            }
        } else {
            boolean wildcardSeen = false;
            for (String part : trimmed.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (name.startsWith("-") && wildcardSeen) {
                    Pattern excluded = glob(name.substring(1));
                    resolved.keySet().removeIf(n -> excluded.matcher(n).matches());
                } else if (name.contains("*")) {
                    wildcardSeen = true;
                    if (options.expandWildcards()) {
                        Pattern pattern = glob(name);
                        existing.forEach((n, index) -> {
                            if (pattern.matcher(n).matches()) {
                                resolved.put(n, index);
                            }
                        });
                    }
                } else if (name.equals("_all")) {
                    resolved.putAll(existing);
                } else if (existing.containsKey(name)) {
                    resolved.put(name, existing.get(name));
                } else if (!options.ignoreUnavailable()) {
                    throw new IndexNotFoundException(name);
                }
            }
        }
        if (resolved.isEmpty() && !options.allowNoIndices()) {
            throw new IndexNotFoundException(trimmed.isEmpty() ? "_all" : trimmed);
        }
        return new ArrayList<>(resolved.values());
    }

    private static Pattern glob(String glob) {
        return Pattern.compile(String.join(".*", java.util.Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).toList()));
    }
}
