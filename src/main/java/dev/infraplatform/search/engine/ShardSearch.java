package dev.infraplatform.search.engine;

import dev.infraplatform.search.aggregation.Aggregations;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Query then fetch over shards (of one index or several), on the readers search sees (the last
 * refresh). The shards are searched in parallel, one virtual thread per shard: each collects its
 * top {@code from + size} hits and counts matches up to the {@code track_total_hits} threshold;
 * {@link TopDocs#merge} picks the page (by score or by the sort, ties by shard then document), and
 * the page's {@code _id} and {@code _source} are read from the shards' stored fields, then
 * highlighted. All readers are acquired before any shard is searched and released only after every
 * shard's task has ended, so the fetch reads the same point in time the query saw.
 * O(shards × (matches + (from + size) log(from + size))) work, spread over the shards.
 */
final class ShardSearch {

    /**
     * One shard's part of a search: its index's name, the shard, and the query, sort, highlighting
     * and aggregations ({@code null}: none) built under that index's mapping.
     */
    record Target(String index, Shard shard, Query query, Sort sort, Highlighting highlighting,
                  Aggregations aggregations) {
    }

    /** One shard's query phase: its top hits and, when asked for, its partial aggregations. */
    private record ShardResult(TopDocs hits, Aggregations.ShardAggregations aggregations) {
    }

    /**
     * Shard tasks run on virtual threads: a search waits on its shards' I/O without holding a
     * platform thread, and no pool needs sizing or shutting down (an idle executor holds no thread).
     */
    private static final ExecutorService SHARD_TASKS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("search-shard-", 0).factory());

    private ShardSearch() {
    }

    /** @throws IllegalSearchArgumentException if {@code from}/{@code size} are negative or exceed the result window */
    static void checkWindow(int from, int size) {
        if (from < 0 || size < 0) {
            throw new IllegalSearchArgumentException("[from] and [size] must be non-negative");
        }
        if ((long) from + size > SearchHits.MAX_RESULT_WINDOW) {
            throw new IllegalSearchArgumentException("Result window is too large, from + size must be less than or "
                    + "equal to: [" + SearchHits.MAX_RESULT_WINDOW + "] but was [" + ((long) from + size) + "]. See "
                    + "the scroll api for a more efficient way to request large data sets.");
        }
    }

    /**
     * Searches the targets and merges their hits into one page.
     *
     * @param trackTotalHitsUpTo count matches exactly up to this many ({@link SearchHits#TRACK_TOTAL_HITS_DISABLED}: not at all)
     */
    static SearchHits run(List<Target> targets, int from, int size, int trackTotalHitsUpTo) {
        List<IndexSearcher> searchers = new ArrayList<>(targets.size());
        try {
            for (Target target : targets) {
                searchers.add(target.shard().acquireSearcher());
            }
            int window = Math.max(1, from + size);
            int threshold = trackTotalHitsUpTo == SearchHits.TRACK_TOTAL_HITS_DISABLED ? window : trackTotalHitsUpTo;
            // size 0 (totals and aggregations only) and no sort: hits in index order, no score computed
            Sort sort = size == 0 && (targets.isEmpty() || targets.getFirst().sort() == null) ? Sort.INDEXORDER
                    : targets.isEmpty() ? null : targets.getFirst().sort();
            List<Callable<ShardResult>> tasks = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                int shard = i;
                Target target = targets.get(i);
                Sort shardSort = size == 0 && target.sort() == null ? Sort.INDEXORDER : target.sort();
                tasks.add(() -> searchShard(shard, searchers.get(shard), target.query(), shardSort, window,
                        threshold, target.aggregations()));
            }
            List<ShardResult> shardResults = fanOut(tasks);
            List<TopDocs> results = shardResults.stream().map(ShardResult::hits).toList();
            Map<String, Object> aggregations = targets.isEmpty() || targets.getFirst().aggregations() == null ? null
                    : targets.getFirst().aggregations().reduce(
                            shardResults.stream().map(ShardResult::aggregations).toList());
            TopDocs merged = sort == null ? TopDocs.merge(from, size, results.toArray(TopDocs[]::new))
                    : TopDocs.merge(sort, from, size, results.toArray(TopFieldDocs[]::new));
            long total = 0;
            boolean exact = true;
            float maxScore = Float.NaN;
            for (TopDocs docs : results) {
                total += docs.totalHits.value();
                exact &= docs.totalHits.relation() == TotalHits.Relation.EQUAL_TO;
                for (ScoreDoc hit : sort == null && docs.scoreDocs.length > 0 ? new ScoreDoc[] {docs.scoreDocs[0]}
                        : docs.scoreDocs) {
                    if (!Float.isNaN(hit.score)) {
                        maxScore = Float.isNaN(maxScore) ? hit.score : Math.max(maxScore, hit.score);
                    }
                }
            }
            List<SearchHits.Hit> hits = new ArrayList<>(merged.scoreDocs.length);
            for (ScoreDoc hit : merged.scoreDocs) {
                hits.add(fetch(targets.get(hit.shardIndex), searchers.get(hit.shardIndex), hit));
            }
            if (trackTotalHitsUpTo == SearchHits.TRACK_TOTAL_HITS_DISABLED) {
                return new SearchHits(SearchHits.TOTAL_NOT_TRACKED, false, maxScore, hits, targets.size(),
                        aggregations);
            }
            if (total > trackTotalHitsUpTo || !exact) {
                total = Math.min(total, trackTotalHitsUpTo);
                exact = false;
            }
            return new SearchHits(total, exact, maxScore, hits, targets.size(), aggregations);
        } finally {
            for (int i = 0; i < searchers.size(); i++) {
                targets.get(i).shard().releaseSearcher(searchers.get(i));
            }
        }
    }

    /**
     * The query phase on one shard: its top {@code window} hits (by score, or by {@code sort}) with
     * matches counted exactly up to {@code totalHitsThreshold}, and the aggregations collected in
     * the same pass. Runs on a shard task thread.
     */
    private static ShardResult searchShard(int shardIndex, IndexSearcher searcher, Query query, Sort sort, int window,
                                           int totalHitsThreshold, Aggregations aggregations) throws IOException {
        CollectorManager<?, ? extends TopDocs> hitsManager = sort == null
                ? new TopScoreDocCollectorManager(window, null, totalHitsThreshold)
                : new TopFieldCollectorManager(sort, window, null, totalHitsThreshold);
        TopDocs docs;
        Aggregations.ShardAggregations partial = null;
        if (aggregations == null) {
            docs = searcher.search(query, hitsManager);
        } else {
            Object[] both = searcher.search(query,
                    new MultiCollectorManager(hitsManager, aggregations.collectorManager(searcher)));
            docs = (TopDocs) both[0];
            partial = (Aggregations.ShardAggregations) both[1];
        }
        for (ScoreDoc hit : docs.scoreDocs) {
            hit.shardIndex = shardIndex;
        }
        return new ShardResult(docs, partial);
    }

    /** The fetch phase for one hit of the page: id, routing, source, sort values, highlight. */
    private static SearchHits.Hit fetch(Target target, IndexSearcher searcher, ScoreDoc hit) {
        try {
            Document document = searcher.storedFields().document(hit.doc);
            byte[] source = document.getBinaryValue(Shard.SOURCE).bytes.clone();
            var highlight = target.highlighting() == null ? null
                    : target.highlighting().highlight(SearchIndex.parseSource(source));
            return new SearchHits.Hit(target.index(), document.get(Shard.ID), hit.score, document.get(Shard.ROUTING),
                    source, sortValues(hit), highlight);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many documents match, over the targets (searched in parallel). */
    static long count(List<Target> targets) {
        List<IndexSearcher> searchers = new ArrayList<>(targets.size());
        try {
            for (Target target : targets) {
                searchers.add(target.shard().acquireSearcher());
            }
            List<Callable<Integer>> tasks = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                IndexSearcher searcher = searchers.get(i);
                Query query = targets.get(i).query();
                tasks.add(() -> searcher.count(query));
            }
            return fanOut(tasks).stream().mapToLong(Integer::longValue).sum();
        } finally {
            for (int i = 0; i < searchers.size(); i++) {
                targets.get(i).shard().releaseSearcher(searchers.get(i));
            }
        }
    }

    /**
     * Runs the tasks, one per shard, and returns their results in order; a single task runs on the
     * caller's thread. Waits for every task to end even when one fails or the caller is interrupted,
     * so that no task still reads a searcher the caller is about to release.
     */
    private static <T> List<T> fanOut(List<Callable<T>> tasks) {
        if (tasks.size() == 1) {
            return List.of(call(tasks.getFirst()));
        }
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            futures.add(SHARD_TASKS.submit(task));
        }
        List<T> results = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        boolean interrupted = false;
        for (Future<T> future : futures) {
            while (true) {
                try {
                    results.add(future.get());
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = unwrap(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    private static <T> T call(Callable<T> task) {
        try {
            return task.call();
        } catch (Exception e) {
            throw unwrap(e);
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof IndexSearcher.TooManyClauses tooMany) {
            // a pattern or fuzzy query expanded past the clause limit: the user's query, not the engine, is at fault
            return new IllegalSearchArgumentException(tooMany.getMessage());
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause instanceof IOException io) {
            return new UncheckedIOException(io);
        }
        return new IllegalStateException(cause);
    }

    /** A field-sorted hit's sort values as Elasticsearch shows them: strings for terms, numbers as they are. */
    private static List<Object> sortValues(ScoreDoc hit) {
        if (!(hit instanceof FieldDoc fieldDoc)) {
            return null;
        }
        List<Object> values = new ArrayList<>(fieldDoc.fields.length);
        for (Object value : fieldDoc.fields) {
            values.add(value instanceof BytesRef bytes ? bytes.utf8ToString() : value);
        }
        return values;
    }
}
