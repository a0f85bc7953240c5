package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code terminate_after}: each shard collects at most that many documents, and says when it stopped. */
class TerminateAfterTest extends LocalSearchTest {

    private SearchIndex logs;

    @BeforeEach
    void createIndex() {
        logs = search.engine().createIndex("logs", IndexSettings.parse(Map.of("number_of_shards", 1)),
                Mapping.empty());
        // one document per refresh: five segments, so the limit spans segments
        for (int i = 1; i <= 5; i++) {
            logs.index(Integer.toString(i), null, ("{\"level\": \"" + (i % 2 == 0 ? "info" : "error") + "\"}")
                    .getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
        }
    }

    private SearchHits searchAll(int terminateAfter, int size) {
        SearchRequest.Options options = SearchRequest.Options.DEFAULTS.withTerminateAfter(terminateAfter);
        return search.engine().search(List.of("logs"), IndicesOptions.SEARCH_DEFAULTS, new SearchRequest(
                Map.of("match_all", Map.of()), null, 0, size, null,
                Map.of("levels", Map.of("value_count", Map.of("field", "level.keyword"))), null, options));
    }

    @Test
    void aShardStopsCollectingAtTheLimitAndTheResponseSaysSo() {
        SearchHits stopped = searchAll(3, 10);
        assertThat(stopped.total()).isEqualTo(3);
        assertThat(stopped.hits()).hasSize(3);
        assertThat(stopped.terminatedEarly()).isTrue();
        assertThat(stopped.aggregations().get("levels")).isEqualTo(Map.of("value", 3L));

        SearchHits countOnly = searchAll(2, 0);
        assertThat(countOnly.total()).isEqualTo(2);
        assertThat(countOnly.terminatedEarly()).isTrue();

        SearchHits enough = searchAll(5, 10);
        assertThat(enough.total()).isEqualTo(5);
        assertThat(enough.terminatedEarly()).isFalse();

        SearchHits unlimited = searchAll(0, 10);
        assertThat(unlimited.total()).isEqualTo(5);
        assertThat(unlimited.terminatedEarly()).isNull();

        assertThatThrownBy(() -> searchAll(-1, 10)).isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("terminateAfter must be > 0");
    }

    @Test
    void aCountStopsAtTheLimitToo() {
        SearchCount stopped = search.engine().count(List.of("logs"), IndicesOptions.SEARCH_DEFAULTS,
                Map.of("match_all", Map.of()), SearchRequest.Options.DEFAULTS.withTerminateAfter(2));
        assertThat(stopped.count()).isEqualTo(2);
        assertThat(stopped.terminatedEarly()).isTrue();
        SearchCount all = search.engine().count(List.of("logs"), IndicesOptions.SEARCH_DEFAULTS,
                Map.of("match_all", Map.of()), SearchRequest.Options.DEFAULTS);
        assertThat(all.count()).isEqualTo(5);
        assertThat(all.terminatedEarly()).isNull();
        assertThat(all.shards()).isEqualTo(1);
    }
}
