package dev.infraplatform.search.engine;

import org.apache.lucene.document.Document;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Query then fetch over an index's shards, on the readers search sees (the last refresh): each
 * shard collects its top {@code from + size} hits, {@link TopDocs#merge} picks the page, and the
 * page's {@code _id} and {@code _source} are read from the shards' stored fields. All readers are
 * held for the whole search, so the fetch reads the same point in time the query saw.
 * O(shards × (matches + (from + size) log(from + size))).
 */
final class ShardSearch {

    private ShardSearch() {
    }

    static SearchHits run(String index, List<Shard> shards, Query query, Sort sort, int from, int size) {
        List<IndexSearcher> searchers = new ArrayList<>(shards.size());
        try {
            for (Shard shard : shards) {
                searchers.add(shard.acquireSearcher());
            }
            int window = Math.max(1, from + size);
            TopDocs[] perShard = sort == null ? new TopDocs[shards.size()] : new TopFieldDocs[shards.size()];
            for (int i = 0; i < shards.size(); i++) {
                perShard[i] = sort == null
                        ? searchers.get(i).search(query,
                                new TopScoreDocCollectorManager(window, null, SearchHits.TRACK_TOTAL_HITS_UP_TO))
                        : searchers.get(i).search(query,
                                new TopFieldCollectorManager(sort, window, null, SearchHits.TRACK_TOTAL_HITS_UP_TO));
                for (ScoreDoc hit : perShard[i].scoreDocs) {
                    hit.shardIndex = i;
                }
            }
            TopDocs merged = sort == null ? TopDocs.merge(from, size, perShard)
                    : TopDocs.merge(sort, from, size, (TopFieldDocs[]) perShard);
            long total = 0;
            boolean exact = true;
            float maxScore = Float.NaN;
            for (TopDocs docs : perShard) {
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
                Document document = searchers.get(hit.shardIndex).storedFields().document(hit.doc);
                hits.add(new SearchHits.Hit(index, document.get(Shard.ID), hit.score, document.get(Shard.ROUTING),
                        document.getBinaryValue(Shard.SOURCE).bytes.clone(), sortValues(hit), null));
            }
            if (total > SearchHits.TRACK_TOTAL_HITS_UP_TO) {
                total = SearchHits.TRACK_TOTAL_HITS_UP_TO;
                exact = false;
            }
            return new SearchHits(total, exact, maxScore, hits, shards.size(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (int i = 0; i < searchers.size(); i++) {
                shards.get(i).releaseSearcher(searchers.get(i));
            }
        }
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

    static long count(List<Shard> shards, Query query) {
        long total = 0;
        for (Shard shard : shards) {
            IndexSearcher searcher = shard.acquireSearcher();
            try {
                total += searcher.count(query);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                shard.releaseSearcher(searcher);
            }
        }
        return total;
    }
}
