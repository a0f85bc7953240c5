package dev.infraplatform.search.engine;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.SnapshotStore;
import dev.infraplatform.storage.SnapshotStores;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The search engine: the indexes of this node, each with its shards, opened from
 * {@code <data-dir>/search/} at start-up (replaying their translogs), refreshed every
 * {@code refresh_interval} on one scheduler thread, committed by {@link #commitAll()} and at close.
 *
 * <p>Index creation and deletion are serialized by the engine; document writes are not (they
 * serialize per shard).
 */
public final class SearchEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchEngine.class);
    private static final String ROOT = "search";
    private static final String METADATA = "metadata";
    /** Index names used as their directory's name as they are (others are hex-encoded, see {@link #directoryOf}). */
    private static final Pattern ASCII_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /**
     * @param translogDurability when translog writes are forced to disk ({@code ALWAYS}: before the
     *     write is acknowledged, Elasticsearch's {@code index.translog.durability: request})
     * @param translogSegmentBytes translog segment size; the translog is trimmed by whole segments
     * @param indexBufferBytes the indexing buffer the shards' index writers share (see
     *     {@link #controlIndexingBuffer()})
     * @param indexBufferInterval how often the shards' use of it is checked (Elasticsearch's
     *     {@code indices.memory.interval})
     */
    public record Settings(Durability translogDurability, int translogSegmentBytes, long indexBufferBytes,
                           Duration indexBufferInterval) {

        public static final Duration DEFAULT_INDEX_BUFFER_INTERVAL = Duration.ofSeconds(1);

        public static Settings defaults() {
            return new Settings(Durability.ALWAYS, 64 * 1024 * 1024, defaultIndexBufferBytes(),
                    DEFAULT_INDEX_BUFFER_INTERVAL);
        }

        /** Elasticsearch's default {@code indices.memory.index_buffer_size}: 10% of the heap, at least 48MB. */
        public static long defaultIndexBufferBytes() {
            return Math.max(48L << 20, Runtime.getRuntime().maxMemory() / 10);
        }
    }

    private final DataDirectory dataDirectory;
    private final AppendLogs appendLogs;
    private final SnapshotStores snapshotStores;
    private final Settings settings;
    private final LongSupplier clock;
    private final Map<String, SearchIndex> indexes = new ConcurrentSkipListMap<>();
    private final AliasTableCache aliasTables = new AliasTableCache();
    private final Map<String, ScheduledFuture<?>> refreshTasks = new ConcurrentSkipListMap<>();
    private final java.util.List<SearchObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final SearchObserver dispatch = new SearchObserver() {
        @Override
        public void written(String index, long nanos) {
            observers.forEach(o -> o.written(index, nanos));
        }

        @Override
        public void searched(String index, long nanos) {
            observers.forEach(o -> o.searched(index, nanos));
        }
    };
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("search-refresh").factory());

    public SearchEngine(DataDirectory dataDirectory, AppendLogs appendLogs, SnapshotStores snapshotStores,
                        Settings settings, LongSupplier clock) {
        this.dataDirectory = dataDirectory;
        this.appendLogs = appendLogs;
        this.snapshotStores = snapshotStores;
        this.settings = settings;
        this.clock = clock;
    }

    /** Opens every index found under {@code <data-dir>/search/}, replaying its shards' translogs. */
    public synchronized void start() {
        refresher.scheduleWithFixedDelay(() -> {
            try {
                controlIndexingBuffer();
            } catch (RuntimeException e) {
                log.warn("Search: writing out an indexing buffer failed", e);
            }
        }, settings.indexBufferInterval().toMillis(), settings.indexBufferInterval().toMillis(), TimeUnit.MILLISECONDS);
        Path root = dataDirectory.resolve(ROOT);
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> children = Files.list(root)) {
            // names starting with '_' are no index names: they hold node-level state (_ingest)
            for (Path child : children.filter(Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("_")).sorted().toList()) {
                String directoryName = child.getFileName().toString();
                SnapshotStore store = snapshotStores.open(ROOT + "/" + directoryName, METADATA, 2);
                Optional<IndexMetadata> metadata = store.readLatest((snapshot, payload) ->
                        IndexMetadata.fromMap(SearchIndex.parseSource(payload.readAllBytes())));
                if (metadata.isEmpty() || !directoryOf(metadata.get().name()).equals(directoryName)) {
                    log.warn("Search: {} holds no index metadata of its own; left alone", child);
                    continue;
                }
                String name = metadata.get().name();
                if (metadata.get().closed()) {
                    register(new SearchIndex(metadata.get(), store, dispatch, clock));
                    log.info("Search: index [{}] is closed", name);
                    continue;
                }
                open(metadata.get(), store);
                log.info("Search: index [{}] opened with {} shard(s)", name, metadata.get().settings().numberOfShards());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates an index.
     *
     * @throws InvalidIndexNameException if the name is not a valid index name
     * @throws ResourceAlreadyExistsException if it exists
     * @throws IllegalSearchArgumentException on a bad setting
     * @throws MapperParsingException on a bad mapping
     */
    public SearchIndex createIndex(String name, IndexSettings indexSettings, Mapping mapping) {
        return createIndex(name, indexSettings, mapping, Map.of());
    }

    /**
     * Creates an index with aliases, as {@code PUT /{index}} with {@code aliases}.
     *
     * @throws InvalidIndexNameException if the name is not a valid index name or is an alias's
     * @throws InvalidAliasNameException if an alias name is invalid or an index's
     * @throws ResourceAlreadyExistsException if it exists
     * @throws IllegalSearchArgumentException on a bad setting, or a second write index for an alias
     * @throws MapperParsingException on a bad mapping
     */
    public synchronized SearchIndex createIndex(String name, IndexSettings indexSettings, Mapping mapping,
                                                Map<String, AliasMetadata> aliases) {
        validateName(name);
        SearchIndex existing = indexes.get(name);
        if (existing != null) {
            throw new ResourceAlreadyExistsException(name, existing.metadata().uuid());
        }
        Map<String, Map<String, AliasMetadata>> aliasTable = aliasTable();
        if (aliasTable.containsKey(name)) {
            throw new InvalidIndexNameException(name, "already exists as alias");
        }
        SearchIndex.validateAnalysis(indexSettings, mapping);
        for (Map.Entry<String, AliasMetadata> alias : aliases.entrySet()) {
            Aliases.validateName(alias.getKey());
            if (alias.getKey().equals(name) || indexes.containsKey(alias.getKey())) {
                throw new InvalidAliasNameException(alias.getKey(),
                        ": an index or data stream exists with the same name as the alias");
            }
            Aliases.validateFilter(alias.getKey(), alias.getValue(), mapping);
            Map<String, AliasMetadata> members = new TreeMap<>(aliasTable.getOrDefault(alias.getKey(), Map.of()));
            members.put(name, alias.getValue());
            Aliases.checkWriteIndexes(alias.getKey(), members);
        }
        IndexMetadata metadata = new IndexMetadata(name, newUuid(), clock.getAsLong(), indexSettings, mapping, aliases,
                false);
        // leftovers of an index whose deletion a crash interrupted must not come back to life
        deleteRecursively(dataDirectory.resolve(ROOT + "/" + directoryOf(name)));
        SnapshotStore store = metadataStore(name);
        byte[] json = SearchIndex.JSON.writeValueAsBytes(metadata.toMap());
        store.write(out -> out.write(json));
        return open(metadata, store);
    }

    /**
     * The index, created with default settings and an empty (dynamic) mapping if it does not exist,
     * as Elasticsearch's {@code action.auto_create_index} does on the first write.
     */
    public SearchIndex indexOrCreate(String name) {
        SearchIndex index = indexes.get(name);
        if (index != null) {
            return checkOpen(index);
        }
        if (aliasTable().containsKey(name)) {
            return writeIndex(name);
        }
        synchronized (this) {
            index = indexes.get(name);
            if (index != null) {
                return checkOpen(index);
            }
            if (aliasTable().containsKey(name)) {
                return writeIndex(name);
            }
            return createIndex(name, IndexSettings.defaults(), Mapping.empty());
        }
    }

    /**
     * The index writes to {@code name} go to: the index of that name, or the alias's write index
     * (its only index unless that says {@code is_write_index: false}; else the one with
     * {@code is_write_index: true}).
     *
     * @throws IndexNotFoundException if there is no such index or alias
     * @throws IllegalSearchArgumentException if the alias has no write index
     * @throws IndexClosedException if the index is closed
     */
    public SearchIndex writeIndex(String name) {
        SearchIndex index = indexes.get(name);
        if (index != null) {
            return checkOpen(index);
        }
        Map<String, AliasMetadata> members = aliasTable().get(name);
        if (members == null) {
            throw new IndexNotFoundException(name);
        }
        String write = Aliases.writeIndexOf(members);
        if (write == null) {
            throw new IllegalSearchArgumentException("no write index is defined for alias [" + name + "]. The write "
                    + "index may be explicitly disabled using is_write_index=false or the alias points to multiple "
                    + "indices without one being designated as a write index");
        }
        return index(write);
    }

    /** Whether {@code name} is an alias. */
    public boolean isAlias(String name) {
        return aliasTable().containsKey(name);
    }

    /**
     * Elasticsearch's {@code _analyze} without an index: built-in analyzers and components only.
     *
     * @throws IllegalSearchArgumentException on an unknown analyzer or component, or a {@code field}
     */
    public java.util.List<dev.infraplatform.search.analysis.AnalyzedToken> analyze(
            dev.infraplatform.search.analysis.AnalyzeRequest request) {
        return dev.infraplatform.search.analysis.IndexAnalyzers.global().analyze(request, null);
    }

    /** Adds an observer of index creation and deletion, writes and searches. */
    public void observe(SearchObserver observer) {
        observers.add(observer);
    }

    /**
     * The index {@code name} names for a single-document operation: the index of that name, or the
     * alias's only index (or its write index, if it has one).
     *
     * @throws IndexNotFoundException if there is no such index or alias
     * @throws IllegalSearchArgumentException if the alias names several indexes and none is its write index
     * @throws IndexClosedException if the index is closed
     */
    public SearchIndex index(String name) {
        SearchIndex index = indexes.get(name);
        if (index != null) {
            return checkOpen(index);
        }
        Map<String, AliasMetadata> members = aliasTable().get(name);
        if (members == null) {
            throw new IndexNotFoundException(name);
        }
        if (members.size() == 1) {
            return index(members.keySet().iterator().next());
        }
        String write = Aliases.writeIndexOf(members);
        if (write == null) {
            throw new IllegalSearchArgumentException("alias [" + name + "] has more than one index associated with it ["
                    + String.join(", ", members.keySet()) + "], can't execute a single index op");
        }
        return index(write);
    }

    /**
     * The index of that name, open or closed (for index administration: settings, mappings, state).
     *
     * @throws IndexNotFoundException if there is no such index
     */
    public SearchIndex indexOrClosed(String name) {
        SearchIndex index = indexes.get(name);
        if (index == null) {
            throw new IndexNotFoundException(name);
        }
        return index;
    }

    private static SearchIndex checkOpen(SearchIndex index) {
        if (index.metadata().closed()) {
            throw new IndexClosedException(index.name(), index.metadata().uuid());
        }
        return index;
    }

    /**
     * One search over the indexes the expressions name ({@code books}, {@code logs-*}, {@code _all};
     * see {@link IndicesOptions}): every shard of every index searched in parallel, their hits merged
     * by score or by the sort into one page.
     *
     * @throws IndexNotFoundException if an expression names a missing index the options do not allow
     * @throws QueryParsingException on a query it cannot parse under one of the indexes' mappings
     */
    public SearchHits search(List<String> indexExpressions, IndicesOptions options, SearchRequest searchRequest) {
        ShardSearch.checkWindow(searchRequest.from(), searchRequest.size());
        SearchRequest request = withTermsLookups(searchRequest);
        int trackTotalHitsUpTo = SearchHits.trackTotalHitsUpTo(request.trackTotalHits());
        Map<SearchIndex, List<Map<String, Object>>> resolved = resolveWithFilters(indexExpressions, options);
        List<SearchIndex> targets = List.copyOf(resolved.keySet());
        Map<String, Set<String>> routing = searchRouting(indexExpressions, request.options().routing(), targets);
        Map<String, Float> boosts = indicesBoost(request.options().indicesBoost());
        long started = System.nanoTime();
        Planned planned = plan(resolved, routing, (index, filters) -> index.searchTargets(filtered(request, filters),
                true, routing.get(index.name()), boosts.getOrDefault(index.name(), 1f)));
        SearchHits hits = ShardSearch.run(planned.shards(), request.from(), request.size(), trackTotalHitsUpTo)
                .withFailures(planned.failures());
        long nanos = System.nanoTime() - started;
        targets.forEach(index -> index.searched(nanos));
        return hits;
    }

    /** How many documents match the query over the indexes the expressions name. */
    public long count(List<String> indexExpressions, IndicesOptions options, Map<String, Object> query) {
        return count(indexExpressions, options, query, SearchRequest.Options.DEFAULTS).count();
    }

    /**
     * Elasticsearch's {@code _count}: how many documents match the query over the indexes the
     * expressions name, with the search options a count takes — {@code routing} (only the shards
     * its values route to; see {@link #search}), {@code min_score} and {@code terminate_after}.
     */
    public SearchCount count(List<String> indexExpressions, IndicesOptions options, Map<String, Object> countQuery,
                             SearchRequest.Options countOptions) {
        Map<String, Object> query = TermsLookup.resolve(countQuery, this::lookupSource);
        Map<SearchIndex, List<Map<String, Object>>> resolved = resolveWithFilters(indexExpressions, options);
        List<SearchIndex> targets = List.copyOf(resolved.keySet());
        Map<String, Set<String>> routings = searchRouting(indexExpressions, countOptions.routing(), targets);
        long started = System.nanoTime();
        Planned planned = plan(resolved, routings, (index, filters) -> index.searchTargets(new SearchRequest(
                filteredQuery(query, filters), null, 0, 0, null, null, null, countOptions), false,
                routings.get(index.name()), 1f));
        SearchCount count = ShardSearch.count(planned.shards()).withFailures(planned.failures());
        long nanos = System.nanoTime() - started;
        targets.forEach(index -> index.searched(nanos));
        return count;
    }

    /** The request with the terms lookups of its query and post filter resolved ({@link TermsLookup}). */
    private SearchRequest withTermsLookups(SearchRequest request) {
        Map<String, Object> query = TermsLookup.resolve(request.query(), this::lookupSource);
        Map<String, Object> postFilter = TermsLookup.resolve(request.options().postFilter(), this::lookupSource);
        if (query == request.query() && postFilter == request.options().postFilter()) {
            return request;
        }
        return new SearchRequest(query, request.sort(), request.from(), request.size(), request.trackTotalHits(),
                request.aggregations(), request.highlight(), request.options().withPostFilter(postFilter));
    }

    /** A terms lookup's document, read as a realtime get through names and aliases (with their routing). */
    private Map<String, Object> lookupSource(String name, String id, String routing) {
        GetResult found = index(name).get(id, indexRouting(name, routing));
        return found.found() ? JsonSource.parse(found.source()) : null;
    }

    /** The shards a search or count reaches, and the indexes that could not build their part. */
    private record Planned(List<ShardSearch.Target> shards, List<ShardFailure> failures) {
    }

    /**
     * Each resolved index's part of a search or count. An index whose part cannot be built (a query
     * its mapping cannot take, one of its limits) fails its shards and the others answer, as in
     * Elasticsearch; when every index fails, the first failure fails the request.
     *
     * @param routing per index, the routing values that pick its shards (for the failed shards' count)
     */
    private static Planned plan(Map<SearchIndex, List<Map<String, Object>>> resolved, Map<String, Set<String>> routing,
                                BiFunction<SearchIndex, List<Map<String, Object>>, List<ShardSearch.Target>> part) {
        List<ShardSearch.Target> shards = new ArrayList<>();
        List<ShardFailure> failures = new ArrayList<>();
        SearchException first = null;
        for (Map.Entry<SearchIndex, List<Map<String, Object>>> entry : resolved.entrySet()) {
            SearchIndex index = entry.getKey();
            try {
                shards.addAll(part.apply(index, entry.getValue()));
            } catch (SearchException e) {
                first = first == null ? e : first;
                Set<Integer> routed = index.routedShards(routing.get(index.name()));
                failures.add(new ShardFailure(index.name(), routed == null ? index.numberOfShards() : routed.size(), e));
            }
        }
        if (first != null && shards.isEmpty()) {
            throw first;
        }
        return new Planned(shards, failures);
    }

    /** The indexes the expressions name (indexes, aliases, patterns); see {@link IndicesOptions}. */
    public List<SearchIndex> resolve(List<String> indexExpressions, IndicesOptions options) {
        return List.copyOf(resolveWithFilters(indexExpressions, options).keySet());
    }

    /**
     * The indexes the expressions name, each with the filters of the aliases it was named through
     * ({@code null}: none applies); see {@link IndicesOptions#resolve}.
     */
    public Map<SearchIndex, List<Map<String, Object>>> resolveWithFilters(List<String> indexExpressions,
                                                                          IndicesOptions options) {
        Map<String, SearchIndex> current = new TreeMap<>(indexes);
        Map<String, IndexMetadata> metadata = new TreeMap<>();
        current.forEach((name, index) -> metadata.put(name, index.metadata()));
        Map<SearchIndex, List<Map<String, Object>>> resolved = new LinkedHashMap<>();
        options.resolve(indexExpressions, metadata, aliasTables.table(current.values()))
                .forEach((name, filters) -> resolved.put(current.get(name), filters));
        return resolved;
    }

    /** The request with the alias filters added as a non-scoring filter (any of them matches). */
    private static SearchRequest filtered(SearchRequest request, List<Map<String, Object>> filters) {
        if (filters == null || filters.isEmpty()) {
            return request;
        }
        return new SearchRequest(filteredQuery(request.query(), filters), request.sort(), request.from(),
                request.size(), request.trackTotalHits(), request.aggregations(), request.highlight(),
                request.options());
    }

    /**
     * Per index, the {@code indices_boost} factor of the first expression naming it (absent: none).
     *
     * @throws IndexNotFoundException if an expression names no index
     */
    private Map<String, Float> indicesBoost(Map<String, Float> boosts) {
        if (boosts.isEmpty()) {
            return Map.of();
        }
        Map<String, Float> byIndex = new HashMap<>();
        boosts.forEach((expression, boost) -> {
            for (SearchIndex index : resolve(List.of(expression), IndicesOptions.SEARCH_DEFAULTS)) {
                byIndex.putIfAbsent(index.name(), boost);
            }
        });
        return byIndex;
    }

    /** Per searched index, the routing values that pick its shards (absent: every shard); see {@link Aliases#searchRouting}. */
    private Map<String, Set<String>> searchRouting(List<String> indexExpressions, String routing,
                                                   List<SearchIndex> searched) {
        if (routing == null && searched.stream().allMatch(index -> index.metadata().aliases().values().stream()
                .allMatch(alias -> alias.searchRouting() == null))) {
            return Map.of(); // nothing routes: every shard, without building the alias table
        }
        Set<String> names = new HashSet<>();
        searched.forEach(index -> names.add(index.name()));
        return Aliases.searchRouting(indexExpressions, routing, names, aliasTable());
    }

    /**
     * The routing a single-document operation on {@code name} (an index or an alias) uses: an
     * alias's {@code index_routing}, if the index it goes to has one, else {@code routing}.
     *
     * @throws IllegalSearchArgumentException if {@code routing} is given and differs from the alias's
     */
    public String indexRouting(String name, String routing) {
        if (indexes.containsKey(name)) {
            return routing;
        }
        return Aliases.indexRouting(name, aliasTable().get(name), routing);
    }

    private static Map<String, Object> filteredQuery(Map<String, Object> query, List<Map<String, Object>> filters) {
        if (filters == null || filters.isEmpty()) {
            return query;
        }
        Object filter = filters.size() == 1 ? filters.getFirst()
                : Map.of("bool", Map.of("should", filters, "minimum_should_match", 1));
        Map<String, Object> must = query == null || query.isEmpty() ? Map.of("match_all", Map.of()) : query;
        return Map.of("bool", Map.of("must", List.of(must), "filter", List.of(filter)));
    }

    /** Alias name to its indexes with what the alias says of each, as of now (read-only). */
    public Map<String, Map<String, AliasMetadata>> aliasTable() {
        return aliasTables.table(indexes.values());
    }

    /**
     * Applies alias actions atomically, as Elasticsearch's {@code POST /_aliases}: every action is
     * checked against the state the actions before it leave (alias names against the final set of
     * indexes) before anything changes; then each changed index's metadata is persisted and the
     * {@code remove_index} indexes are deleted.
     *
     * @throws IndexNotFoundException if an action names a missing index
     * @throws AliasesNotFoundException if a {@code remove} finds no alias it must
     * @throws InvalidAliasNameException on an invalid alias name or one of an index
     * @throws IllegalSearchArgumentException on a bad filter or a second write index
     */
    public synchronized void updateAliases(List<AliasAction> actions) {
        Map<String, SearchIndex> current = new TreeMap<>(indexes);
        Map<String, Map<String, AliasMetadata>> changed = new TreeMap<>();
        java.util.Set<String> removedIndexes = new java.util.TreeSet<>();
        IndicesOptions strict = new IndicesOptions(false, false, true, true, false, false, true);
        for (AliasAction action : actions) {
            if (action.type() == AliasAction.Type.REMOVE_INDEX) {
                removedIndexes.addAll(resolve(action.indices(), strict.withIgnoreAliases(true))
                        .stream().map(SearchIndex::name).toList());
                continue;
            }
            List<SearchIndex> targets = resolve(action.indices(), strict);
            if (action.type() == AliasAction.Type.ADD) {
                for (String alias : action.aliases()) {
                    Aliases.validateName(alias);
                    for (SearchIndex target : targets) {
                        Aliases.validateFilter(alias, action.metadata(), target.mapping());
                        changed.computeIfAbsent(target.name(), n -> new TreeMap<>(target.metadata().aliases()))
                                .put(alias, action.metadata());
                    }
                }
            } else {
                List<String> missing = new ArrayList<>();
                for (String alias : action.aliases()) {
                    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(
                            ("\\Q" + alias + "\\E").replace("*", "\\E.*\\Q"));
                    boolean removed = false;
                    for (SearchIndex target : targets) {
                        Map<String, AliasMetadata> aliases = changed.computeIfAbsent(target.name(),
                                n -> new TreeMap<>(target.metadata().aliases()));
                        removed |= aliases.keySet().removeIf(name -> pattern.matcher(name).matches());
                    }
                    if (!removed) {
                        missing.add(alias);
                    }
                }
                boolean mustAll = Boolean.TRUE.equals(action.mustExist());
                boolean mustAny = action.mustExist() == null;
                if ((mustAll && !missing.isEmpty()) || (mustAny && missing.size() == action.aliases().size())) {
                    throw new AliasesNotFoundException(missing);
                }
            }
        }
        // the final state: aliases must not share a name with an index, nor have two write indexes
        Map<String, Map<String, AliasMetadata>> table = new TreeMap<>();
        current.forEach((name, index) -> {
            if (!removedIndexes.contains(name)) {
                changed.getOrDefault(name, index.metadata().aliases()).forEach((alias, metadata) ->
                        table.computeIfAbsent(alias, a -> new TreeMap<>()).put(name, metadata));
            }
        });
        table.forEach((alias, members) -> {
            if (current.containsKey(alias) && !removedIndexes.contains(alias)) {
                throw new InvalidAliasNameException(alias,
                        ": an index or data stream exists with the same name as the alias");
            }
            Aliases.checkWriteIndexes(alias, members);
        });
        changed.forEach((name, aliases) -> {
            SearchIndex index = current.get(name);
            if (!removedIndexes.contains(name) && !aliases.equals(index.metadata().aliases())) {
                index.updateMetadata(latest -> latest.withAliases(aliases));
            }
        });
        removedIndexes.forEach(this::deleteIndex);
    }

    /**
     * Closes indexes, as Elasticsearch's {@code POST /{index}/_close}: each keeps its files and
     * metadata (state {@code close}, persisted) and releases its shards after a Lucene commit (so
     * nothing is left to replay); reads and writes answer {@code index_closed_exception} until it is
     * opened again.
     *
     * @return the names of the indexes the expressions named (closed now or before)
     */
    public synchronized List<String> closeIndexes(List<String> expressions, IndicesOptions options) {
        List<SearchIndex> targets = resolve(expressions, options.withForbidClosed(false));
        for (SearchIndex index : targets) {
            if (index.metadata().closed()) {
                continue;
            }
            cancelRefresh(index.name());
            List<Shard> shards = index.shards();
            index.updateMetadata(metadata -> metadata.withClosed(true));
            index.openShards(List.of());
            for (Shard shard : shards) {
                try {
                    shard.close();
                } catch (RuntimeException e) {
                    log.warn("Search: closing shard {} of index [{}] failed", shard.number(), index.name(), e);
                }
            }
            log.info("Search: index [{}] closed", index.name());
        }
        return targets.stream().map(SearchIndex::name).toList();
    }

    /**
     * Opens closed indexes again, with all their documents (their shards reopened, replaying what a
     * translog holds beyond the last commit).
     *
     * @return the names of the indexes the expressions named
     */
    public synchronized List<String> openIndexes(List<String> expressions, IndicesOptions options) {
        List<SearchIndex> targets = resolve(expressions, options.withForbidClosed(false));
        for (SearchIndex index : targets) {
            if (!index.metadata().closed()) {
                continue;
            }
            openShards(index, index.metadata());
            index.updateMetadata(metadata -> metadata.withClosed(false));
            scheduleRefresh(index);
            log.info("Search: index [{}] opened", index.name());
        }
        return targets.stream().map(SearchIndex::name).toList();
    }

    /**
     * Elasticsearch's update-settings ({@code PUT /{index}/_settings}): the changes (see
     * {@link IndexSettings#update}) applied to every index the expressions name, open or closed,
     * and persisted with its metadata; every index is checked before any changes. A changed
     * {@code refresh_interval} takes effect at once; a closed index's changed analysis is checked
     * against its mapping and its analyzers are rebuilt (used once it is open again).
     *
     * @return the names of the indexes updated
     * @throws IllegalSearchArgumentException on an unknown, invalid or fixed setting
     */
    public List<String> updateSettings(List<String> expressions, IndicesOptions options, Map<String, ?> changes) {
        return updateSettings(expressions, options, changes, false);
    }

    /**
     * The same, with Elasticsearch's {@code preserve_existing}: settings an index already has stay
     * as they are (see {@link IndexSettings#update}).
     */
    public synchronized List<String> updateSettings(List<String> expressions, IndicesOptions options,
                                                    Map<String, ?> changes, boolean preserveExisting) {
        Map<SearchIndex, IndexSettings> updated = new LinkedHashMap<>();
        Set<SearchIndex> newAnalysis = new java.util.HashSet<>();
        boolean onlyBlocks = IndexSettings.onlyBlocks(changes);
        for (SearchIndex index : resolve(expressions, options.withForbidClosed(false))) {
            if (!onlyBlocks) {
                // a read-only index's blocks can be lifted, nothing else changed
                IndexBlock.check(index.name(), index.settings().blocks(), IndexBlock.Level.METADATA_WRITE);
            }
            IndexSettings settings = index.settings().update(changes, index.name() + "/" + index.metadata().uuid(),
                    index.metadata().closed(), preserveExisting);
            if (!settings.analysis().equals(index.settings().analysis())) {
                SearchIndex.validateAnalysis(settings, index.mapping());
                newAnalysis.add(index);
            }
            updated.put(index, settings);
        }
        updated.forEach((index, settings) -> {
            index.updateMetadata(metadata -> metadata.withSettings(settings));
            if (newAnalysis.contains(index)) {
                index.reloadAnalyzers();
            }
            if (!index.metadata().closed()) {
                cancelRefresh(index.name());
                scheduleRefresh(index);
            }
        });
        return updated.keySet().stream().map(SearchIndex::name).toList();
    }

    /** The indexes, by name. */
    public Collection<SearchIndex> indexes() {
        return List.copyOf(indexes.values());
    }

    /**
     * Deletes an index with its files. The metadata goes first, so that a crash in the middle leaves
     * a directory start-up ignores, never an index with some of its shards' files gone.
     *
     * @throws IndexNotFoundException if there is no such index
     */
    public synchronized void deleteIndex(String name) {
        SearchIndex index = indexOrClosed(name);
        indexes.remove(name);
        deleteMetadata(name);
        cancelRefresh(name);
        index.shards().forEach(Shard::closeWithoutCommit);
        for (int number = 0; number < index.numberOfShards(); number++) {
            appendLogs.delete(translogName(name, number));
        }
        deleteRecursively(dataDirectory.resolve(ROOT + "/" + directoryOf(name)));
        observers.forEach(o -> o.indexDeleted(name));
    }

    /** A Lucene commit on every shard of every index (trimming the translogs). */
    public void commitAll() {
        for (SearchIndex index : indexes()) {
            try {
                index.commit();
            } catch (RuntimeException e) {
                log.warn("Search: commit of index [{}] failed", index.name(), e);
            }
        }
    }

    /** Commits and closes every shard. */
    @Override
    public synchronized void close() {
        refresher.shutdownNow();
        for (SearchIndex index : indexes.values()) {
            index.shards().forEach(Shard::close);
        }
        indexes.clear();
    }

    /** Closes every shard without a commit, as a crash would (for tests of recovery). */
    public synchronized void closeWithoutCommit() {
        refresher.shutdownNow();
        for (SearchIndex index : indexes.values()) {
            index.shards().forEach(Shard::closeWithoutCommit);
        }
        indexes.clear();
    }

    private SearchIndex open(IndexMetadata metadata, SnapshotStore store) {
        SearchIndex index = new SearchIndex(metadata, store, dispatch, clock);
        openShards(index, metadata);
        register(index);
        scheduleRefresh(index);
        return index;
    }

    private void register(SearchIndex index) {
        indexes.put(index.name(), index);
        observers.forEach(o -> o.indexCreated(index));
    }

    /** Opens the index's shards, replaying their translogs. */
    private void openShards(SearchIndex index, IndexMetadata metadata) {
        List<Shard> shards = new ArrayList<>();
        try {
            for (int number = 0; number < metadata.settings().numberOfShards(); number++) {
                Path lucene = dataDirectory.resolve(ROOT + "/" + directoryOf(metadata.name()) + "/" + number + "/index");
                AppendLogOptions options = AppendLogOptions.defaults()
                        .withDurability(settings.translogDurability())
                        .withSegmentBytes(settings.translogSegmentBytes());
                shards.add(new Shard(metadata.name(), metadata.uuid(), number, lucene, settings.indexBufferBytes(),
                        appendLogs.open(translogName(metadata.name(), number), options), index::replayFields,
                        index.indexAnalyzer()));
            }
        } catch (RuntimeException e) {
            shards.forEach(Shard::closeWithoutCommit);
            throw e;
        }
        index.openShards(shards);
    }

    /**
     * Elasticsearch's indexing memory controller: the shards' index writers share one indexing
     * buffer ({@link Settings#indexBufferBytes()}). Each may fill the whole buffer before writing a
     * segment on its own, so a shard written alone builds large segments (fewer merges later);
     * while together they hold more than the buffer, the largest write theirs out. Runs every
     * {@link Settings#indexBufferInterval()}.
     */
    void controlIndexingBuffer() {
        record Usage(Shard shard, long bytes) {
        }
        List<Usage> usages = new ArrayList<>();
        long total = 0;
        for (SearchIndex index : indexes.values()) {
            for (Shard shard : index.shards()) {
                long bytes = shard.indexingBufferBytes();
                usages.add(new Usage(shard, bytes));
                total += bytes;
            }
        }
        if (total <= settings.indexBufferBytes()) {
            return;
        }
        usages.sort(Comparator.comparingLong(Usage::bytes).reversed());
        for (Usage usage : usages) {
            if (total <= settings.indexBufferBytes()) {
                break;
            }
            try {
                usage.shard().writeIndexingBuffer();
            } catch (AlreadyClosedException e) {
                continue; // its index was closed or deleted meanwhile
            }
            total -= usage.bytes();
        }
    }

    private void scheduleRefresh(SearchIndex index) {
        IndexSettings indexSettings = index.settings();
        if (indexSettings.refreshDisabled() || indexSettings.refreshInterval().isZero()) {
            return;
        }
        long millis = Math.max(1, indexSettings.refreshInterval().toMillis());
        refreshTasks.put(index.name(), refresher.scheduleWithFixedDelay(() -> {
            try {
                index.scheduledRefresh();
            } catch (RuntimeException e) {
                log.warn("Search: refresh of index [{}] failed", index.name(), e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    private void cancelRefresh(String name) {
        ScheduledFuture<?> task = refreshTasks.remove(name);
        if (task != null) {
            task.cancel(false);
        }
    }

    private SnapshotStore metadataStore(String name) {
        return snapshotStores.open(ROOT + "/" + directoryOf(name), METADATA, 2);
    }

    private static String translogName(String index, int shard) {
        return ROOT + "/" + directoryOf(index) + "/" + shard + "/translog";
    }

    /**
     * The directory of an index under {@code <data-dir>/search/}: its name if that is plain ASCII
     * ({@code [a-z0-9._-]}), else {@code U} and the name's UTF-8 bytes in upper-case hex — upper
     * case, which no index name holds, so the two forms never collide. Start-up reads the name
     * from the metadata, not from the directory.
     */
    static String directoryOf(String index) {
        if (ASCII_NAME.matcher(index).matches()) {
            return index;
        }
        return "U" + java.util.HexFormat.of().withUpperCase().formatHex(index.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Elasticsearch's rules, within the characters a data directory name may hold. */
    static void validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidIndexNameException(String.valueOf(name), "must not be empty");
        }
        if (!name.equals(name.toLowerCase(java.util.Locale.ROOT))) {
            throw new InvalidIndexNameException(name, "must be lowercase");
        }
        if (name.startsWith("_") || name.startsWith("-") || name.startsWith("+")) {
            throw new InvalidIndexNameException(name, "must not start with '_', '-', or '+'");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidIndexNameException(name, "must not be '.' or '..'");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            throw new InvalidIndexNameException(name, "index name is too long, (" + name.length() + " > 255)");
        }
        for (char c : name.toCharArray()) {
            if ("\\/*?\"<>| ,#:".indexOf(c) >= 0 || Character.isISOControl(c)) {
                throw new InvalidIndexNameException(name,
                        "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?, #, :]");
            }
        }
    }

    /** Elasticsearch's index uuids: 22 URL-safe base64 characters. */
    private static String newUuid() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The metadata snapshots: the regular files directly in the index's directory (the shards are directories). */
    private void deleteMetadata(String name) {
        Path directory = dataDirectory.resolve(ROOT + "/" + directoryOf(name));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the metadata of index " + name, e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + path, e);
        }
    }
}
