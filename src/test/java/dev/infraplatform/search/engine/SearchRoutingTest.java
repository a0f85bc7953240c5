package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routing beyond single documents, as in Elasticsearch: a search's {@code routing} searches only
 * the shards its values route to, an alias's {@code search_routing} does the same for searches
 * through it (narrowed by the request's), and an alias's {@code index_routing} routes the
 * single-document operations through it.
 */
class SearchRoutingTest extends LocalSearchTest {

    private static final int SHARDS = 4;

    private SearchIndex books;
    /** Two routing values that route to different shards of a 4-shard index. */
    private String red;
    private String blue;

    @BeforeEach
    void createIndex() {
        books = search.engine().createIndex("books", IndexSettings.parse(Map.of("number_of_shards", SHARDS)),
                Mapping.empty());
        ShardRouting routing = new ShardRouting(SHARDS);
        red = "r0";
        int i = 1;
        while (routing.shardOf(null, "r" + i) == routing.shardOf(null, red)) {
            i++;
        }
        blue = "r" + i;
        put("1", red);
        put("2", red);
        put("3", blue);
    }

    private void put(String id, String routing) {
        books.index(id, routing, "{\"title\": \"a book\"}".getBytes(StandardCharsets.UTF_8), WriteCondition.NONE,
                RefreshPolicy.IMMEDIATE);
    }

    private SearchHits searchWith(String expression, String routing) {
        SearchRequest.Options options = SearchRequest.Options.DEFAULTS.withRouting(routing);
        return search.engine().search(List.of(expression), IndicesOptions.SEARCH_DEFAULTS,
                new SearchRequest(Map.of("match", Map.of("title", "book")), null, 0, 10, null, null, null, options));
    }

    private long countWith(String expression, String routing) {
        return search.engine().count(List.of(expression), IndicesOptions.SEARCH_DEFAULTS, Map.of("match_all", Map.of()),
                SearchRequest.Options.DEFAULTS.withRouting(routing)).count();
    }

    @Test
    void aSearchWithRoutingSearchesOnlyTheShardsItsValuesRouteTo() {
        SearchHits routed = searchWith("books", red);
        assertThat(routed.hits()).extracting(SearchHits.Hit::id).containsExactlyInAnyOrder("1", "2");
        assertThat(routed.shards()).isEqualTo(1);
        assertThat(countWith("books", red)).isEqualTo(2);
        assertThat(countWith("books", blue)).isEqualTo(1);

        SearchHits both = searchWith("books", red + "," + blue);
        assertThat(both.hits()).extracting(SearchHits.Hit::id).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(both.shards()).isEqualTo(2);
        assertThat(searchWith("books", null).shards()).isEqualTo(SHARDS);
        assertThat(countWith("b*", blue)).isEqualTo(1);
    }

    @Test
    void anAliasSearchRoutingLimitsSearchesThroughItNarrowedByTheRequestsRouting() {
        search.engine().updateAliases(List.of(AliasAction.add("books", "red-books",
                new AliasMetadata(null, null, red, null, null))));

        assertThat(searchWith("red-books", null).hits()).extracting(SearchHits.Hit::id)
                .containsExactlyInAnyOrder("1", "2");
        assertThat(countWith("red-books", null)).isEqualTo(2);
        assertThat(countWith("red-books", red + "," + blue)).isEqualTo(2);
        // no value in common: every shard, as Elasticsearch does
        assertThat(countWith("red-books", blue)).isEqualTo(3);
        // named directly too: the index is searched without the alias's routing
        assertThat(search.engine().count(List.of("red-books", "books"), IndicesOptions.SEARCH_DEFAULTS,
                Map.of("match_all", Map.of()))).isEqualTo(3);

        search.restart();
        assertThat(countWith("red-books", null)).isEqualTo(2);
    }

    @Test
    void anAliasIndexRoutingRoutesTheDocumentsWrittenAndReadThroughIt() {
        search.engine().updateAliases(List.of(AliasAction.add("books", "blue-books",
                new AliasMetadata(null, blue, null, null, null))));
        SearchEngine engine = search.engine();

        assertThat(engine.indexRouting("blue-books", null)).isEqualTo(blue);
        assertThat(engine.indexRouting("blue-books", blue)).isEqualTo(blue);
        assertThat(engine.indexRouting("books", red)).isEqualTo(red);
        assertThatThrownBy(() -> engine.indexRouting("blue-books", red))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("Alias [blue-books] has index routing associated with it [" + blue
                        + "], and was provided with routing value [" + red + "], rejecting operation");
        assertThatThrownBy(() -> AliasMetadata.parse("several", Map.of("index_routing", "a,b"), java.util.Set.of()))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessage("alias [several] has several index routing values associated with it");
    }
}
