package dev.infraplatform.search.engine;

import dev.infraplatform.search.analysis.AnalyzeRequest;
import dev.infraplatform.search.analysis.AnalyzedToken;
import dev.infraplatform.search.analysis.FieldAnalyzer;
import dev.infraplatform.search.analysis.IndexAnalyzers;
import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.aggregation.Aggregations;
import dev.infraplatform.storage.SnapshotStore;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexableField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One index: its metadata and its shards. Documents go to the shard {@link ShardRouting} picks;
 * dynamic mapping updates are merged under the index's lock and persisted before the document that
 * caused them is written, so that translog replay finds every field mapped.
 */
public final class SearchIndex {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ID_BYTES = 512;

    private final SnapshotStore metadataStore;
    private final ShardRouting routing;
    private final SearchObserver observer;
    private volatile IndexMetadata metadata;
    /** The blocks of {@link #metadata}'s settings, kept apart: writes check them for every document. */
    private volatile List<IndexBlock> blocks;
    private volatile List<Shard> shards = List.of();
    private final LongSupplier clock;
    /** When a search last read this index (epoch millis); see {@link #scheduledRefresh()}. */
    private volatile long lastSearchMillis;
    /** Whether a periodic refresh was skipped while the index was search-idle. */
    private final AtomicBoolean refreshSkipped = new AtomicBoolean();
    /** The index's analyzers, from its {@code analysis} settings (which change only while it is closed). */
    private volatile IndexAnalyzers analyzers;
    /** Analyzes each text field as its mapping's {@code analyzer} says: given to the shards' index writers. */
    private final Analyzer indexAnalyzer = new FieldAnalyzer(this::indexAnalyzerOf);
    /** Analyzes query text for each field as its {@code search_analyzer} says: given to the query parser. */
    private final Analyzer searchAnalyzer = new FieldAnalyzer(this::searchAnalyzerOf);

    SearchIndex(IndexMetadata metadata, SnapshotStore metadataStore, SearchObserver observer, LongSupplier clock) {
        this.observer = observer;
        this.clock = clock;
        this.lastSearchMillis = clock.getAsLong();
        this.metadata = metadata;
        this.blocks = metadata.settings().blocks();
        this.metadataStore = metadataStore;
        this.routing = new ShardRouting(metadata.settings().numberOfShards(), metadata.settings().routingNumShards());
        this.analyzers = IndexAnalyzers.build(metadata.settings().analysis());
    }

    /**
     * Checks an index's analysis settings and that every analyzer its mapping names exists, as
     * Elasticsearch does before it creates an index.
     *
     * @throws IllegalSearchArgumentException on bad analysis settings
     * @throws MapperParsingException if the mapping names an analyzer that does not exist
     */
    static void validateAnalysis(IndexSettings settings, Mapping mapping) {
        checkAnalyzers(IndexAnalyzers.build(settings.analysis()), mapping);
    }

    private static void checkAnalyzers(IndexAnalyzers analyzers, Mapping mapping) {
        for (String name : mapping.analyzerNames()) {
            if (!analyzers.contains(name)) {
                throw new MapperParsingException("Failed to parse mapping: analyzer [" + name
                        + "] has not been configured in mappings");
            }
        }
    }

    /** The analyzer the index writers use: each field's index analyzer. */
    Analyzer indexAnalyzer() {
        return indexAnalyzer;
    }

    /** Rebuilds the analyzers from the analysis settings (changed while the index was closed). */
    void reloadAnalyzers() {
        analyzers = IndexAnalyzers.build(metadata.settings().analysis());
    }

    /**
     * The analyzers of the mapped fields, resolved once per mapping and set of analyzers (the
     * writers ask for every field of every document); unmapped paths, which queries may name
     * freely, are not kept.
     */
    private record FieldAnalyzers(Mapping mapping, IndexAnalyzers analyzers, Map<String, Analyzer> index,
                                  Map<String, Analyzer> search) {
    }

    private volatile FieldAnalyzers fieldAnalyzers = new FieldAnalyzers(null, null, Map.of(), Map.of());

    private FieldAnalyzers fieldAnalyzers() {
        Mapping current = mapping();
        IndexAnalyzers currentAnalyzers = analyzers;
        FieldAnalyzers cached = fieldAnalyzers;
        if (cached.mapping() != current || cached.analyzers() != currentAnalyzers) {
            cached = new FieldAnalyzers(current, currentAnalyzers, new java.util.concurrent.ConcurrentHashMap<>(),
                    new java.util.concurrent.ConcurrentHashMap<>());
            fieldAnalyzers = cached;
        }
        return cached;
    }

    private Analyzer indexAnalyzerOf(String path) {
        FieldAnalyzers cached = fieldAnalyzers();
        Analyzer analyzer = cached.index().get(path);
        if (analyzer == null) {
            analyzer = resolveIndexAnalyzer(path);
            if (cached.mapping().lookup(path) != null) {
                cached.index().put(path, analyzer);
            }
        }
        return analyzer;
    }

    private Analyzer searchAnalyzerOf(String path) {
        FieldAnalyzers cached = fieldAnalyzers();
        Analyzer analyzer = cached.search().get(path);
        if (analyzer == null) {
            analyzer = resolveSearchAnalyzer(path);
            if (cached.mapping().lookup(path) != null) {
                cached.search().put(path, analyzer);
            }
        }
        return analyzer;
    }

    private Analyzer resolveIndexAnalyzer(String path) {
        if (mapping().lookup(path) instanceof FieldMapping field) {
            if (field.type() == FieldType.KEYWORD) {
                return analyzers.get("keyword");
            }
            Analyzer named = field.analyzer() == null ? null : analyzers.get(field.analyzer());
            if (named != null) {
                return named;
            }
        }
        return analyzers.defaultAnalyzer();
    }

    private Analyzer resolveSearchAnalyzer(String path) {
        if (mapping().lookup(path) instanceof FieldMapping field) {
            if (field.type() == FieldType.KEYWORD) {
                return analyzers.get("keyword");
            }
            String name = field.searchAnalyzer() != null ? field.searchAnalyzer() : field.analyzer();
            Analyzer named = name == null ? null : analyzers.get(name);
            if (named != null) {
                return named;
            }
        }
        return analyzers.defaultSearchAnalyzer();
    }

    /**
     * Elasticsearch's {@code _analyze} on this index: named analyzers and components resolve to the
     * index's own first; {@code field} analyzes as that field is indexed.
     *
     * @throws IllegalSearchArgumentException on an unknown analyzer or component, or a field that is not text
     */
    public List<AnalyzedToken> analyze(AnalyzeRequest request) {
        Analyzer fieldAnalyzer = null;
        if (request.field() != null && mapping().lookup(request.field()) instanceof FieldMapping field) {
            if (field.type() != FieldType.TEXT && field.type() != FieldType.KEYWORD) {
                throw new IllegalSearchArgumentException("Can't process field [" + request.field()
                        + "], Analysis requests are only supported on tokenized fields");
            }
            fieldAnalyzer = FieldAnalyzer.ofTextField(indexAnalyzerOf(request.field()));
        }
        return analyzers.analyze(request, fieldAnalyzer);
    }

    void openShards(List<Shard> opened) {
        this.shards = List.copyOf(opened);
    }

    /** Fields of a document under the current mapping, for translog replay. */
    List<IndexableField> replayFields(String id, byte[] source) {
        try {
            return parse(id, parseSource(source)).fields();
        } catch (SearchException e) {
            log.warn("Index {}: replayed document [{}] no longer parses ({}); only its _source is kept", name(), id,
                    e.getMessage());
            return List.of();
        }
    }

    public String name() {
        return metadata.name();
    }

    public IndexMetadata metadata() {
        return metadata;
    }

    public IndexSettings settings() {
        return metadata.settings();
    }

    public Mapping mapping() {
        return metadata.mapping();
    }

    /**
     * Indexes a document ({@code id == null}: an id is generated, as Elasticsearch's auto-generated ids: 20 URL-safe base64 characters).
     *
     * @throws MapperParsingException if the source is not a JSON object or a value does not fit its field
     * @throws VersionConflictException if {@code condition} fails
     */
    public WriteResult index(String id, String routingValue, byte[] source, WriteCondition condition,
                             RefreshPolicy refresh) {
        long started = System.nanoTime();
        WriteResult result = indexDeferred(id, routingValue, source, condition).await(refresh);
        observer.written(name(), System.nanoTime() - started);
        return result;
    }

    /**
     * Indexes a document up to the translog write, which {@link PendingWrite#await()} completes
     * (for bulk requests: take every item's pending write, then await them all).
     */
    public PendingWrite indexDeferred(String id, String routingValue, byte[] source, WriteCondition condition) {
        return indexDeferred(id, routingValue, source, null, condition);
    }

    /**
     * {@link #indexDeferred(String, String, byte[], WriteCondition)} for a source its caller has read
     * already ({@code parsedSource}, as {@link JsonSource#readObject} reads it from exactly these bytes;
     * {@code null}: read here).
     */
    public PendingWrite indexDeferred(String id, String routingValue, byte[] source, Map<String, Object> parsedSource,
                                      WriteCondition condition) {
        checkBlocks(IndexBlock.Level.WRITE);
        if (id == null) {
            // a generated id cannot exist yet: added without a version lookup (a create condition holds)
            String documentId = generateId();
            DocumentParser.Parsed parsed = parse(documentId, parsedSource != null ? parsedSource : parseSource(source));
            return shardFor(documentId, routingValue).addDeferred(documentId, routingValue, source, parsed.fields());
        }
        String documentId = validateId(id);
        DocumentParser.Parsed parsed = parse(documentId, parsedSource != null ? parsedSource : parseSource(source));
        return shardFor(documentId, routingValue).indexDeferred(documentId, routingValue, source, parsed.fields(),
                condition);
    }

    /** Deletes a document up to the translog write; see {@link #indexDeferred}. */
    public PendingWrite deleteDeferred(String id, String routingValue, WriteCondition condition) {
        checkBlocks(IndexBlock.Level.WRITE);
        String documentId = validateId(id);
        return shardFor(documentId, routingValue).deleteDeferred(documentId, routingValue, condition);
    }

    /**
     * Elasticsearch's partial update: the document's current source with {@code doc} merged in
     * (objects merged key by key, everything else replaced), written only if the current version
     * is still the one read (retried {@code retryOnConflict} times otherwise). A missing document
     * is created from {@code upsert}, or from {@code doc} if {@code docAsUpsert}, else
     * {@link DocumentMissingException}. With {@code detectNoop}, a merge that changes nothing
     * writes nothing and answers {@code noop}.
     */
    public WriteResult update(String id, String routingValue, Map<String, Object> doc, Map<String, Object> upsert,
                              boolean docAsUpsert, boolean detectNoop, WriteCondition condition, RefreshPolicy refresh,
                              int retryOnConflict) {
        checkBlocks(IndexBlock.Level.WRITE);
        String documentId = validateId(id);
        for (int attempt = 0; ; attempt++) {
            try {
                GetResult current = latest(documentId, routingValue, List.of());
                if (!current.found()) {
                    if (condition.ifSeqNo() != null) {
                        throw new VersionConflictException(name(), metadata.uuid(), shardOf(documentId, routingValue),
                                documentId, "required seqNo [" + condition.ifSeqNo() + "], primary term ["
                                + condition.ifPrimaryTerm() + "] but no document was found");
                    }
                    Map<String, Object> created = upsert != null ? upsert : docAsUpsert ? doc : null;
                    if (created == null) {
                        throw new DocumentMissingException(name(), metadata.uuid(), shardOf(documentId, routingValue),
                                documentId);
                    }
                    return index(documentId, routingValue, JSON.writeValueAsBytes(created),
                            new WriteCondition(true, null, null), refresh);
                }
                if (current.source() == null) {
                    throw new DocumentSourceMissingException(name(), metadata.uuid(), shardOf(documentId, routingValue),
                            documentId);
                }
                if (condition.ifSeqNo() != null && (condition.ifSeqNo() != current.seqNo()
                        || condition.ifPrimaryTerm() != current.primaryTerm())) {
                    throw new VersionConflictException(name(), metadata.uuid(), shardOf(documentId, routingValue),
                            documentId, "required seqNo [" + condition.ifSeqNo() + "], primary term ["
                            + condition.ifPrimaryTerm() + "]. current document has seqNo [" + current.seqNo()
                            + "] and primary term [" + current.primaryTerm() + "]");
                }
                Map<String, Object> source = parseSource(current.source());
                Map<String, Object> merged = merge(parseSource(current.source()), doc);
                if (detectNoop && merged.equals(source)) {
                    return new WriteResult(name(), documentId, shardOf(documentId, routingValue), routingValue,
                            current.version(), current.seqNo(), current.primaryTerm(), WriteResult.Result.NOOP, false);
                }
                return index(documentId, routingValue, JSON.writeValueAsBytes(merged),
                        new WriteCondition(false, current.seqNo(), current.primaryTerm()), refresh);
            } catch (VersionConflictException e) {
                if (attempt >= retryOnConflict || condition.ifSeqNo() != null) {
                    throw e;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> changes) {
        changes.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && target.get(key) instanceof Map<?, ?> existing) {
                target.put(key, merge(new java.util.LinkedHashMap<>((Map<String, Object>) existing),
                        (Map<String, Object>) nested));
            } else {
                target.put(key, value);
            }
        });
        return target;
    }

    /** Reports a write done through {@link #indexDeferred}/{@link #deleteDeferred} to the observers. */
    public void written(long nanos) {
        observer.written(name(), nanos);
    }

    public WriteResult delete(String id, String routingValue, WriteCondition condition, RefreshPolicy refresh) {
        checkBlocks(IndexBlock.Level.WRITE);
        long started = System.nanoTime();
        String documentId = validateId(id);
        WriteResult result = shardFor(documentId, routingValue).delete(documentId, routingValue, condition, refresh);
        observer.written(name(), System.nanoTime() - started);
        return result;
    }

    /** The latest version of a document, refreshed or not. */
    public GetResult get(String id, String routingValue) {
        return get(id, routingValue, List.of());
    }

    /**
     * The latest version of a document, refreshed or not, with the requested stored fields of that
     * version ({@code stored_fields}; see {@link StoredFields}).
     */
    public GetResult get(String id, String routingValue, List<String> storedFields) {
        checkBlocks(IndexBlock.Level.READ);
        return latest(id, routingValue, storedFields);
    }

    /** {@link #get} without the read block's check (an update reads what it changes). */
    private GetResult latest(String id, String routingValue, List<String> storedFields) {
        GetResult result = shardFor(validateId(id), routingValue).get(id);
        if (!result.found()) {
            return result;
        }
        Map<String, List<Object>> fields = result.source() == null ? null
                : StoredFields.ofSource(result.id(), result.source(), storedFields, mapping());
        // _source.enabled: false: the document is found, its source is not served
        return new GetResult(result.index(), result.id(), true, result.version(), result.seqNo(), result.primaryTerm(),
                result.routing(), mapping().sourceEnabled() ? result.source() : null, fields);
    }

    /**
     * Searches the shards' last refreshed readers, in parallel, merging hits over shards.
     *
     * @throws QueryParsingException on a query it cannot parse
     * @throws IllegalSearchArgumentException if the request exceeds one of the index's limits
     *                                        ({@code index.max_result_window}, …)
     */
    public SearchHits search(SearchRequest request) {
        ShardSearch.checkWindow(request.from(), request.size());
        int trackTotalHitsUpTo = SearchHits.trackTotalHitsUpTo(request.trackTotalHits());
        long started = System.nanoTime();
        SearchHits hits = ShardSearch.run(searchTargets(request, true, null, 1f), request.from(), request.size(),
                trackTotalHitsUpTo);
        observer.searched(name(), System.nanoTime() - started);
        return hits;
    }

    /**
     * This index's part of a search, one target per shard: the query, sort, post filter,
     * doc-value fields and (when {@code highlight}, i.e. for a search rather than a count)
     * highlighting built under this index's mapping, after checking the request against the
     * index's limits ({@code index.max_result_window}, …). With {@code routing} values, only the
     * shards they route to ({@code null}: every shard). Scores are multiplied by {@code boost}
     * ({@code indices_boost}).
     */
    List<ShardSearch.Target> searchTargets(SearchRequest request, boolean highlight, Set<String> routing,
                                           float boost) {
        checkOpen();
        checkBlocks(IndexBlock.Level.READ);
        searchActive();
        if (highlight) {
            ShardSearch.checkLimits(request, settings());
        }
        Mapping mapping = mapping();
        QueryParser parser = new QueryParser(mapping, searchAnalyzer, QueryLimits.of(settings()), analyzers::get);
        org.apache.lucene.search.Query parsed = parser.parse(request.query());
        org.apache.lucene.search.Query boosted = boost == 1f ? parsed
                : new org.apache.lucene.search.BoostQuery(parsed, boost);
        org.apache.lucene.search.Query query = request.options().minScore() == null ? boosted
                : new MinimumScoreQuery(boosted, request.options().minScore());
        org.apache.lucene.search.Sort sort = SortParser.parse(request.sort(), mapping);
        Highlighting highlighting = highlight ? Highlighting.parse(request.highlight(), query, parser,
                new MappedFields(mapping, indexAnalyzer)) : null;
        Aggregations aggregations = Aggregations.parse(request.aggregations(), mapping, parser::parse, name());
        SearchRequest.Options options = request.options();
        org.apache.lucene.search.Query postFilter = options.postFilter() == null ? null
                : parser.parse(options.postFilter());
        DocValueFields docValueFields = DocValueFields.resolve(options.docValueFields(), mapping);
        StoredFields storedFields = StoredFields.resolve(options.storedFields(), mapping);
        Set<Integer> routed = routedShards(routing);
        List<Shard> current = shards;
        List<ShardSearch.Target> targets = new ArrayList<>(current.size());
        for (Shard shard : current) {
            if (routed == null || routed.contains(shard.number())) {
                targets.add(new ShardSearch.Target(name(), shard, query, sort, highlighting, aggregations, postFilter,
                        options, docValueFields, storedFields, mapping.sourceEnabled()));
            }
        }
        return targets;
    }

    /** The shard numbers routing values route to ({@code null} for {@code null}: every shard). */
    Set<Integer> routedShards(Set<String> routingValues) {
        if (routingValues == null) {
            return null;
        }
        Set<Integer> routed = new HashSet<>();
        for (String value : routingValues) {
            routed.add(routing.shardOf(null, value));
        }
        return routed;
    }

    /** How many documents visible to search match the query, over all shards. */
    public long count(Map<String, Object> query) {
        long started = System.nanoTime();
        long count = ShardSearch.count(searchTargets(SearchRequest.of(query, 0, 0), false, null, 1f)).count();
        observer.searched(name(), System.nanoTime() - started);
        return count;
    }

    /** Reports a search over several indexes that included this one to the observers. */
    void searched(long nanos) {
        observer.searched(name(), nanos);
    }

    /**
     * The periodic refresh, skipped while the index is search-idle, as in Elasticsearch: when no
     * search has read it for {@code index.search.idle.after} (30s) and its {@code refresh_interval}
     * was not set explicitly. Bulk loads into an index nobody searches then build fewer, larger
     * segments. The next search refreshes first ({@link #searchActive()}).
     */
    void scheduledRefresh() {
        IndexSettings settings = settings();
        if (settings.refreshPausesWhenSearchIdle()
                && clock.getAsLong() - lastSearchMillis >= settings.searchIdleAfter().toMillis()) {
            refreshSkipped.set(true);
            return;
        }
        refresh();
    }

    /** A search is about to read the index: it is no longer search-idle, and sees what a skipped refresh would have shown. */
    private void searchActive() {
        lastSearchMillis = clock.getAsLong();
        if (refreshSkipped.getAndSet(false)) {
            refresh();
        }
    }

    /** Makes every write so far visible to search, on every shard. */
    public void refresh() {
        shards.forEach(Shard::refresh);
    }

    /** A Lucene commit on every shard, trimming their translogs. */
    public void commit() {
        shards.forEach(Shard::commit);
    }

    /**
     * Elasticsearch's {@code _forcemerge}: every shard merged down to {@code maxSegments} segments
     * ({@code 0}: the merges due), or only its segments with deletions; then, with {@code flush},
     * committed. Returns when all of it is done.
     *
     * @throws ClusterBlockException if the index is read-only
     */
    public void forceMerge(int maxSegments, boolean onlyExpungeDeletes, boolean flush) {
        checkOpen();
        checkBlocks(IndexBlock.Level.METADATA_WRITE);
        for (Shard shard : shards) {
            shard.forceMerge(maxSegments, onlyExpungeDeletes);
            if (flush) {
                shard.commit();
            }
        }
    }

    /**
     * Merges {@code update} into the mapping and persists it.
     *
     * @throws IllegalSearchArgumentException on a conflicting change
     * @throws MapperParsingException if the update names an analyzer the index does not have
     */
    public synchronized void putMapping(Mapping update) {
        checkBlocks(IndexBlock.Level.METADATA_WRITE);
        checkAnalyzers(analyzers, update);
        Mapping merged = mapping().merge(update);
        persist(metadata.withMapping(merged));
    }

    public int numberOfShards() {
        return routing.numberOfShards();
    }

    /** The shard a document with this id and routing lives in. */
    public int shardOf(String id, String routingValue) {
        return routing.shardOf(id, routingValue);
    }

    /** Documents visible to search, over all shards. */
    public long visibleDocuments() {
        return shards.stream().mapToLong(Shard::visibleDocuments).sum();
    }

    /** Bytes of the shards' Lucene files and translogs. */
    public long sizeBytes() {
        return shards.stream().mapToLong(Shard::sizeBytes).sum();
    }

    /** Translog operations not yet in a Lucene commit, over all shards. */
    public long uncommittedOperations() {
        return shards.stream().mapToLong(Shard::uncommittedOperations).sum();
    }

    /** The latest translog write failure of any shard, or {@code null}. */
    public String writeFailure() {
        return shards.stream().map(Shard::writeFailure).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    List<Shard> shards() {
        return shards;
    }

    private DocumentParser.Parsed parse(String id, Map<String, Object> source) {
        Mapping mapping = mapping();
        DocumentParser.Parsed parsed = DocumentParser.parse(id, source, mapping);
        if (parsed.mapping() == mapping) {
            return parsed;
        }
        synchronized (this) {
            Mapping latest = mapping();
            parsed = DocumentParser.parse(id, source, latest);
            if (parsed.mapping() != latest) {
                persist(metadata.withMapping(parsed.mapping()));
            }
            return parsed;
        }
    }

    /**
     * Persists a change of this index's metadata (aliases, state), applied to the current metadata
     * under the index's lock so that it cannot undo a concurrent mapping update.
     */
    synchronized void updateMetadata(java.util.function.UnaryOperator<IndexMetadata> change) {
        persist(change.apply(metadata));
    }

    /** @throws ClusterBlockException if one of the index's blocks forbids operations at this level */
    private void checkBlocks(IndexBlock.Level level) {
        IndexBlock.check(name(), blocks, level);
    }

    /** @throws IndexClosedException if the index is closed (its shards released) */
    private void checkOpen() {
        if (metadata.closed() || shards.isEmpty()) {
            throw new IndexClosedException(name(), metadata.uuid());
        }
    }

    private void persist(IndexMetadata updated) {
        byte[] json = JSON.writeValueAsBytes(updated.toMap());
        metadataStore.write(out -> out.write(json));
        metadata = updated;
        blocks = updated.settings().blocks();
    }

    /** A source as maps and values; see {@link JsonSource}. */
    static Map<String, Object> parseSource(byte[] source) {
        return JsonSource.parse(source);
    }

    private Shard shardFor(String id, String routingValue) {
        List<Shard> current = shards;
        if (current.isEmpty()) {
            throw new IndexClosedException(name(), metadata.uuid());
        }
        return current.get(routing.shardOf(id, routingValue));
    }

    private static String validateId(String id) {
        if (id.isEmpty()) {
            throw new IllegalSearchArgumentException("if _id is specified it must not be empty");
        }
        int bytes = id.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ID_BYTES) {
            throw new IllegalSearchArgumentException("id [" + id + "] is too long, must be no longer than 512 bytes but "
                    + "was: " + bytes);
        }
        return id;
    }

    private static String generateId() {
        return GeneratedIds.next();
    }
}
