package dev.infraplatform.search.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;

import java.util.function.Supplier;

/** Wraps a token stream with one token filter of an analysis chain. */
@FunctionalInterface
interface TokenFilterFactory {

    TokenStream create(TokenStream input);

    /**
     * This filter as it works behind a given chain. Synonym filters parse their rules with the
     * chain in front of them (so that {@code Laptop} in a rule matches the lowercased token), as
     * Elasticsearch does; other filters are the same anywhere.
     *
     * @param preceding the analyzer made of the tokenizer, char filters and filters before this one
     */
    default TokenFilterFactory bind(Supplier<Analyzer> preceding) {
        return this;
    }

    /** Whether this filter is part of the chain that analyzes a later synonym filter's rules. */
    default boolean appliesToSynonymRules() {
        return true;
    }
}
