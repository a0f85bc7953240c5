package dev.infraplatform.search.engine;

/**
 * The index-level limits a query is built under, from the index's settings: how many values a
 * {@code terms} query may hold ({@code index.max_terms_count}) and how long a {@code regexp} may be
 * ({@code index.max_regex_length}).
 */
record QueryLimits(int maxTermsCount, int maxRegexLength) {

    /** Elasticsearch's defaults. */
    static final QueryLimits DEFAULTS = new QueryLimits(65_536, 1000);

    static QueryLimits of(IndexSettings settings) {
        return new QueryLimits(settings.maxTermsCount(), settings.maxRegexLength());
    }
}
