package dev.infraplatform.search.engine;

import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.SnapshotStore;
import dev.infraplatform.storage.SnapshotStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
    /** The characters the data directory accepts, within what Elasticsearch allows in an index name. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    /**
     * @param translogDurability when translog writes are forced to disk ({@code ALWAYS}: before the
     *     write is acknowledged, Elasticsearch's {@code index.translog.durability: request})
     * @param translogSegmentBytes translog segment size; the translog is trimmed by whole segments
     */
    public record Settings(Durability translogDurability, int translogSegmentBytes) {
        public static Settings defaults() {
            return new Settings(Durability.ALWAYS, 64 * 1024 * 1024);
        }
    }

    private final DataDirectory dataDirectory;
    private final AppendLogs appendLogs;
    private final SnapshotStores snapshotStores;
    private final Settings settings;
    private final LongSupplier clock;
    private final Map<String, SearchIndex> indexes = new ConcurrentSkipListMap<>();
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
        Path root = dataDirectory.resolve(ROOT);
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> children = Files.list(root)) {
            // names starting with '_' are no index names: they hold node-level state (_ingest)
            for (Path child : children.filter(Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("_")).sorted().toList()) {
                String name = child.getFileName().toString();
                SnapshotStore store = metadataStore(name);
                Optional<IndexMetadata> metadata = store.readLatest((snapshot, payload) ->
                        IndexMetadata.fromMap(SearchIndex.parseSource(payload.readAllBytes())));
                if (metadata.isEmpty()) {
                    log.warn("Search: {} holds no index metadata; left alone", child);
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
    public synchronized SearchIndex createIndex(String name, IndexSettings indexSettings, Mapping mapping) {
        validateName(name);
        SearchIndex existing = indexes.get(name);
        if (existing != null) {
            throw new ResourceAlreadyExistsException(name, existing.metadata().uuid());
        }
        SearchIndex.validateAnalysis(indexSettings, mapping);
        IndexMetadata metadata = new IndexMetadata(name, newUuid(), clock.getAsLong(), indexSettings, mapping);
        // leftovers of an index whose deletion a crash interrupted must not come back to life
        deleteRecursively(dataDirectory.resolve(ROOT + "/" + name));
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
            return index;
        }
        synchronized (this) {
            index = indexes.get(name);
            return index != null ? index : createIndex(name, IndexSettings.defaults(), Mapping.empty());
        }
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

    /** @throws IndexNotFoundException if there is no such index */
    public SearchIndex index(String name) {
        SearchIndex index = indexes.get(name);
        if (index == null) {
            throw new IndexNotFoundException(name);
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
    public SearchHits search(List<String> indexExpressions, IndicesOptions options, SearchRequest request) {
        ShardSearch.checkWindow(request.from(), request.size());
        int trackTotalHitsUpTo = SearchHits.trackTotalHitsUpTo(request.trackTotalHits());
        List<SearchIndex> targets = resolve(indexExpressions, options);
        long started = System.nanoTime();
        List<ShardSearch.Target> shards = new ArrayList<>();
        targets.forEach(index -> shards.addAll(index.searchTargets(request, true)));
        SearchHits hits = ShardSearch.run(shards, request.from(), request.size(), trackTotalHitsUpTo);
        long nanos = System.nanoTime() - started;
        targets.forEach(index -> index.searched(nanos));
        return hits;
    }

    /** How many documents match the query over the indexes the expressions name. */
    public long count(List<String> indexExpressions, IndicesOptions options, Map<String, Object> query) {
        List<SearchIndex> targets = resolve(indexExpressions, options);
        long started = System.nanoTime();
        List<ShardSearch.Target> shards = new ArrayList<>();
        targets.forEach(index -> shards.addAll(index.searchTargets(SearchRequest.of(query, 0, 0), false)));
        long count = ShardSearch.count(shards);
        long nanos = System.nanoTime() - started;
        targets.forEach(index -> index.searched(nanos));
        return count;
    }

    /** The indexes the expressions name; see {@link IndicesOptions}. */
    public List<SearchIndex> resolve(List<String> indexExpressions, IndicesOptions options) {
        Map<String, SearchIndex> current = Map.copyOf(indexes);
        return options.resolve(indexExpressions, current.keySet()).stream().map(current::get).toList();
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
        SearchIndex index = index(name);
        indexes.remove(name);
        deleteMetadata(name);
        cancelRefresh(name);
        for (Shard shard : index.shards()) {
            shard.closeWithoutCommit();
            appendLogs.delete(translogName(name, shard.number()));
        }
        deleteRecursively(dataDirectory.resolve(ROOT + "/" + name));
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
        SearchIndex index = new SearchIndex(metadata, store, dispatch);
        List<Shard> shards = new ArrayList<>();
        try {
            for (int number = 0; number < metadata.settings().numberOfShards(); number++) {
                Path lucene = dataDirectory.resolve(ROOT + "/" + metadata.name() + "/" + number + "/index");
                AppendLogOptions options = AppendLogOptions.defaults()
                        .withDurability(settings.translogDurability())
                        .withSegmentBytes(settings.translogSegmentBytes());
                shards.add(new Shard(metadata.name(), metadata.uuid(), number, lucene,
                        appendLogs.open(translogName(metadata.name(), number), options), index::replayFields,
                        index.indexAnalyzer()));
            }
        } catch (RuntimeException e) {
            shards.forEach(Shard::closeWithoutCommit);
            throw e;
        }
        index.openShards(shards);
        indexes.put(metadata.name(), index);
        scheduleRefresh(index);
        observers.forEach(o -> o.indexCreated(index));
        return index;
    }

    private void scheduleRefresh(SearchIndex index) {
        IndexSettings indexSettings = index.settings();
        if (indexSettings.refreshDisabled() || indexSettings.refreshInterval().isZero()) {
            return;
        }
        long millis = Math.max(1, indexSettings.refreshInterval().toMillis());
        refreshTasks.put(index.name(), refresher.scheduleWithFixedDelay(() -> {
            try {
                index.refresh();
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
        return snapshotStores.open(ROOT + "/" + name, METADATA, 2);
    }

    private static String translogName(String index, int shard) {
        return ROOT + "/" + index + "/" + shard + "/translog";
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
        if (!NAME.matcher(name).matches()) {
            throw new InvalidIndexNameException(name, "must contain only lowercase letters, digits, '.', '_' and '-'");
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
        Path directory = dataDirectory.resolve(ROOT + "/" + name);
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
