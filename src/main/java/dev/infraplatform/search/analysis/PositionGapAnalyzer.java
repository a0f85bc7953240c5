package dev.infraplatform.search.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;

/**
 * An analyzer with another position increment gap: a text field leaves 100 positions between its
 * values (Elasticsearch's {@code position_increment_gap}), so that a phrase never matches across two
 * values of an array, whatever gap the analyzer itself has.
 */
final class PositionGapAnalyzer extends DelegatingAnalyzerWrapper {

    private final Analyzer delegate;
    private final int gap;

    PositionGapAnalyzer(Analyzer delegate, int gap) {
        super(PER_FIELD_REUSE_STRATEGY);
        this.delegate = delegate;
        this.gap = gap;
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
        return delegate;
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return gap;
    }
}
