package dev.infraplatform.search.analysis;

import org.apache.lucene.analysis.Tokenizer;

/** Makes the tokenizer of an analysis chain; called once per thread that reuses the chain. */
@FunctionalInterface
interface TokenizerFactory {
    Tokenizer create();
}
