package dev.infraplatform.search.engine;

import dev.infraplatform.storage.Durability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elasticsearch's two bulk-load behaviours: periodic refreshes pause on a search-idle index (and
 * the next search refreshes first), and the shards' index writers share one indexing buffer, the
 * largest writing theirs out when together they hold more.
 */
class SearchIdleAndIndexingBufferTest {

    private static final Map<String, Object> MATCH_ALL = Map.of("match_all", Map.of());

    @TempDir
    Path directory;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private LocalSearch search;

    @AfterEach
    void close() {
        if (search != null) {
            search.close();
        }
    }

    @Test
    void periodicRefreshPausesWhileNoSearchReadsTheIndexAndTheNextSearchSeesEveryWrite() {
        search = new LocalSearch(directory, SearchEngine.Settings.defaults(), clock::get);
        SearchIndex logs = search.engine().createIndex("logs", IndexSettings.defaults(), Mapping.empty());
        index(logs, "1");
        logs.scheduledRefresh();
        assertThat(logs.visibleDocuments()).as("active: the periodic refresh runs").isEqualTo(1);

        clock.addAndGet(IndexSettings.DEFAULT_SEARCH_IDLE_AFTER.toMillis());
        index(logs, "2");
        logs.scheduledRefresh();
        assertThat(logs.visibleDocuments()).as("search-idle: the periodic refresh is skipped").isEqualTo(1);

        assertThat(logs.count(MATCH_ALL)).as("the search refreshes first").isEqualTo(2);
        index(logs, "3");
        logs.scheduledRefresh();
        assertThat(logs.visibleDocuments()).as("active again after the search").isEqualTo(3);
    }

    @Test
    void anExplicitRefreshIntervalNeverPausesAndSearchIdleAfterIsASetting() {
        search = new LocalSearch(directory, SearchEngine.Settings.defaults(), clock::get);
        SearchIndex explicit = search.engine().createIndex("explicit",
                IndexSettings.parse(Map.of("refresh_interval", "1s")), Mapping.empty());
        SearchIndex quick = search.engine().createIndex("quick",
                IndexSettings.parse(Map.of("search.idle.after", "5s")), Mapping.empty());
        clock.addAndGet(5_000);
        index(explicit, "1");
        index(quick, "1");
        explicit.scheduledRefresh();
        quick.scheduledRefresh();
        assertThat(explicit.visibleDocuments()).isEqualTo(1);
        assertThat(quick.visibleDocuments()).isZero();
    }

    @Test
    void shardsOverTheSharedIndexingBufferWriteOutTheLargestUntilTheyFit() {
        long buffer = 1L << 20;
        // checked only when the test says so
        search = new LocalSearch(directory, new SearchEngine.Settings(Durability.NONE, 64 << 20, buffer,
                Duration.ofDays(1)), clock::get);
        SearchIndex big = search.engine().createIndex("big", IndexSettings.defaults(), Mapping.empty());
        SearchIndex small = search.engine().createIndex("small", IndexSettings.defaults(), Mapping.empty());
        // each writer stays under the buffer on its own (it would write a segment itself at the buffer)
        fill(big, 0.7 * buffer);
        fill(small, 0.4 * buffer);
        long smallBefore = bufferOf(small);
        assertThat(bufferOf(big) + smallBefore).isGreaterThan(buffer);

        search.engine().controlIndexingBuffer();

        assertThat(bufferOf(big) + bufferOf(small)).isLessThanOrEqualTo(buffer);
        assertThat(bufferOf(small)).as("only the largest was written out").isEqualTo(smallBefore);
        big.refresh();
        small.refresh();
        assertThat(big.count(MATCH_ALL) + small.count(MATCH_ALL)).isEqualTo(indexed);
    }

    private long indexed;

    private void fill(SearchIndex index, double bytes) {
        while (bufferOf(index) < bytes) {
            index(index, Long.toString(indexed));
        }
    }

    private static long bufferOf(SearchIndex index) {
        return index.shards().stream().mapToLong(Shard::indexingBufferBytes).sum();
    }

    private void index(SearchIndex index, String id) {
        byte[] source = ("{\"message\": \"line " + id + " of a long enough log message to fill a buffer\"}")
                .getBytes(StandardCharsets.UTF_8);
        index.index(id, null, source, WriteCondition.NONE, RefreshPolicy.NONE);
        indexed++;
    }
}
