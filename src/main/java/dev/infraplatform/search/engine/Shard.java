package dev.infraplatform.search.engine;

import dev.infraplatform.search.translog.Translog;
import dev.infraplatform.search.translog.TranslogOperation;
import dev.infraplatform.storage.AppendLog;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
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
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One shard of an index: a Lucene index (in {@code <data-dir>/search/<index>/<shard>/index}) and a
 * translog (the append log {@code search/<index>/<shard>/translog}).
 *
 * <p>Writes are ordered by one lock per shard: under it a write checks its preconditions against the
 * document's current version, gets the next sequence number, goes to Lucene and is numbered in the
 * translog; the translog write and its fsync are awaited after the lock is released, so concurrent
 * writers share one fsync. Two Lucene readers are kept, as Elasticsearch does: the <em>external</em>
 * one is what search sees and moves only on refresh; the <em>internal</em> one serves version
 * lookups and realtime gets and moves when the map of versions written since it opened
 * ({@link #live}) grows past {@link #LIVE_VERSIONS_LIMIT}, after which that map is cleared.
 *
 * <p>Recovery: the last Lucene commit's user data holds the translog position of the first
 * operation it may not contain; opening a shard replays the translog from there (replay is in order
 * and idempotent), so every acknowledged write survives a crash.
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
    private static final int LIVE_VERSIONS_LIMIT = 10_000;

    /** Builds a document's mapped fields from its source (the index's mapping at that moment). */
    @FunctionalInterface
    interface FieldsBuilder {
        List<IndexableField> fields(String id, byte[] source);
    }

    /** The latest write of a document not yet visible to the internal reader; {@code source == null} for a delete. */
    private record VersionValue(long version, long seqNo, String routing, byte[] source) {
        boolean deleted() {
            return source == null;
        }
    }

    private final String index;
    private final String indexUuid;
    private final int number;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager internal;
    private final SearcherManager external;
    private final Translog translog;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ReentrantLock commitLock = new ReentrantLock();
    private final Map<String, VersionValue> live = new ConcurrentHashMap<>();
    private long nextSeqNo;
    private volatile String writeFailure;

    Shard(String index, String indexUuid, int number, Path luceneDirectory, AppendLog translogLog,
          FieldsBuilder fieldsBuilder) {
        this.index = index;
        this.indexUuid = indexUuid;
        this.number = number;
        this.translog = new Translog(translogLog);
        try {
            this.directory = FSDirectory.open(luceneDirectory);
            IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer())
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setCommitOnClose(false);
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
            this.nextSeqNo = replayedMax[0] + 1;
            this.internal = new SearcherManager(writer, null);
            this.external = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("opening shard " + number + " of index " + index, e);
        }
    }

    int number() {
        return number;
    }

    /** Indexes a document (create or replace), after checking {@code condition}; returns once it is durable. */
    WriteResult index(String id, String routing, byte[] source, List<IndexableField> fields, WriteCondition condition,
                      RefreshPolicy refresh) {
        return finish(indexDeferred(id, routing, source, fields, condition), refresh);
    }

    /**
     * The part of an index under the shard's lock: checked, numbered, in Lucene and numbered in the
     * translog. The write is acknowledged only after {@link PendingWrite#await()}.
     */
    PendingWrite indexDeferred(String id, String routing, byte[] source, List<IndexableField> fields,
                               WriteCondition condition) {
        return write(id, routing, source, fields, condition);
    }

    /** Deletes a document; a missing one still takes a sequence number and answers {@code not_found}, as in Elasticsearch. */
    WriteResult delete(String id, String routing, WriteCondition condition, RefreshPolicy refresh) {
        return finish(deleteDeferred(id, routing, condition), refresh);
    }

    /** The part of a delete under the shard's lock; see {@link #indexDeferred}. */
    PendingWrite deleteDeferred(String id, String routing, WriteCondition condition) {
        return write(id, routing, null, List.of(), condition);
    }

    /** An index ({@code source} given) or a delete ({@code source == null}) under the shard's lock. */
    private PendingWrite write(String id, String routing, byte[] source, List<IndexableField> fields,
                               WriteCondition condition) {
        boolean delete = source == null;
        AppendLog.DeferredAppend pending;
        WriteResult result;
        writeLock.lock();
        try {
            ensureWritable();
            VersionValue current = current(id);
            boolean exists = current != null && !current.deleted();
            if (!delete && condition.create() && exists) {
                throw conflict(id, "document already exists (current version [" + current.version() + "])");
            }
            checkSeqNo(id, current, condition);
            long seqNo = nextSeqNo;
            long version = current == null ? 1 : current.version() + 1;
            TranslogOperation operation = delete ? TranslogOperation.delete(seqNo, version, id, routing)
                    : TranslogOperation.index(seqNo, version, id, routing, source);
            writeToLucene(operation, fields);
            nextSeqNo++;
            pending = translog.add(operation);
            live.put(id, new VersionValue(version, seqNo, routing, source));
            WriteResult.Result outcome = delete
                    ? (exists ? WriteResult.Result.DELETED : WriteResult.Result.NOT_FOUND)
                    : (exists ? WriteResult.Result.UPDATED : WriteResult.Result.CREATED);
            result = new WriteResult(index, id, number, routing, version, seqNo, PRIMARY_TERM, outcome, false);
        } finally {
            writeLock.unlock();
        }
        return new PendingWrite(this, pending, result);
    }

    private WriteResult finish(PendingWrite pending, RefreshPolicy refresh) {
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
            writeFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        }
        maybeRefreshInternal();
    }

    private void checkSeqNo(String id, VersionValue current, WriteCondition condition) {
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

    private VersionConflictException conflict(String id, String reason) {
        return new VersionConflictException(index, indexUuid, number, id, reason);
    }

    /** Applies an operation to Lucene (also used by recovery). */
    private void writeToLucene(TranslogOperation operation, List<IndexableField> fields) {
        Term idTerm = new Term(ID, operation.id());
        try {
            if (operation.kind() == TranslogOperation.Kind.DELETE) {
                writer.deleteDocuments(idTerm);
                return;
            }
            Document document = new Document();
            document.add(new StringField(ID, operation.id(), Field.Store.YES));
            document.add(new StoredField(SOURCE, operation.source()));
            document.add(new NumericDocValuesField(SEQ_NO, operation.seqNo()));
            document.add(new NumericDocValuesField(VERSION, operation.version()));
            if (operation.routing() != null) {
                document.add(new StringField(ROUTING, operation.routing(), Field.Store.YES));
            }
            fields.forEach(document::add);
            writer.updateDocument(idTerm, document);
        } catch (IllegalArgumentException e) {
            throw new IllegalSearchArgumentException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(TranslogOperation operation, FieldsBuilder fieldsBuilder) {
        List<IndexableField> fields = operation.kind() == TranslogOperation.Kind.INDEX
                ? fieldsBuilder.fields(operation.id(), operation.source()) : List.of();
        writeToLucene(operation, fields);
    }

    /** The latest write of the document: from {@link #live}, else from the internal reader; {@code null} if none. */
    private VersionValue current(String id) {
        VersionValue value = live.get(id);
        if (value != null) {
            return value;
        }
        try {
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

    private static VersionValue lookup(IndexSearcher searcher, String id) throws IOException {
        TopDocs hits = searcher.search(new TermQuery(new Term(ID, id)), 1);
        if (hits.scoreDocs.length == 0) {
            return null;
        }
        ScoreDoc hit = hits.scoreDocs[0];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(hit.doc, leaves));
        int doc = hit.doc - leaf.docBase;
        long seqNo = numeric(leaf, SEQ_NO, doc);
        long version = numeric(leaf, VERSION, doc);
        StoredFields stored = leaf.reader().storedFields();
        Document document = stored.document(doc);
        return new VersionValue(version, seqNo, document.get(ROUTING), document.getBinaryValue(SOURCE).bytes.clone());
    }

    private static long numeric(LeafReaderContext leaf, String field, int doc) throws IOException {
        NumericDocValues values = leaf.reader().getNumericDocValues(field);
        return values != null && values.advanceExact(doc) ? values.longValue() : -1;
    }

    /** The latest version of a document, whether refreshed or not (Elasticsearch's realtime get). */
    GetResult get(String id) {
        VersionValue value = current(id);
        if (value == null || value.deleted()) {
            return GetResult.missing(index, id);
        }
        return new GetResult(index, id, true, value.version(), value.seqNo(), PRIMARY_TERM, value.routing(),
                value.source());
    }

    private void maybeRefreshInternal() {
        if (live.size() < LIVE_VERSIONS_LIMIT) {
            return;
        }
        writeLock.lock();
        try {
            if (live.size() >= LIVE_VERSIONS_LIMIT) {
                internal.maybeRefreshBlocking();
                live.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
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
    void commit() {
        commitLock.lock();
        try {
            long position;
            writeLock.lock();
            try {
                position = translog.nextPosition();
                writer.setLiveCommitData(Map.of(TRANSLOG_POSITION, Long.toString(position),
                        MAX_SEQ_NO, Long.toString(nextSeqNo - 1)).entrySet());
            } finally {
                writeLock.unlock();
            }
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
        } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
            return bytes;
        }
        return bytes;
    }

    String writeFailure() {
        return writeFailure;
    }

    private void ensureWritable() {
        if (!writer.isOpen()) {
            throw new IllegalStateException("shard " + number + " of index " + index + " is closed");
        }
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
