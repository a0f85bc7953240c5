package dev.infraplatform.search.engine;

import dev.infraplatform.search.translog.Translog;
import dev.infraplatform.search.translog.TranslogOperation;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.StorageException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shard of an index: a Lucene index (in {@code <data-dir>/search/<index>/<shard>/index}) and a
 * translog (the append log {@code search/<index>/<shard>/translog}).
 *
 * <p>Writes of one document are ordered by a lock per id (striped, as Elasticsearch's per-uid
 * locks): under it a write checks its preconditions against the document's current version, takes
 * the next sequence number, goes to Lucene and is numbered in the translog. Writes of different
 * documents run concurrently, into Lucene's per-thread segment writers. The translog write and its
 * fsync are awaited after the lock is released, so concurrent writers share one fsync. Documents
 * with generated ids skip the version lookup and are added, not updated (they cannot exist yet).
 *
 * <p>Two Lucene readers are kept, as Elasticsearch does: the <em>external</em> one is what search
 * sees and moves only on refresh; the <em>internal</em> one serves version lookups and realtime
 * gets, together with the {@link LiveVersionMap} of writes since it opened, and moves when that
 * map outgrows {@link #LIVE_VERSIONS_BYTES}.
 *
 * <p>Recovery: the last Lucene commit's user data holds the translog position of the first
 * operation it may not contain; opening a shard replays the translog from there (replay is in order
 * for each document and idempotent), so every acknowledged write survives a crash. A write goes to
 * Lucene before the translog numbers it, so every operation before a commit's position is in it.
 */
final class Shard implements AutoCloseable {

    static final String TRANSLOG_POSITION = "translog_position";
    static final String MAX_SEQ_NO = "max_seq_no";
    static final String ID = "_id";
    static final String SOURCE = "_source";
    static final String SEQ_NO = "_seq_no";
    static final String VERSION = "_version";
    static final String ROUTING = "_routing";
    static final long PRIMARY_TERM = 1;
    private static final long LIVE_VERSIONS_BYTES = 16L << 20;
    private static final int ID_LOCK_STRIPES = 256;

    /** Builds a document's mapped fields from its source (the index's mapping at that moment). */
    @FunctionalInterface
    interface FieldsBuilder {
        List<IndexableField> fields(String id, byte[] source);
    }

    private final String index;
    private final String indexUuid;
    private final int number;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager internal;
    private final SearcherManager external;
    private final Translog translog;
    private final ReentrantLock[] idLocks = new ReentrantLock[ID_LOCK_STRIPES];
    private final ReentrantLock commitLock = new ReentrantLock();
    private final LiveVersionMap live = new LiveVersionMap(LIVE_VERSIONS_BYTES);
    private final AtomicLong nextSeqNo = new AtomicLong();
    private volatile String writeFailure;

    /**
     * @param indexBufferBytes how much memory the index writer may hold before it writes a segment
     *     on its own: the whole shared buffer, as in Elasticsearch ({@link SearchEngine#controlIndexingBuffer()}
     *     keeps the shards together under it)
     */
    Shard(String index, String indexUuid, int number, Path luceneDirectory, long indexBufferBytes, AppendLog translogLog,
          FieldsBuilder fieldsBuilder, Analyzer analyzer) {
        this.index = index;
        this.indexUuid = indexUuid;
        this.number = number;
        this.translog = new Translog(translogLog);
        try {
            this.directory = FSDirectory.open(luceneDirectory);
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(false)
                    .setRAMBufferSizeMB(indexBufferBytes / (1024.0 * 1024.0));
            this.writer = new IndexWriter(directory, config);
            Map<String, String> commitData = new HashMap<>();
            Iterable<Map.Entry<String, String>> committed = writer.getLiveCommitData();
            if (committed != null) {
                committed.forEach(e -> commitData.put(e.getKey(), e.getValue()));
            }
            long position = Long.parseLong(commitData.getOrDefault(TRANSLOG_POSITION, "0"));
            long maxSeqNo = Long.parseLong(commitData.getOrDefault(MAX_SEQ_NO, "-1"));
            long[] replayedMax = {maxSeqNo};
            translog.replay(position, op -> {
                apply(op, fieldsBuilder);
                replayedMax[0] = Math.max(replayedMax[0], op.seqNo());
            });
            this.nextSeqNo.set(replayedMax[0] + 1);
            for (int i = 0; i < idLocks.length; i++) {
                idLocks[i] = new ReentrantLock();
            }
            this.internal = new SearcherManager(writer, null);
            this.internal.addListener(live);
            this.external = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("opening shard " + number + " of index " + index, e);
        }
    }

    int number() {
        return number;
    }

    /**
     * The part of an index under the document's lock: checked, numbered, in Lucene and numbered in
     * the translog. The write is acknowledged only after {@link PendingWrite#await()}.
     */
    PendingWrite indexDeferred(String id, String routing, byte[] source, List<IndexableField> fields,
                               WriteCondition condition) {
        return write(id, routing, source, fields, condition);
    }

    /**
     * Adds a document whose id the engine generated: no version lookup (it cannot exist yet) and a
     * Lucene add instead of an update; otherwise as {@link #indexDeferred}.
     */
    PendingWrite addDeferred(String id, String routing, byte[] source, List<IndexableField> fields) {
        ensureWritable();
        long seqNo = nextSeqNo.getAndIncrement();
        TranslogOperation operation = TranslogOperation.index(seqNo, 1, id, routing, source);
        try {
            writer.addDocument(luceneDocument(operation, fields));
        } catch (AlreadyClosedException e) {
            throw closed();
        } catch (IllegalArgumentException e) {
            throw new IllegalSearchArgumentException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        live.markUnsafe();
        AppendLog.DeferredAppend pending = logged(operation);
        return new PendingWrite(this, pending, new WriteResult(index, id, number, routing, 1, seqNo, PRIMARY_TERM,
                WriteResult.Result.CREATED, false));
    }

    /** Deletes a document; a missing one still takes a sequence number and answers {@code not_found}, as in Elasticsearch. */
    WriteResult delete(String id, String routing, WriteCondition condition, RefreshPolicy refresh) {
        return finish(deleteDeferred(id, routing, condition), refresh);
    }

    /** The part of a delete under the document's lock; see {@link #indexDeferred}. */
    PendingWrite deleteDeferred(String id, String routing, WriteCondition condition) {
        return write(id, routing, null, List.of(), condition);
    }

    /** An index ({@code source} given) or a delete ({@code source == null}) under the document's lock. */
    private PendingWrite write(String id, String routing, byte[] source, List<IndexableField> fields,
                               WriteCondition condition) {
        boolean delete = source == null;
        AppendLog.DeferredAppend pending;
        WriteResult result;
        ReentrantLock lock = idLocks[Math.floorMod(id.hashCode(), idLocks.length)];
        lock.lock();
        try {
            ensureWritable();
            LiveVersionMap.VersionValue current = current(id);
            boolean exists = current != null && !current.deleted();
            if (!delete && condition.create() && exists) {
                throw conflict(id, "document already exists (current version [" + current.version() + "])");
            }
            checkSeqNo(id, current, condition);
            checkExternalVersion(id, current, condition);
            long seqNo = nextSeqNo.getAndIncrement();
            long version = condition.externalVersion() != null ? condition.externalVersion()
                    : current == null ? 1 : current.version() + 1;
            TranslogOperation operation = delete ? TranslogOperation.delete(seqNo, version, id, routing)
                    : TranslogOperation.index(seqNo, version, id, routing, source);
            writeToLucene(operation, fields);
            pending = logged(operation);
            live.put(id, new LiveVersionMap.VersionValue(version, seqNo, routing, source));
            WriteResult.Result outcome = delete
                    ? (exists ? WriteResult.Result.DELETED : WriteResult.Result.NOT_FOUND)
                    : (exists ? WriteResult.Result.UPDATED : WriteResult.Result.CREATED);
            result = new WriteResult(index, id, number, routing, version, seqNo, PRIMARY_TERM, outcome, false);
        } finally {
            lock.unlock();
        }
        return new PendingWrite(this, pending, result);
    }

    /** Awaits a write's durability, then refreshes as asked. */
    WriteResult finish(PendingWrite pending, RefreshPolicy refresh) {
        WriteResult result = pending.await();
        if (refresh != RefreshPolicy.NONE) {
            refresh();
            return refresh == RefreshPolicy.IMMEDIATE ? result.withForcedRefresh() : result;
        }
        return result;
    }

    /** Waits until a translog append is durable; a failure is kept for health and rethrown. */
    void awaitDurable(AppendLog.DeferredAppend append) {
        try {
            append.await();
        } catch (RuntimeException e) {
            if (e instanceof StorageException && !writer.isOpen()) {
                throw closed(); // closed while the write was on its way: not acknowledged
            }
            writeFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        }
        maybeRefreshInternal();
    }

    private void checkSeqNo(String id, LiveVersionMap.VersionValue current, WriteCondition condition) {
        if (condition.ifSeqNo() == null) {
            return;
        }
        String required = "required seqNo [" + condition.ifSeqNo() + "], primary term [" + condition.ifPrimaryTerm() + "]";
        if (current == null || current.deleted()) {
            throw conflict(id, required + " but no document was found");
        }
        if (current.seqNo() != condition.ifSeqNo() || PRIMARY_TERM != condition.ifPrimaryTerm()) {
            throw conflict(id, required + ". current document has seqNo [" + current.seqNo() + "] and primary term ["
                    + PRIMARY_TERM + "]");
        }
    }

    /** External versioning: the given version must be above (external_gte: at least) the current one, deleted or not. */
    private void checkExternalVersion(String id, LiveVersionMap.VersionValue current, WriteCondition condition) {
        if (condition.externalVersion() == null || current == null) {
            return;
        }
        long given = condition.externalVersion();
        if (condition.gte() ? given < current.version() : given <= current.version()) {
            throw conflict(id, "current version [" + current.version() + "] is higher"
                    + (condition.gte() ? "" : " or equal to") + " than the one provided [" + given + "]");
        }
    }

    private VersionConflictException conflict(String id, String reason) {
        return new VersionConflictException(index, indexUuid, number, id, reason);
    }

    /** Applies an operation to Lucene (also used by recovery, where the document may be there already). */
    private void writeToLucene(TranslogOperation operation, List<IndexableField> fields) {
        Term idTerm = new Term(ID, operation.id());
        try {
            if (operation.kind() == TranslogOperation.Kind.DELETE) {
                writer.deleteDocuments(idTerm);
            } else {
                writer.updateDocument(idTerm, luceneDocument(operation, fields));
            }
        } catch (AlreadyClosedException e) {
            throw closed();
        } catch (IllegalArgumentException e) {
            throw new IllegalSearchArgumentException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document luceneDocument(TranslogOperation operation, List<IndexableField> fields) {
        Document document = new Document();
        document.add(new StringField(ID, operation.id(), Field.Store.YES));
        document.add(new StoredField(SOURCE, operation.source()));
        document.add(new NumericDocValuesField(SEQ_NO, operation.seqNo()));
        document.add(new NumericDocValuesField(VERSION, operation.version()));
        if (operation.routing() != null) {
            document.add(new StringField(ROUTING, operation.routing(), Field.Store.YES));
        }
        fields.forEach(document::add);
        return document;
    }

    private void apply(TranslogOperation operation, FieldsBuilder fieldsBuilder) {
        List<IndexableField> fields = operation.kind() == TranslogOperation.Kind.INDEX
                ? fieldsBuilder.fields(operation.id(), operation.source()) : List.of();
        writeToLucene(operation, fields);
    }

    /**
     * The latest write of the document: from {@link #live}, else from the internal reader
     * (refreshed first if writes of generated ids went unrecorded since it opened); {@code null} if none.
     */
    private LiveVersionMap.VersionValue current(String id) {
        LiveVersionMap.VersionValue value = live.get(id);
        if (value != null) {
            return value;
        }
        try {
            if (live.unsafe()) {
                internal.maybeRefreshBlocking();
            }
            IndexSearcher searcher = internal.acquire();
            try {
                return lookup(searcher, id);
            } finally {
                internal.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The document's id looked up in each segment's terms, newest segment first, as Elasticsearch's
     * per-segment version lookup: a seek per segment, no query, no scoring.
     */
    private static LiveVersionMap.VersionValue lookup(IndexSearcher searcher, String id) throws IOException {
        BytesRef term = new BytesRef(id);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (int i = leaves.size() - 1; i >= 0; i--) {
            LeafReaderContext leaf = leaves.get(i);
            Terms terms = leaf.reader().terms(ID);
            if (terms == null) {
                continue;
            }
            TermsEnum termsEnum = terms.iterator();
            if (!termsEnum.seekExact(term)) {
                continue;
            }
            Bits liveDocs = leaf.reader().getLiveDocs();
            PostingsEnum postings = termsEnum.postings(null, PostingsEnum.NONE);
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                if (liveDocs == null || liveDocs.get(doc)) {
                    Document document = leaf.reader().storedFields().document(doc);
                    return new LiveVersionMap.VersionValue(numeric(leaf, VERSION, doc), numeric(leaf, SEQ_NO, doc),
                            document.get(ROUTING), document.getBinaryValue(SOURCE).bytes.clone());
                }
            }
        }
        return null;
    }

    private static long numeric(LeafReaderContext leaf, String field, int doc) throws IOException {
        NumericDocValues values = leaf.reader().getNumericDocValues(field);
        return values != null && values.advanceExact(doc) ? values.longValue() : -1;
    }

    /** The latest version of a document, whether refreshed or not (Elasticsearch's realtime get). */
    GetResult get(String id) {
        LiveVersionMap.VersionValue value = current(id);
        if (value == null || value.deleted()) {
            return GetResult.missing(index, id);
        }
        return new GetResult(index, id, true, value.version(), value.seqNo(), PRIMARY_TERM, value.routing(),
                value.source());
    }

    /** Moves the internal reader once the live version map outgrew its bound (one refresher at a time; others go on). */
    private void maybeRefreshInternal() {
        if (!live.full()) {
            return;
        }
        try {
            internal.maybeRefresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes the index writer holds in memory: documents not yet written to a segment. */
    long indexingBufferBytes() {
        return writer.ramBytesUsed();
    }

    /** Writes the indexing buffer out as a segment (visible to search at the next refresh, durable at the next commit). */
    void writeIndexingBuffer() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes every write so far visible to search. */
    void refresh() {
        try {
            external.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reader search sees; release it with {@link #releaseSearcher}. */
    IndexSearcher acquireSearcher() {
        try {
            return external.acquire();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void releaseSearcher(IndexSearcher searcher) {
        try {
            external.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Documents visible to search. */
    int visibleDocuments() {
        IndexSearcher searcher = acquireSearcher();
        try {
            return searcher.getIndexReader().numDocs();
        } finally {
            releaseSearcher(searcher);
        }
    }

    /**
     * A Lucene commit of every write so far, recording the translog position after them; then the
     * translog segments before that position are dropped (Elasticsearch's flush).
     */
    /**
     * Elasticsearch's force merge on this shard: down to {@code maxSegments} segments
     * ({@code 0}: the merges the merge policy finds due), or only the segments with deletions
     * ({@code onlyExpungeDeletes}). Returns when the merges are done.
     */
    void forceMerge(int maxSegments, boolean onlyExpungeDeletes) {
        try {
            if (onlyExpungeDeletes) {
                writer.forceMergeDeletes(true);
            } else if (maxSegments <= 0) {
                writer.maybeMerge();
            } else {
                writer.forceMerge(maxSegments, true);
            }
        } catch (AlreadyClosedException e) {
            throw closed();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void commit() {
        commitLock.lock();
        try {
            // every operation numbered in the translog before this position is in Lucene already
            long position = translog.nextPosition();
            writer.setLiveCommitData(Map.of(TRANSLOG_POSITION, Long.toString(position),
                    MAX_SEQ_NO, Long.toString(nextSeqNo.get() - 1)).entrySet());
            writer.commit();
            translog.trimBefore(position);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            commitLock.unlock();
        }
    }

    /** Operations in the translog not yet known to be in a Lucene commit (a bound on replay work). */
    long uncommittedOperations() {
        return translog.operations();
    }

    /** Bytes of the Lucene files and the translog (a file listed but gone mid-merge counts 0). */
    long sizeBytes() {
        long bytes = translog.sizeBytes();
        try {
            for (String file : directory.listAll()) {
                try {
                    bytes += directory.fileLength(file);
                } catch (IOException gone) {
                    // merged away since listAll
                }
            }
        } catch (IOException | AlreadyClosedException e) {
            return bytes;
        }
        return bytes;
    }

    String writeFailure() {
        return writeFailure;
    }

    private void ensureWritable() {
        if (!writer.isOpen()) {
            throw closed();
        }
    }

    /** The operation appended to the translog; a log closed with the shard meanwhile refuses it as closed. */
    private AppendLog.DeferredAppend logged(TranslogOperation operation) {
        try {
            return translog.add(operation);
        } catch (StorageException e) {
            if (!writer.isOpen()) {
                throw closed();
            }
            throw e;
        }
    }

    /** A write that found the shard closed (its index closed or deleted meanwhile), as Elasticsearch answers it. */
    private IndexClosedException closed() {
        return new IndexClosedException(index, indexUuid);
    }

    /** Commits and closes: a clean shutdown leaves nothing to replay. */
    @Override
    public void close() {
        try {
            if (writer.isOpen()) {
                commit();
            }
        } finally {
            closeWithoutCommit();
        }
    }

    /** Closes without a commit, as a crash would leave the shard (the translog holds what Lucene may not). */
    void closeWithoutCommit() {
        try {
            internal.close();
            external.close();
            if (writer.isOpen()) {
                writer.rollback();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            translog.close();
        }
    }
}
