package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code min_score}: hits, totals and aggregations see only the documents scoring at least the minimum. */
class MinimumScoreTest extends LocalSearchTest {

    private SearchIndex fruit;

    @BeforeEach
    void createIndex() {
        fruit = search.engine().createIndex("fruit", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.empty());
        put("1", "apple", "red");
        put("2", "apple apple apple apple", "green");
        put("3", "apple pie with a long list of other words", "red");
        put("4", "banana", "yellow");
    }

    private void put(String id, String text, String colour) {
        fruit.index(id, null, ("{\"text\": \"" + text + "\", \"colour\": \"" + colour + "\"}")
                .getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
    }

    private SearchHits searchApple(Float minScore, Object sort, Map<String, Object> aggregations) {
        SearchRequest.Options options = SearchRequest.Options.DEFAULTS.withMinScore(minScore);
        return search.engine().search(List.of("fruit"), IndicesOptions.SEARCH_DEFAULTS, new SearchRequest(
                Map.of("match", Map.of("text", "apple")), sort, 0, 10, null, aggregations, null, options));
    }

    @Test
    void onlyDocumentsScoringAtLeastTheMinimumAreHitsCountedAndAggregated() {
        List<SearchHits.Hit> all = searchApple(null, null, null).hits();
        assertThat(all).extracting(SearchHits.Hit::id).containsExactly("2", "1", "3");
        // between the second and the third score: the two best remain
        float minimum = (all.get(1).score() + all.get(2).score()) / 2;

        SearchHits kept = searchApple(minimum, null, Map.of("colours", Map.of("terms",
                Map.of("field", "colour.keyword"))));
        assertThat(kept.hits()).extracting(SearchHits.Hit::id).containsExactly("2", "1");
        assertThat(kept.hits()).extracting(SearchHits.Hit::score).containsExactly(all.get(0).score(), all.get(1).score());
        assertThat(kept.total()).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> buckets = (List<Map<String, Object>>)
                ((Map<String, Object>) kept.aggregations().get("colours")).get("buckets");
        assertThat(buckets).extracting(bucket -> bucket.get("key")).containsExactlyInAnyOrder("green", "red");
        assertThat(buckets).extracting(bucket -> ((Number) bucket.get("doc_count")).longValue()).containsExactly(1L, 1L);

        // sorted by a field, the scores still decide which documents are hits
        SearchHits sorted = searchApple(minimum, List.of(Map.of("colour.keyword", "asc")), null);
        assertThat(sorted.hits()).extracting(SearchHits.Hit::id).containsExactly("2", "1");

        assertThat(searchApple(all.get(0).score() + 1, null, null).total()).isZero();
        assertThat(searchApple(0f, null, null).total()).isEqualTo(3);
    }
}
