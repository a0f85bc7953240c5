package dev.infraplatform.search.engine;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TwoPhaseIterator;
import org.apache.lucene.search.Weight;

import java.io.IOException;
import java.util.Objects;

/**
 * Elasticsearch's {@code min_score}: the documents the query matches with a score of at least the
 * minimum, each scored as the query scores it. As a query (rather than a collector), the hits, the
 * total and the aggregations of a search all see the same documents, as they do in Elasticsearch.
 * The query is always scored, whatever the caller needs; the score check is the second phase of
 * a two-phase iteration, so cheaper clauses around it narrow the candidates first.
 */
final class MinimumScoreQuery extends Query {

    private final Query query;
    private final float minScore;

    MinimumScoreQuery(Query query, float minScore) {
        this.query = query;
        this.minScore = minScore;
    }

    @Override
    public Query rewrite(IndexSearcher searcher) throws IOException {
        Query rewritten = query.rewrite(searcher);
        return rewritten == query ? this : new MinimumScoreQuery(rewritten, minScore);
    }

    @Override
    public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost) throws IOException {
        Weight inner = query.createWeight(searcher, ScoreMode.COMPLETE, boost);
        return new Weight(this) {
            @Override
            public Explanation explain(LeafReaderContext context, int doc) throws IOException {
                Explanation explanation = inner.explain(context, doc);
                if (explanation.isMatch() && explanation.getValue().floatValue() < minScore) {
                    return Explanation.noMatch("score below min_score [" + minScore + "]", explanation);
                }
                return explanation;
            }

            @Override
            public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
                ScorerSupplier supplier = inner.scorerSupplier(context);
                if (supplier == null) {
                    return null;
                }
                return new ScorerSupplier() {
                    @Override
                    public Scorer get(long leadCost) throws IOException {
                        return atLeastMinimum(supplier.get(leadCost));
                    }

                    @Override
                    public long cost() {
                        return supplier.cost();
                    }
                };
            }

            @Override
            public boolean isCacheable(LeafReaderContext context) {
                return false; // matches depend on scores, which depend on the whole index's statistics
            }
        };
    }

    private Scorer atLeastMinimum(Scorer scorer) {
        TwoPhaseIterator innerTwoPhase = scorer.twoPhaseIterator();
        DocIdSetIterator approximation = innerTwoPhase == null ? scorer.iterator() : innerTwoPhase.approximation();
        TwoPhaseIterator twoPhase = new TwoPhaseIterator(approximation) {
            @Override
            public boolean matches() throws IOException {
                return (innerTwoPhase == null || innerTwoPhase.matches()) && scorer.score() >= minScore;
            }

            @Override
            public float matchCost() {
                // scoring a document: about one unit per term, plus the inner query's own check
                return (innerTwoPhase == null ? 0 : innerTwoPhase.matchCost()) + 10;
            }
        };
        return new Scorer() {
            @Override
            public int docID() {
                return approximation.docID();
            }

            @Override
            public DocIdSetIterator iterator() {
                return TwoPhaseIterator.asDocIdSetIterator(twoPhase);
            }

            @Override
            public TwoPhaseIterator twoPhaseIterator() {
                return twoPhase;
            }

            @Override
            public float getMaxScore(int upTo) throws IOException {
                return scorer.getMaxScore(upTo);
            }

            @Override
            public float score() throws IOException {
                return scorer.score();
            }
        };
    }

    @Override
    public void visit(QueryVisitor visitor) {
        query.visit(visitor.getSubVisitor(BooleanClause.Occur.MUST, this));
    }

    @Override
    public String toString(String field) {
        return "min_score(" + query.toString(field) + ", " + minScore + ")";
    }

    @Override
    public boolean equals(Object other) {
        return sameClassAs(other) && query.equals(((MinimumScoreQuery) other).query)
                && minScore == ((MinimumScoreQuery) other).minScore;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classHash(), query, minScore);
    }
}
