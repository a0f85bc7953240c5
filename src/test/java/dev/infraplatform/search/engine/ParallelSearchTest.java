package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shards searched in parallel: each search sees one point in time over all shards (its total and
 * its hits agree, even while documents are written and refreshed), and pages merge in order.
 */
class ParallelSearchTest extends LocalSearchTest {

    private static final int SHARDS = 5;
    private static final int DOCUMENTS = 300;
    private static final int SEARCHES = 60;

    private SearchIndex index;

    @BeforeEach
    void open() {
        index = search.engine().createIndex("parallel", IndexSettings.parse(Map.of("number_of_shards", SHARDS,
                "refresh_interval", "-1")), Mapping.parse(Map.of("properties", Map.of("n", Map.of("type", "long")))));
    }

    private void put(int n) {
        index.index(String.valueOf(n), null, ("{\"n\": " + n + "}").getBytes(StandardCharsets.UTF_8),
                WriteCondition.NONE, RefreshPolicy.NONE);
    }

    @Test
    void everySearchSeesOnePointInTimeWhileWritesAndRefreshesGoOn() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Void>> searches = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = threads.submit(() -> {
                for (int n = 0; n < DOCUMENTS; n++) {
                    put(n);
                    if (n % 7 == 0) {
                        index.refresh();
                    }
                }
                index.refresh();
                writing.set(false);
                return null;
            });
            for (int s = 0; s < SEARCHES; s++) {
                searches.add(threads.submit(() -> {
                    SearchHits hits = index.search(new SearchRequest(null, List.of(Map.of("n", "asc")), 0,
                            DOCUMENTS, true, null, null));
                    assertThat(hits.hits()).hasSize((int) hits.total());
                    List<Long> values = hits.hits().stream().map(hit -> (Long) hit.sortValues().getFirst()).toList();
                    assertThat(values).isSorted().doesNotHaveDuplicates();
                    return null;
                }));
            }
            writer.get();
            for (Future<Void> future : searches) {
                future.get();
            }
        }
        assertThat(writing).isFalse();
        SearchHits all = index.search(new SearchRequest(null, List.of(Map.of("n", "desc")), 0, DOCUMENTS, true, null,
                null));
        assertThat(all.total()).isEqualTo(DOCUMENTS);
        assertThat(all.shards()).isEqualTo(SHARDS);
        assertThat(all.hits().getFirst().id()).isEqualTo(String.valueOf(DOCUMENTS - 1));
        assertThat(index.count(null)).isEqualTo(DOCUMENTS);
    }

    @Test
    void pagesOverShardsNeitherRepeatNorSkipHits() {
        for (int n = 0; n < 97; n++) {
            put(n);
        }
        index.refresh();
        HashSet<String> seen = new HashSet<>();
        List<String> inOrder = new ArrayList<>();
        for (int from = 0; from < 97; from += 10) {
            SearchHits page = index.search(SearchRequest.sorted(null, List.of(Map.of("n", "asc")), from, 10));
            page.hits().forEach(hit -> {
                assertThat(seen.add(hit.id())).as("hit %s seen twice", hit.id()).isTrue();
                inOrder.add(hit.id());
            });
        }
        assertThat(inOrder).hasSize(97).first().isEqualTo("0");
        assertThat(inOrder).last().isEqualTo("96");
    }
}
