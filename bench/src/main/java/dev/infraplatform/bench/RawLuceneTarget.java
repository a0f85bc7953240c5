package dev.infraplatform.bench;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The search benchmark on raw Lucene: one index (one shard) in a directory, Lucene's default
 * {@link IndexWriterConfig} with the standard analyzer, the documents' fields as Elasticsearch
 * would index them under the benchmark's mapping ({@code _id} indexed and stored, {@code _source}
 * stored, {@code title} text, {@code category} keyword with doc values, {@code price} and
 * {@code timestamp} longs with points and doc values) — no translog, no JSON, no HTTP.
 */
final class RawLuceneTarget implements SearchBenchmark.Target {

    private final Path dir;
    private final FSDirectory directory;
    private final boolean explicitIds;
    private IndexWriter writer;
    private IndexSearcher searcher;
    private DirectoryReader reader;

    /** {@code explicitIds}: documents are updated by their id term (a replace), else added. */
    RawLuceneTarget(Path dir, boolean explicitIds) throws IOException {
        this.dir = dir;
        this.directory = FSDirectory.open(dir);
        this.explicitIds = explicitIds;
    }

    @Override
    public void create() throws IOException {
        writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE));
    }

    @Override
    public void index(long from, long to) throws IOException {
        for (long i = from; i < to; i++) {
            SyntheticDocuments.Document source = SyntheticDocuments.document(i);
            Document document = new Document();
            document.add(new StringField("_id", source.id(), Field.Store.YES));
            document.add(new StoredField("_source", new BytesRef(source.json())));
            document.add(new TextField("title", source.title(), Field.Store.NO));
            document.add(new KeywordField("category", source.category(), Field.Store.NO));
            document.add(new LongField("price", source.price(), Field.Store.NO));
            document.add(new LongField("timestamp", source.timestamp(), Field.Store.NO));
            if (explicitIds) {
                writer.updateDocument(new Term("_id", source.id()), document);
            } else {
                writer.addDocument(document);
            }
        }
    }

    @Override
    public void refresh() throws IOException {
        writer.commit();
        reader = DirectoryReader.open(writer);
        searcher = new IndexSearcher(reader);
    }

    @Override
    public void drop() throws IOException {
        close();
        reader = null;
        writer = null;
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Override
    public long count() throws IOException {
        return searcher.count(new MatchAllDocsQuery());
    }

    @Override
    public long query(String text) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : text.split(" ")) {
            query.add(new TermQuery(new Term("title", word)), BooleanClause.Occur.SHOULD);
        }
        TopDocs top = searcher.search(query.build(), new TopScoreDocCollectorManager(10, 10_000));
        var stored = searcher.storedFields();
        for (ScoreDoc hit : top.scoreDocs) {
            Document document = stored.document(hit.doc);
            document.get("_id");
            document.getBinaryValue("_source");
        }
        return top.totalHits.value();
    }

    @Override
    public String termsAggregation() throws IOException {
        Map<String, Long> counts = new HashMap<>();
        for (LeafReaderContext leaf : reader.leaves()) {
            SortedSetDocValues values = DocValues.getSortedSet(leaf.reader(), "category");
            long[] perOrdinal = new long[(int) values.getValueCount()];
            var live = leaf.reader().getLiveDocs();
            for (int doc = values.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = values.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                for (int k = 0; k < values.docValueCount(); k++) {
                    perOrdinal[(int) values.nextOrd()]++;
                }
            }
            for (int ord = 0; ord < perOrdinal.length; ord++) {
                if (perOrdinal[ord] > 0) {
                    counts.merge(values.lookupOrd(ord).utf8ToString(), perOrdinal[ord], Long::sum);
                }
            }
        }
        List<Map.Entry<String, Long>> top = new ArrayList<>(counts.entrySet());
        top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return top.stream().limit(10).map(e -> e.getKey() + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
        }
        if (writer != null) {
            writer.close();
        }
        directory.close();
    }
}
