package dev.infraplatform.search.engine;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FilterCollector;
import org.apache.lucene.search.FilterLeafCollector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Elasticsearch's {@code terminate_after} on one shard: the collectors a search hands documents to
 * stop after this many, counted over all of the shard's segments; the hits, total and aggregations
 * are then those of the documents collected. {@link #terminated()} says whether a document beyond
 * the limit (or a segment after it was reached) was turned away, Elasticsearch's
 * {@code terminated_early}. A limit of 0 collects everything.
 */
final class TerminateAfter {

    private final int limit;
    private final AtomicInteger collected = new AtomicInteger();
    private volatile boolean terminated;

    TerminateAfter(int limit) {
        this.limit = limit;
    }

    boolean terminated() {
        return terminated;
    }

    /**
     * How many documents the query matches, counted up to the limit (one by one: Lucene's count
     * shortcuts would skip the limit).
     */
    int count(IndexSearcher searcher, Query query) throws IOException {
        searcher.search(query, wrap(new CollectorManager<SimpleCollector, Void>() {
            @Override
            public SimpleCollector newCollector() {
                return new SimpleCollector() {
                    @Override
                    public void collect(int doc) {
                        // counted by the wrapper
                    }

                    @Override
                    public ScoreMode scoreMode() {
                        return ScoreMode.COMPLETE_NO_SCORES;
                    }
                };
            }

            @Override
            public Void reduce(Collection<SimpleCollector> collectors) {
                return null;
            }
        }));
        return Math.min(limit, collected.get());
    }

    /** The manager's collectors, stopping at the limit (the manager itself without one). */
    <C extends Collector, T> CollectorManager<? extends Collector, T> wrap(CollectorManager<C, T> manager) {
        if (limit == 0) {
            return manager;
        }
        return new CollectorManager<Limited<C>, T>() {
            @Override
            public Limited<C> newCollector() throws IOException {
                return new Limited<>(manager.newCollector());
            }

            @Override
            public T reduce(Collection<Limited<C>> collectors) throws IOException {
                List<C> inner = new ArrayList<>(collectors.size());
                collectors.forEach(collector -> inner.add(collector.inner));
                return manager.reduce(inner);
            }
        };
    }

    private final class Limited<C extends Collector> extends FilterCollector {

        private final C inner;

        Limited(C inner) {
            super(inner);
            this.inner = inner;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            if (collected.get() >= limit) {
                terminated = true;
                throw new CollectionTerminatedException();
            }
            return new FilterLeafCollector(super.getLeafCollector(context)) {
                @Override
                public void collect(int doc) throws IOException {
                    if (collected.incrementAndGet() > limit) {
                        terminated = true;
                        throw new CollectionTerminatedException();
                    }
                    super.collect(doc);
                }
            };
        }
    }
}
