package dev.infraplatform.search.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;

import java.io.Reader;
import java.util.List;

/**
 * Elasticsearch's custom analyzer: char filters, then a tokenizer, then token filters, in order.
 * Immutable and thread-safe (Lucene keeps one chain per thread).
 *
 * @param positionIncrementGap positions left between two values of one field (Elasticsearch: 100
 *     for analyzers defined in an index, 0 for one built ad hoc by {@code _analyze})
 */
final class ChainAnalyzer extends Analyzer {

    private final TokenizerFactory tokenizer;
    private final List<CharFilterFactory> charFilters;
    private final List<TokenFilterFactory> filters;
    private final int positionIncrementGap;

    ChainAnalyzer(TokenizerFactory tokenizer, List<CharFilterFactory> charFilters, List<TokenFilterFactory> filters,
                  int positionIncrementGap) {
        this.tokenizer = tokenizer;
        this.charFilters = List.copyOf(charFilters);
        this.filters = List.copyOf(filters);
        this.positionIncrementGap = positionIncrementGap;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = tokenizer.create();
        TokenStream stream = source;
        for (TokenFilterFactory filter : filters) {
            stream = filter.create(stream);
        }
        return new TokenStreamComponents(source, stream);
    }

    @Override
    protected Reader initReader(String fieldName, Reader reader) {
        Reader wrapped = reader;
        for (CharFilterFactory charFilter : charFilters) {
            wrapped = charFilter.create(wrapped);
        }
        return wrapped;
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return positionIncrementGap;
    }
}
