package dev.infraplatform.search.engine;

import org.apache.lucene.search.IndexSearcher;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code _forcemerge}: a shard's segments merged down, its documents all kept. */
class ForceMergeTest extends LocalSearchTest {

    private static int segments(SearchIndex index) {
        Shard shard = index.shards().getFirst();
        IndexSearcher searcher = shard.acquireSearcher();
        try {
            return searcher.getIndexReader().leaves().size();
        } finally {
            shard.releaseSearcher(searcher);
        }
    }

    @Test
    void aForceMergeLeavesOneSegmentWithEveryDocumentAndIsRefusedOnAReadOnlyIndex() {
        SearchIndex logs = search.engine().createIndex("logs", IndexSettings.parse(Map.of("number_of_shards", 1)),
                Mapping.empty());
        for (int i = 0; i < 5; i++) {
            // a refresh per document: a segment per document
            logs.index(Integer.toString(i), null, "{\"n\": 1}".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE,
                    RefreshPolicy.IMMEDIATE);
        }
        logs.delete("0", null, WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
        assertThat(segments(logs)).as("a segment per document; the first, all deleted, dropped").isEqualTo(4);

        logs.forceMerge(1, false, true);
        logs.refresh();
        assertThat(segments(logs)).isEqualTo(1);
        assertThat(logs.count(Map.of("match_all", Map.of()))).isEqualTo(4);
        search.restart();
        assertThat(search.engine().index("logs").count(Map.of("match_all", Map.of()))).isEqualTo(4);

        Map<String, Object> readOnly = new HashMap<>();
        readOnly.put("index.blocks.read_only", true);
        search.engine().updateSettings(java.util.List.of("logs"), IndicesOptions.SEARCH_DEFAULTS, readOnly);
        assertThatThrownBy(() -> search.engine().index("logs").forceMerge(1, false, true))
                .isInstanceOf(ClusterBlockException.class);
    }
}
