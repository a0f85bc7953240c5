package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code store: true} fields: stored apart from {@code _source} and answered by {@code stored_fields}. */
class StoredFieldsTest extends LocalSearchTest {

    private static final List<String> ASKED = List.of("tag", "count", "when", "flag", "addr", "title", "_source");
    private static final Map<String, List<Object>> EXPECTED = Map.of("tag", List.of("red", "blue"),
            "count", List.of(7), "when", List.of("2020-01-02"), "flag", List.of(true), "addr", List.of("10.0.0.1"));

    private SearchIndex things;

    @BeforeEach
    void createIndex() {
        things = search.engine().createIndex("things", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.parse(Map.of("_source", Map.of("enabled", false), "properties", Map.of(
                        "tag", Map.of("type", "keyword", "store", true),
                        "count", Map.of("type", "integer", "store", true),
                        "when", Map.of("type", "date", "format", "yyyy-MM-dd", "store", true),
                        "flag", Map.of("type", "boolean", "store", true),
                        "addr", Map.of("type", "ip", "store", true),
                        "title", Map.of("type", "text")))));
        things.index("1", null, ("{\"tag\": [\"red\", \"blue\"], \"count\": \"7\", \"when\": \"2020-01-02\", "
                + "\"flag\": \"true\", \"addr\": \"10.0.0.1\", \"title\": \"a thing\"}").getBytes(StandardCharsets.UTF_8),
                WriteCondition.NONE, RefreshPolicy.NONE);
    }

    @Test
    void aRealtimeGetAndASearchAnswerTheStoredValuesInTheirTypes() {
        GetResult realtime = things.get("1", null, ASKED);
        assertThat(realtime.fields()).isEqualTo(EXPECTED);
        assertThat(realtime.source()).as("_source disabled").isNull();
        assertThat(things.get("1", null).fields()).isNull();

        things.refresh();
        SearchHits hits = search.engine().search(List.of("things"), IndicesOptions.SEARCH_DEFAULTS, new SearchRequest(
                Map.of("match", Map.of("title", "thing")), null, 0, 10, null, null, null,
                SearchRequest.Options.DEFAULTS.withStoredFields(ASKED)));
        assertThat(hits.hits()).singleElement().satisfies(hit -> assertThat(hit.fields()).isEqualTo(EXPECTED));
        SearchHits unasked = things.search(SearchRequest.of(null, 0, 10));
        assertThat(unasked.hits().getFirst().fields()).isNull();
    }
}
