package dev.infraplatform.search.engine;

import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;

/**
 * Elasticsearch's {@code minimum_should_match}: an integer ({@code 3}), a negative integer
 * ({@code -2}: all but two), a percentage ({@code 75%}, rounded down), a negative percentage
 * ({@code -25%}), or conditions {@code 3<90%} (up to 3 optional clauses all are required, above
 * that 90%) and several of them separated by spaces ({@code 2<-25% 9<-3}). The same arithmetic as
 * Elasticsearch's {@code Queries.calculateMinShouldMatch}.
 */
final class MinimumShouldMatch {

    private MinimumShouldMatch() {
    }

    /** How many of {@code optionalClauses} must match under {@code spec} (never negative). */
    static int calculate(int optionalClauses, Object spec) {
        String text = spec.toString().trim();
        try {
            if (text.contains("<")) {
                int result = optionalClauses;
                for (String condition : text.replaceAll("\\s*<\\s*", "<").split("\\s+")) {
                    String[] parts = condition.split("<", 2);
                    if (optionalClauses <= Integer.parseInt(parts[0])) {
                        return result;
                    }
                    result = calculate(optionalClauses, parts[1]);
                }
                return result;
            }
            int result;
            if (text.endsWith("%")) {
                float share = optionalClauses * Integer.parseInt(text.substring(0, text.length() - 1).trim()) / 100f;
                result = share < 0 ? optionalClauses + (int) share : (int) share;
            } else {
                int count = Integer.parseInt(text);
                result = count < 0 ? optionalClauses + count : count;
            }
            return Math.max(result, 0);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new QueryParsingException("failed to parse [minimum_should_match] value [" + spec + "]");
        }
    }

    /** The query with the minimum applied to its optional clauses, when it is a boolean query with any. */
    static Query apply(Query query, Object spec) {
        if (spec == null) {
            return query;
        }
        calculate(1, spec); // malformed specs fail even where there is nothing to apply them to
        if (!(query instanceof BooleanQuery bool)) {
            return query;
        }
        int optional = (int) bool.clauses().stream().filter(c -> c.occur() == BooleanClause.Occur.SHOULD).count();
        int minimum = calculate(optional, spec);
        if (minimum <= 0) {
            return query;
        }
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        bool.clauses().forEach(builder::add);
        builder.setMinimumNumberShouldMatch(minimum);
        return builder.build();
    }
}
