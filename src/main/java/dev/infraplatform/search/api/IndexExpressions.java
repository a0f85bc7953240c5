package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.IndicesOptions;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;

import java.util.Comparator;
import java.util.List;

/**
 * Elasticsearch's index expressions in index-administration paths: a comma list of index and
 * alias names, {@code *} wildcards, {@code -name} exclusions after a wildcard, and
 * {@code _all}/{@code *}/empty for every index; the engine resolves them (see {@link IndicesOptions}).
 * Here closed indexes named concretely resolve (their settings and mappings can be read), and
 * wildcards match open indexes unless {@code expand_wildcards} says otherwise.
 */
final class IndexExpressions {

    private IndexExpressions() {
    }

    /** The options of a request that resolves index expressions. */
    record Options(IndicesOptions indicesOptions) {

        /** @throws dev.infraplatform.search.engine.IllegalSearchArgumentException on a bad {@code expand_wildcards} */
        static Options of(String ignoreUnavailable, String allowNoIndices, String expandWildcards) {
            return new Options(IndicesOptions.of(ignoreUnavailable, allowNoIndices, expandWildcards, true)
                    .withForbidClosed(false));
        }

        /** The same, with alias names refused (index deletion: an alias is no index). */
        Options withoutAliases() {
            return new Options(indicesOptions.withIgnoreAliases(true));
        }
    }

    /** The indexes an expression names, in name order without duplicates. */
    static List<SearchIndex> resolve(SearchEngine engine, String expression, Options options) {
        List<String> parts = expression == null ? List.of() : List.of(expression.split(","));
        return engine.resolve(parts, options.indicesOptions()).stream()
                .sorted(Comparator.comparing(SearchIndex::name)).toList();
    }
}
