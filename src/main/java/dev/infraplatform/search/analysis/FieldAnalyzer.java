package dev.infraplatform.search.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;

import java.util.function.Function;

/**
 * The analyzer an index writer or a query builder is given: it analyzes each field with the
 * analyzer the field's mapping names, looked up on every call so that fields mapped later (dynamic
 * mapping, mapping updates) are analyzed as their mapping says. Values of one field are
 * {@link #TEXT_POSITION_INCREMENT_GAP} positions apart, as Elasticsearch's text fields.
 */
public final class FieldAnalyzer extends DelegatingAnalyzerWrapper {

    /** Elasticsearch's default {@code position_increment_gap} of text fields. */
    public static final int TEXT_POSITION_INCREMENT_GAP = 100;

    private final Function<String, Analyzer> analyzerOfField;

    /** @param analyzerOfField the analyzer of a field path; never {@code null} */
    public FieldAnalyzer(Function<String, Analyzer> analyzerOfField) {
        super(PER_FIELD_REUSE_STRATEGY);
        this.analyzerOfField = analyzerOfField;
    }

    /** One field's analyzer with a text field's position increment gap, for analyzing that field's values alone. */
    public static Analyzer ofTextField(Analyzer analyzer) {
        return new PositionGapAnalyzer(analyzer, TEXT_POSITION_INCREMENT_GAP);
    }

    @Override
    protected Analyzer getWrappedAnalyzer(String fieldName) {
        return analyzerOfField.apply(fieldName);
    }

    @Override
    public int getPositionIncrementGap(String fieldName) {
        return TEXT_POSITION_INCREMENT_GAP;
    }
}
