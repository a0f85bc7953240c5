package dev.infraplatform.search.engine;

import dev.infraplatform.search.aggregation.Aggregations;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Explanation;
import org.apache.lucene.search.FieldComparator;
import org.apache.lucene.search.FieldComparatorSource;
import org.apache.lucene.search.LeafFieldComparator;
import org.apache.lucene.search.Pruning;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
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
import java.util.LinkedHashMap;
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
                  Aggregations aggregations, Query postFilter, SearchRequest.Options options,
                  DocValueFields docValueFields, StoredFields storedFields, boolean sourceEnabled) {

        Target(String index, Shard shard, Query query, Sort sort, Highlighting highlighting,
               Aggregations aggregations) {
            this(index, shard, query, sort, highlighting, aggregations, null, SearchRequest.Options.DEFAULTS,
                    DocValueFields.NONE, StoredFields.NONE, true);
        }

        /** The query the hits match: the query, filtered by the {@code post_filter} if there is one. */
        Query hitsQuery() {
            if (postFilter == null) {
                return query;
            }
            return new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
                    .add(postFilter, BooleanClause.Occur.FILTER).build();
        }
    }

    /**
     * One shard's query phase: its top hits, when asked for its partial aggregations, and whether it
     * stopped collecting at {@code terminate_after}.
     */
    private record ShardResult(TopDocs hits, Aggregations.ShardAggregations aggregations, boolean terminatedEarly) {
    }

    /**
     * Shard tasks run on virtual threads: a search waits on its shards' I/O without holding a
     * platform thread, and no pool needs sizing or shutting down (an idle executor holds no thread).
     */
    private static final ExecutorService SHARD_TASKS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("search-shard-", 0).factory());

    private ShardSearch() {
    }

    /**
     * Checks the page before any index is looked at; each index then checks it against its own
     * {@code index.max_result_window} ({@link #checkLimits}).
     *
     * @throws IllegalSearchArgumentException if {@code from} or {@code size} is negative
     */
    static void checkWindow(int from, int size) {
        if (from < 0) {
            throw new IllegalSearchArgumentException("[from] parameter cannot be negative, found [" + from + "]");
        }
        if (size < 0) {
            throw new IllegalSearchArgumentException("[size] parameter cannot be negative, found [" + size + "]");
        }
    }

    /**
     * Checks a search against an index's limits, with Elasticsearch's messages: the result window
     * ({@code from + size}, or a scroll's page), the rescore window, and how many doc-value and
     * script fields a hit may show.
     *
     * @throws IllegalSearchArgumentException when the request exceeds one of them
     */
    static void checkLimits(SearchRequest request, IndexSettings settings) {
        checkWindow(request.from(), request.size());
        SearchRequest.Options options = request.options();
        long window = (long) request.from() + request.size();
        int maxWindow = settings.maxResultWindow();
        if (options.scroll() && request.size() > maxWindow) {
            throw new IllegalSearchArgumentException("Batch size is too large, size must be less than or equal to: ["
                    + maxWindow + "] but was [" + request.size() + "]. Scroll batch sizes cost as much memory as "
                    + "result windows so they are controlled by the [index.max_result_window] index level setting.");
        }
        if (!options.scroll() && window > maxWindow) {
            throw new IllegalSearchArgumentException("Result window is too large, from + size must be less than or "
                    + "equal to: [" + maxWindow + "] but was [" + window + "]. See the scroll api for a more efficient "
                    + "way to request large data sets. This limit can be set by changing the [index.max_result_window] "
                    + "index level setting.");
        }
        if (options.rescoreWindow() > settings.maxRescoreWindow()) {
            throw new IllegalSearchArgumentException("Rescore window [" + options.rescoreWindow() + "] is too large. "
                    + "It must be less than [" + settings.maxRescoreWindow() + "]. This prevents allocating massive "
                    + "heaps for storing the results to be rescored. This limit can be set by changing the "
                    + "[index.max_rescore_window] index level setting.");
        }
        if (options.docValueFields().size() > settings.maxDocvalueFieldsSearch()) {
            throw new IllegalSearchArgumentException("Trying to retrieve too many docvalue_fields. Must be less than or "
                    + "equal to: [" + settings.maxDocvalueFieldsSearch() + "] but was ["
                    + options.docValueFields().size() + "]. This limit can be set by changing the "
                    + "[index.max_docvalue_fields_search] index level setting.");
        }
        if (options.scriptFields() > settings.maxScriptFields()) {
            throw new IllegalSearchArgumentException("Trying to retrieve too many script_fields. Must be less than or "
                    + "equal to: [" + settings.maxScriptFields() + "] but was [" + options.scriptFields() + "]. This "
                    + "limit can be set by changing the [index.max_script_fields] index level setting.");
        }
        // within the limits, what the engine does not do is refused rather than silently left out
        if (options.scroll()) {
            throw new IllegalSearchArgumentException("[scroll] is not supported: page with [from] and [size]");
        }
        if (options.scriptFields() > 0) {
            throw new IllegalSearchArgumentException("[script_fields] is not supported: scripts are not available");
        }
        if (options.rescoreWindow() >= 0) {
            throw new IllegalSearchArgumentException("[rescore] is not supported");
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
            int terminateAfter = targets.isEmpty() ? 0 : targets.getFirst().options().terminateAfter();
            // terminate_after counts the documents collected: no match may be skipped as not competitive
            int threshold = terminateAfter > 0 ? Integer.MAX_VALUE
                    : trackTotalHitsUpTo == SearchHits.TRACK_TOTAL_HITS_DISABLED ? window : trackTotalHitsUpTo;
            // size 0 (totals and aggregations only) and no sort: hits in index order, no score computed
            Sort sort = size == 0 && (targets.isEmpty() || targets.getFirst().sort() == null) ? Sort.INDEXORDER
                    : targets.isEmpty() ? null : mergeSort(targets);
            List<Callable<ShardResult>> tasks = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                int shard = i;
                Target target = targets.get(i);
                Sort shardSort = size == 0 && target.sort() == null ? Sort.INDEXORDER : target.sort();
                tasks.add(() -> searchShard(shard, searchers.get(shard), target, shardSort, window, threshold));
            }
            List<ShardResult> shardResults = fanOut(tasks);
            Boolean terminatedEarly = terminateAfter == 0 ? null
                    : shardResults.stream().anyMatch(ShardResult::terminatedEarly);
            List<TopDocs> results = shardResults.stream().map(ShardResult::hits).toList();
            Map<String, Object> aggregations = targets.isEmpty() || targets.getFirst().aggregations() == null ? null
                    : targets.getFirst().aggregations().reduce(
                            shardResults.stream().map(ShardResult::aggregations).toList(),
                            targets.getFirst().options().typedKeys());
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
                        aggregations, terminatedEarly);
            }
            if (total > trackTotalHitsUpTo || !exact) {
                total = Math.min(total, trackTotalHitsUpTo);
                exact = false;
            }
            return new SearchHits(total, exact, maxScore, hits, targets.size(), aggregations, terminatedEarly);
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
    private static ShardResult searchShard(int shardIndex, IndexSearcher searcher, Target target, Sort sort, int window,
                                           int totalHitsThreshold) throws IOException {
        CollectorManager<?, ? extends TopDocs> hitsManager = sort == null
                ? new TopScoreDocCollectorManager(window, null, totalHitsThreshold)
                : new TopFieldCollectorManager(sort, window, null, totalHitsThreshold);
        Query query = target.hitsQuery();
        Aggregations aggregations = target.aggregations();
        TerminateAfter terminate = new TerminateAfter(target.options().terminateAfter());
        TopDocs docs;
        Aggregations.ShardAggregations partial = null;
        if (aggregations == null) {
            docs = searcher.search(query, terminate.wrap(hitsManager));
        } else if (target.postFilter() != null) {
            // the post filter narrows the hits only: the aggregations see every match of the query
            partial = searcher.search(target.query(),
                    new TerminateAfter(target.options().terminateAfter()).wrap(aggregations.collectorManager(searcher)));
            docs = searcher.search(query, terminate.wrap(hitsManager));
        } else {
            Object[] both = searcher.search(query, terminate.wrap(
                    new MultiCollectorManager(hitsManager, aggregations.collectorManager(searcher))));
            docs = (TopDocs) both[0];
            partial = (Aggregations.ShardAggregations) both[1];
        }
        for (ScoreDoc hit : docs.scoreDocs) {
            hit.shardIndex = shardIndex;
        }
        return new ShardResult(docs, partial, terminate.terminated());
    }

    /**
     * The fetch phase for one hit of the page: id, routing, source, sort values, highlight, and
     * what the request's options add (version, sequence number, doc-value fields, explanation).
     */
    private static SearchHits.Hit fetch(Target target, IndexSearcher searcher, ScoreDoc hit) {
        try {
            SearchRequest.Options options = target.options();
            Document document = searcher.storedFields().document(hit.doc);
            // _source.enabled: false: hits carry no source (nor highlights, which are made from it)
            byte[] source = target.sourceEnabled() ? document.getBinaryValue(Shard.SOURCE).bytes.clone() : null;
            var highlight = target.highlighting() == null || source == null ? null
                    : target.highlighting().highlight(SearchIndex.parseSource(source));
            List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
            int doc = hit.doc - leaf.docBase;
            Long version = options.version() ? numeric(leaf, Shard.VERSION, doc) : null;
            Long seqNo = options.seqNoPrimaryTerm() ? numeric(leaf, Shard.SEQ_NO, doc) : null;
            Map<String, List<Object>> fields = target.docValueFields().read(leaf.reader(), doc);
            Map<String, List<Object>> stored = target.storedFields().read(document);
            if (stored != null) {
                fields = fields == null ? stored : merged(fields, stored);
            }
            Map<String, Object> explanation = options.explain()
                    ? explanation(searcher.explain(target.hitsQuery(), hit.doc)) : null;
            return new SearchHits.Hit(target.index(), options.fetchIds() ? document.get(Shard.ID) : null, hit.score,
                    document.get(Shard.ROUTING), options.fetchIds() ? source : null, sortValues(hit, target.sort()), highlight,
                    version, seqNo, fields, explanation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Doc-value and stored fields in one {@code fields} object, as Elasticsearch answers them. */
    private static Map<String, List<Object>> merged(Map<String, List<Object>> docValues,
                                                    Map<String, List<Object>> stored) {
        Map<String, List<Object>> all = new LinkedHashMap<>(stored);
        all.putAll(docValues);
        return all;
    }

    private static Long numeric(LeafReaderContext leaf, String field, int doc) throws IOException {
        NumericDocValues values = leaf.reader().getNumericDocValues(field);
        return values != null && values.advanceExact(doc) ? values.longValue() : null;
    }

    /** A Lucene explanation in Elasticsearch's {@code _explanation} shape. */
    private static Map<String, Object> explanation(Explanation explanation) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", explanation.getValue().floatValue());
        out.put("description", explanation.getDescription());
        List<Map<String, Object>> details = new ArrayList<>();
        for (Explanation detail : explanation.getDetails()) {
            details.add(explanation(detail));
        }
        out.put("details", details);
        return out;
    }

    /** One shard's count, and whether it stopped at {@code terminate_after}. */
    private record ShardCount(long count, boolean terminated) {
    }

    /** How many documents match, over the targets (searched in parallel). */
    static SearchCount count(List<Target> targets) {
        List<IndexSearcher> searchers = new ArrayList<>(targets.size());
        try {
            for (Target target : targets) {
                searchers.add(target.shard().acquireSearcher());
            }
            int terminateAfter = targets.isEmpty() ? 0 : targets.getFirst().options().terminateAfter();
            List<Callable<ShardCount>> tasks = new ArrayList<>(targets.size());
            for (int i = 0; i < targets.size(); i++) {
                IndexSearcher searcher = searchers.get(i);
                Query query = targets.get(i).query();
                if (terminateAfter == 0) {
                    tasks.add(() -> new ShardCount(searcher.count(query), false));
                } else {
                    tasks.add(() -> {
                        TerminateAfter terminate = new TerminateAfter(terminateAfter);
                        int counted = terminate.count(searcher, query);
                        return new ShardCount(counted, terminate.terminated());
                    });
                }
            }
            long total = 0;
            boolean terminated = false;
            for (ShardCount shard : fanOut(tasks)) {
                total += shard.count();
                terminated |= shard.terminated();
            }
            return new SearchCount(total, targets.size(), terminateAfter == 0 ? null : terminated, List.of());
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

    /**
     * The sort the shards' pages merge by: the request's, except where indexes map a sort field
     * to different numeric types (a {@code long} here, a {@code double} there), whose values then
     * compare as numbers, as Elasticsearch widens mixed numeric sorts.
     */
    private static Sort mergeSort(List<Target> targets) {
        Sort first = targets.getFirst().sort();
        if (first == null) {
            return null;
        }
        SortField[] fields = first.getSort().clone();
        boolean widened = false;
        for (Target target : targets) {
            SortField[] other = target.sort() == null ? fields : target.sort().getSort();
            for (int i = 0; i < Math.min(fields.length, other.length); i++) {
                if ((fields[i] instanceof SortParser.UnsignedLongSortField)
                        != (other[i] instanceof SortParser.UnsignedLongSortField)) {
                    // encoded unsigned values do not compare with other numbers
                    throw new IllegalSearchArgumentException("Can't do sort across indices, as a field has "
                            + "[unsigned_long] type in one index, and different type in another index!");
                }
                if (!(fields[i].getComparatorSource() instanceof NumbersAcrossTypes)
                        && valueType(fields[i]) != valueType(other[i])) {
                    fields[i] = new SortField(fields[i].getField(), new NumbersAcrossTypes(), fields[i].getReverse());
                    widened = true;
                }
            }
        }
        return widened ? new Sort(fields) : first;
    }

    private static SortField.Type valueType(SortField field) {
        if (field.getComparatorSource() instanceof MultiValueModeSort.Source mode) {
            return mode.sort().valueType();
        }
        return field instanceof SortedNumericSortField numeric ? numeric.getNumericType() : field.getType();
    }

    /**
     * Compares the sort values of merged pages as numbers whatever their class (longs, doubles),
     * exactly where both are integral. Only merges use it: it reads no index.
     */
    private static final class NumbersAcrossTypes extends FieldComparatorSource {

        @Override
        public FieldComparator<?> newComparator(String field, int numHits, Pruning pruning, boolean reversed) {
            return new FieldComparator<Object>() {
                @Override
                public int compareValues(Object first, Object second) {
                    return compareNumbers(first, second);
                }

                @Override
                public int compare(int slot1, int slot2) {
                    throw new UnsupportedOperationException("merge only");
                }

                @Override
                public void setTopValue(Object value) {
                    throw new UnsupportedOperationException("merge only");
                }

                @Override
                public Object value(int slot) {
                    throw new UnsupportedOperationException("merge only");
                }

                @Override
                public LeafFieldComparator getLeafComparator(LeafReaderContext context) {
                    throw new UnsupportedOperationException("merge only");
                }
            };
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        static int compareNumbers(Object first, Object second) {
            if (first instanceof Number a && second instanceof Number b) {
                if ((a instanceof Long || a instanceof Integer) && (b instanceof Long || b instanceof Integer)) {
                    return Long.compare(a.longValue(), b.longValue());
                }
                return Double.compare(a.doubleValue(), b.doubleValue());
            }
            if (first == null || second == null) {
                return first == null ? (second == null ? 0 : -1) : 1;
            }
            if (first.getClass() != second.getClass()) {
                throw new IllegalSearchArgumentException("Can't sort on a field mapped as a number in one index and "
                        + "not in another: the field has incompatible sort types");
            }
            return ((Comparable) first).compareTo(second);
        }
    }

    /** A field-sorted hit's sort values as Elasticsearch shows them: strings for terms, numbers as they are. */
    private static List<Object> sortValues(ScoreDoc hit, Sort sort) {
        if (!(hit instanceof FieldDoc fieldDoc)) {
            return null;
        }
        List<Object> values = new ArrayList<>(fieldDoc.fields.length);
        for (int i = 0; i < fieldDoc.fields.length; i++) {
            Object value = fieldDoc.fields[i];
            SortField field = sort != null && i < sort.getSort().length ? sort.getSort()[i] : null;
            if (field instanceof SortParser.UnsignedLongSortField && value instanceof Long encoded) {
                values.add(UnsignedLongs.decode(encoded));
                continue;
            }
            boolean ip = field instanceof SortParser.IpSortField;
            values.add(value instanceof BytesRef bytes ? ip ? IpAddresses.format(bytes) : bytes.utf8ToString() : value);
        }
        return values;
    }
}
