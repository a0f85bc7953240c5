package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code indices_boost}: the scores of hits from the named indexes are multiplied, the first naming expression winning. */
class IndicesBoostTest extends LocalSearchTest {

    @BeforeEach
    void createIndexes() {
        for (String name : List.of("books", "films")) {
            SearchIndex index = search.engine().createIndex(name, IndexSettings.defaults(), Mapping.empty());
            index.index("1", null, "{\"title\": \"dune\"}".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE,
                    RefreshPolicy.IMMEDIATE);
        }
        search.engine().updateAliases(List.of(AliasAction.add("films", "movies", new AliasMetadata(null, null, null,
                null, null))));
    }

    private List<SearchHits.Hit> search(Map<String, Float> boosts) {
        return search.engine().search(List.of("books", "films"), IndicesOptions.SEARCH_DEFAULTS, new SearchRequest(
                Map.of("match", Map.of("title", "dune")), null, 0, 10, null, null, null,
                SearchRequest.Options.DEFAULTS.withIndicesBoost(boosts))).hits();
    }

    @Test
    void hitsFromABoostedIndexScoreTheBoostTimesMore() {
        List<SearchHits.Hit> plain = search(Map.of());
        assertThat(plain.get(0).score()).isEqualTo(plain.get(1).score());
        float score = plain.get(0).score();

        List<SearchHits.Hit> films = search(Map.of("movies", 2f));
        assertThat(films).extracting(SearchHits.Hit::index).containsExactly("films", "books");
        assertThat(films.get(0).score()).isEqualTo(score * 2);
        assertThat(films.get(1).score()).isEqualTo(score);

        Map<String, Float> ordered = new LinkedHashMap<>();
        ordered.put("b*", 3f);
        ordered.put("books", 0.5f); // named already: the first expression's boost applies
        assertThat(search(ordered)).extracting(SearchHits.Hit::index).containsExactly("books", "films");

        assertThatThrownBy(() -> search(Map.of("nothing", 2f))).isInstanceOf(IndexNotFoundException.class);
    }
}
