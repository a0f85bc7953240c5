package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Elasticsearch's terms lookup: a terms query taking its values from another document's source. */
class TermsLookupTest extends LocalSearchTest {

    private SearchEngine engine;

    private static void put(SearchIndex index, String id, String routing, String json) {
        index.index(id, routing, json.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
    }

    @BeforeEach
    void documents() {
        engine = search.engine();
        SearchIndex users = engine.createIndex("users", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.empty());
        SearchIndex posts = engine.createIndex("posts", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.parse(Map.of("properties", Map.of("author", Map.of("type", "keyword")))));
        put(users, "ann", null, "{\"follows\": [\"bob\", \"cid\"], \"team\": {\"members\": [{\"name\": \"dee\"}]}}");
        put(users, "eve", "r1", "{\"follows\": \"ann\"}");
        put(posts, "1", null, "{\"author\": \"bob\"}");
        put(posts, "2", null, "{\"author\": \"cid\"}");
        put(posts, "3", null, "{\"author\": \"dee\"}");
        put(posts, "4", null, "{\"author\": \"ann\"}");
    }

    private List<String> postIds(Map<String, Object> lookup) {
        Map<String, Object> query = Map.of("bool", Map.of("filter", List.of(Map.of("terms", Map.of("author", lookup)))));
        return engine.search(List.of("posts"), IndicesOptions.SEARCH_DEFAULTS, SearchRequest.sorted(query, "author", 0,
                10)).hits().stream().map(SearchHits.Hit::id).toList();
    }

    @Test
    void theTermsComeFromTheDocumentsSourceAtThePath() {
        assertThat(postIds(Map.of("index", "users", "id", "ann", "path", "follows"))).containsExactly("1", "2");
        assertThat(postIds(Map.of("index", "users", "id", "ann", "path", "team.members.name"))).containsExactly("3");
        assertThat(postIds(Map.of("index", "users", "id", "eve", "path", "follows", "routing", "r1")))
                .containsExactly("4");
        // a missing document (or path) gives no terms: nothing matches
        assertThat(postIds(Map.of("index", "users", "id", "zed", "path", "follows"))).isEmpty();
        assertThat(postIds(Map.of("index", "users", "id", "ann", "path", "likes"))).isEmpty();
        assertThat(engine.count(List.of("posts"), IndicesOptions.SEARCH_DEFAULTS,
                Map.of("terms", Map.of("author", Map.of("index", "users", "id", "ann", "path", "follows")))))
                .isEqualTo(2);
    }

    @Test
    void theLookupNeedsAnExistingIndexAnIdAndAPathAndItsTermsCountAgainstTheLimit() {
        assertThatThrownBy(() -> postIds(Map.of("index", "nowhere", "id", "ann", "path", "follows")))
                .isInstanceOf(IndexNotFoundException.class);
        assertThatThrownBy(() -> postIds(Map.of("index", "users", "id", "ann")))
                .isInstanceOf(QueryParsingException.class).hasMessageContaining("requires specifying the path");
        assertThatThrownBy(() -> postIds(Map.of("index", "users", "path", "follows")))
                .isInstanceOf(QueryParsingException.class).hasMessageContaining("requires specifying the id");
        engine.updateSettings(List.of("posts"), IndicesOptions.SEARCH_DEFAULTS, Map.of("index.max_terms_count", 1));
        assertThatThrownBy(() -> postIds(Map.of("index", "users", "id", "ann", "path", "follows")))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageContaining("max_terms_count");
    }
}
