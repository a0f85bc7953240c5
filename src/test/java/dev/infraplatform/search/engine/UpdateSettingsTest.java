package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Elasticsearch's update-settings: dynamic settings change, persist and take effect; fixed ones are refused. */
class UpdateSettingsTest extends LocalSearchTest {

    private SearchEngine engine;

    @BeforeEach
    void createIndexes() {
        engine = search.engine();
        engine.createIndex("logs-1", IndexSettings.parse(Map.of("number_of_shards", 2)), Mapping.empty());
        engine.createIndex("logs-2", IndexSettings.defaults(), Mapping.empty());
    }

    private IndexSettings settings(String index) {
        return search.engine().index(index).settings();
    }

    private List<String> update(String expression, Map<String, ?> changes) {
        return search.engine().updateSettings(List.of(expression), IndicesOptions.SEARCH_DEFAULTS, changes);
    }

    @Test
    void dynamicSettingsChangeOnEveryIndexNamedAndSurviveARestart() {
        assertThat(update("logs-*", Map.of("index", Map.of("refresh_interval", "-1", "number_of_replicas", 0))))
                .containsExactly("logs-1", "logs-2");
        assertThat(settings("logs-1").refreshDisabled()).isTrue();
        assertThat(settings("logs-1").refreshPausesWhenSearchIdle()).as("set explicitly").isFalse();
        assertThat(settings("logs-2").numberOfReplicas()).isZero();
        assertThat(settings("logs-1").numberOfShards()).as("untouched").isEqualTo(2);

        update("logs-1", Map.of("index.max_result_window", "5"));
        assertThatThrownBy(() -> engine.index("logs-1").search(SearchRequest.of(null, 4, 2)))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageContaining("Result window is too large");

        search.restart();
        assertThat(settings("logs-1").refreshDisabled()).isTrue();
        assertThat(settings("logs-1").maxResultWindow()).isEqualTo(5);
        assertThat(settings("logs-2").numberOfReplicas()).isZero();

        // null resets a setting to its default, and refreshes pause on a search-idle index again
        Map<String, Object> reset = new HashMap<>();
        reset.put("refresh_interval", null);
        update("logs-1", reset);
        assertThat(settings("logs-1").refreshInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings("logs-1").refreshPausesWhenSearchIdle()).isTrue();
        assertThat(settings("logs-1").maxResultWindow()).isEqualTo(5);
    }

    @Test
    void fixedUnknownAndInvalidSettingsAreRefusedBeforeAnyIndexChanges() {
        String uuid = engine.index("logs-1").metadata().uuid();
        assertThatThrownBy(() -> update("logs-1", Map.of("number_of_shards", 3)))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Can't update non dynamic settings [index.number_of_shards] for open indices [[logs-1/"
                        + uuid + "]]");
        assertThatThrownBy(() -> update("logs-1", Map.of("analysis", Map.of("analyzer", Map.of("a",
                Map.of("type", "simple")))))).isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageStartingWith("Can't update non dynamic settings [index.analysis.analyzer.a.type]");
        assertThatThrownBy(() -> update("logs-*", Map.of("index.refresh_interval", "soon")))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageContaining("as a time value");
        assertThatThrownBy(() -> update("logs-*", Map.of("number_of_replicas", 0, "colour", "blue")))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageStartingWith("unknown setting [index.colour]");

        assertThat(settings("logs-1").refreshInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings("logs-1").numberOfReplicas()).isEqualTo(1);
        assertThat(settings("logs-2").numberOfReplicas()).isEqualTo(1);
        assertThat(settings("logs-1").numberOfShards()).isEqualTo(2);
    }
}
