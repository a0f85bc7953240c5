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

    @Test
    void preserveExistingChangesOnlyWhatIsNotSetYet() {
        update("logs-1", Map.of("index.refresh_interval", "5s"));
        assertThat(engine.updateSettings(List.of("logs-1"), IndicesOptions.SEARCH_DEFAULTS, Map.of("index",
                Map.of("refresh_interval", "-1", "max_result_window", 20, "number_of_replicas", 0)), true))
                .containsExactly("logs-1");
        assertThat(settings("logs-1").refreshInterval()).as("set before: kept").isEqualTo(Duration.ofSeconds(5));
        assertThat(settings("logs-1").maxResultWindow()).as("not set before: set").isEqualTo(20);
        assertThat(settings("logs-1").numberOfReplicas()).as("always set").isEqualTo(1);

        engine.closeIndexes(List.of("logs-2"), IndicesOptions.SEARCH_DEFAULTS);
        update("logs-2", Map.of("analysis", Map.of("analyzer", Map.of("a", Map.of("type", "simple")))));
        engine.updateSettings(List.of("logs-2"), IndicesOptions.SEARCH_DEFAULTS, Map.of("analysis", Map.of("analyzer",
                Map.of("a", Map.of("type", "whitespace"), "b", Map.of("type", "keyword")))), true);
        assertThat(engine.indexOrClosed("logs-2").settings().analysis()).isEqualTo(Map.of("analyzer", Map.of(
                "a", Map.of("type", "simple"), "b", Map.of("type", "keyword"))));
    }

    private long matches(String index, String field, String text) {
        return search.engine().count(List.of(index), IndicesOptions.SEARCH_DEFAULTS,
                Map.of("match", Map.of(field, text)));
    }

    @Test
    void aClosedIndexTakesNewAnalysisThatItsAnalyzersUseOnceOpen() {
        Map<String, Object> synonyms = Map.of("analyzer", Map.of("products", Map.of("tokenizer", "standard",
                "filter", List.of("lowercase", "product_synonyms"))),
                "filter", Map.of("product_synonyms", Map.of("type", "synonym", "synonyms", List.of("laptop, notebook"))));
        engine.createIndex("products", IndexSettings.parse(Map.of("analysis", synonyms)),
                Mapping.parse(Map.of("properties", Map.of("name", Map.of("type", "text", "analyzer", "products")))));
        SearchIndex products = engine.index("products");
        products.index("1", null, json("{\"name\": \"Light notebook\"}"), WriteCondition.NONE,
                RefreshPolicy.IMMEDIATE);
        assertThat(matches("products", "name", "laptop")).isEqualTo(1);
        assertThat(matches("products", "name", "ultrabook")).isZero();

        engine.closeIndexes(List.of("products"), IndicesOptions.SEARCH_DEFAULTS);
        // the analyzer the mapping names must stay: the whole update is refused, nothing changes
        Map<String, Object> removeAnalyzer = new HashMap<>();
        removeAnalyzer.put("index.analysis.analyzer.products", null);
        assertThatThrownBy(() -> update("products", removeAnalyzer)).isInstanceOf(MapperParsingException.class)
                .hasMessageContaining("analyzer [products] has not been configured");
        update("products", Map.of("index", Map.of("analysis", Map.of("filter", Map.of("product_synonyms",
                Map.of("synonyms", List.of("laptop, notebook, ultrabook")))))));
        assertThat(engine.indexOrClosed("products").settings().analysis())
                .extracting("filter").extracting("product_synonyms").isEqualTo(Map.of("type", "synonym",
                        "synonyms", List.of("laptop, notebook, ultrabook")));
        engine.openIndexes(List.of("products"), IndicesOptions.SEARCH_DEFAULTS);

        // searches analyze with the new synonyms at once; documents indexed from now on too
        assertThat(matches("products", "name", "ultrabook")).isEqualTo(1);
        products.index("2", null, json("{\"name\": \"Heavy ultrabook\"}"), WriteCondition.NONE,
                RefreshPolicy.IMMEDIATE);
        assertThat(matches("products", "name", "laptop")).isEqualTo(2);
        search.restart();
        assertThat(matches("products", "name", "ultrabook")).isEqualTo(2);
    }

    private static byte[] json(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void indexBlocksRefuseWhatTheyForbidUntilLifted() {
        SearchIndex logs = engine.index("logs-1");
        logs.index("1", null, json("{\"n\": 1}"), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);

        update("logs-1", Map.of("index.blocks.write", true));
        assertThatThrownBy(() -> logs.index("2", null, json("{}"), WriteCondition.NONE, RefreshPolicy.NONE))
                .isInstanceOf(ClusterBlockException.class)
                .hasMessage("index [logs-1] blocked by: [FORBIDDEN/8/index write (api)];");
        assertThatThrownBy(() -> logs.delete("1", null, WriteCondition.NONE, RefreshPolicy.NONE))
                .isInstanceOf(ClusterBlockException.class);
        assertThat(logs.count(Map.of("match_all", Map.of()))).as("reads go on").isEqualTo(1);
        update("logs-1", Map.of("refresh_interval", "5s"));
        update("logs-1", Map.of("index.blocks.write", false));
        logs.index("2", null, json("{}"), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);

        update("logs-1", Map.of("blocks", Map.of("read_only", "true")));
        assertThatThrownBy(() -> logs.update("1", null, Map.of("n", 2), null, false, true, WriteCondition.NONE,
                RefreshPolicy.NONE, 0)).isInstanceOf(ClusterBlockException.class)
                .hasMessage("index [logs-1] blocked by: [FORBIDDEN/5/index read-only (api)];");
        assertThatThrownBy(() -> logs.putMapping(Mapping.parse(Map.of("properties", Map.of("m", Map.of("type",
                "long")))))).isInstanceOf(ClusterBlockException.class);
        assertThatThrownBy(() -> update("logs-1", Map.of("refresh_interval", "1s")))
                .isInstanceOf(ClusterBlockException.class);
        assertThat(settings("logs-1").refreshInterval()).isEqualTo(Duration.ofSeconds(5));
        Map<String, Object> lift = new HashMap<>();
        lift.put("index.blocks.read_only", null);
        update("logs-1", lift);
        assertThat(settings("logs-1").blocks()).isEmpty();

        update("logs-2", Map.of("index.blocks.read", true, "index.blocks.read_only_allow_delete", true));
        SearchIndex other = engine.index("logs-2");
        assertThatThrownBy(() -> other.get("1", null)).isInstanceOf(ClusterBlockException.class)
                .hasMessage("index [logs-2] blocked by: [FORBIDDEN/7/index read (api)];");
        assertThatThrownBy(() -> other.index("1", null, json("{}"), WriteCondition.NONE, RefreshPolicy.NONE))
                .isInstanceOfSatisfying(ClusterBlockException.class, e -> assertThat(e.retryable()).isTrue());
        search.restart();
        assertThat(settings("logs-2").blocks()).containsExactly(IndexBlock.READ, IndexBlock.READ_ONLY_ALLOW_DELETE);
        engine = search.engine();
        engine.deleteIndex("logs-2");
        assertThat(engine.indexes()).extracting(SearchIndex::name).containsExactly("logs-1");

        assertThatThrownBy(() -> update("logs-1", Map.of("index.blocks.write", "yes")))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Failed to parse value [yes] as only [true] or [false] are allowed.");
    }
}
