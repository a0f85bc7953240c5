package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The search options the engine acts on, over multi-shard indexes: typed aggregation names,
 * post filters, what a hit shows (version, sequence number, doc values, explanation, no id),
 * the index's limits, and a sort over indexes that map its field to different numeric types.
 */
class SearchOptionsTest extends LocalSearchTest {

    private SearchIndex books;

    @BeforeEach
    void open() {
        books = search.engine().createIndex("books", IndexSettings.parse(Map.of("number_of_shards", 3,
                        "index.max_result_window", 5, "index.max_terms_count", 2, "index.max_regex_length", 4)),
                Mapping.parse(Map.of("properties", Map.of("genre", Map.of("type", "keyword"),
                        "year", Map.of("type", "long"), "price", Map.of("type", "double")))));
        index(books, "1", "{\"genre\": \"sf\", \"year\": 1965, \"price\": 9.5}");
        index(books, "2", "{\"genre\": \"sf\", \"year\": 1969, \"price\": 7.25}");
        index(books, "3", "{\"genre\": \"classic\", \"year\": 1815, \"price\": 5.0}");
        index(books, "1", "{\"genre\": \"sf\", \"year\": 1965, \"price\": 9.75}");
        books.refresh();
    }

    private static void index(SearchIndex index, String id, String source) {
        index.index(id, null, source.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
    }

    private static SearchRequest.Options options(boolean typedKeys, Map<String, Object> postFilter) {
        return new SearchRequest.Options(typedKeys, true, true, true, true,
                List.of(new SearchRequest.DocValueField("price", null)), postFilter, false, 0, -1);
    }

    @Test
    void typedKeysNameEachAggregationByItsTypeAtEveryLevel() {
        Map<String, Object> aggs = Map.of("genres", Map.of("terms", Map.of("field", "genre"),
                "aggs", Map.of("years", Map.of("terms", Map.of("field", "year")),
                        "prices", Map.of("terms", Map.of("field", "price")))));
        SearchHits typed = books.search(new SearchRequest(null, null, 0, 0, null, aggs, null, options(true, null)));
        assertThat(typed.aggregations()).containsOnlyKeys("sterms#genres");
        @SuppressWarnings("unchecked")
        var buckets = (List<Map<String, Object>>) ((Map<String, Object>) typed.aggregations().get("sterms#genres"))
                .get("buckets");
        assertThat(buckets.getFirst()).containsKeys("lterms#years", "dterms#prices");

        SearchHits plain = books.search(new SearchRequest(null, null, 0, 0, null, aggs, null));
        assertThat(plain.aggregations()).containsOnlyKeys("genres");
    }

    @Test
    void postFilterNarrowsHitsAndTotalsButNotAggregations() {
        SearchHits hits = books.search(new SearchRequest(null, null, 0, 5, true,
                Map.of("genres", Map.of("terms", Map.of("field", "genre"))), null,
                options(false, Map.of("term", Map.of("genre", "classic")))));
        assertThat(hits.total()).isEqualTo(1);
        assertThat(hits.hits()).extracting(SearchHits.Hit::id).containsExactly("3");
        @SuppressWarnings("unchecked")
        var buckets = (List<Map<String, Object>>) ((Map<String, Object>) hits.aggregations().get("genres"))
                .get("buckets");
        assertThat(buckets).extracting(bucket -> bucket.get("doc_count")).containsExactly(2L, 1L);
    }

    @Test
    void hitsShowVersionSequenceNumberDocValuesAndExplanationWhenAsked() {
        SearchHits hits = books.search(new SearchRequest(Map.of("ids", Map.of("values", List.of("1"))), null, 0, 5,
                null, null, null, options(false, null)));
        SearchHits.Hit hit = hits.hits().getFirst();
        assertThat(hit.version()).isEqualTo(2);
        assertThat(hit.seqNo()).isEqualTo(books.get("1", null).seqNo()).isPositive();
        assertThat(hit.primaryTerm()).isEqualTo(1);
        assertThat(hit.fields()).containsExactly(Map.entry("price", List.of(9.75)));
        assertThat(hit.explanation()).containsKeys("value", "description", "details");

        SearchHits plain = books.search(SearchRequest.of(Map.of("ids", Map.of("values", List.of("1"))), 0, 5));
        assertThat(plain.hits().getFirst().version()).isNull();
        assertThat(plain.hits().getFirst().seqNo()).isNull();
        assertThat(plain.hits().getFirst().fields()).isNull();
        assertThat(plain.hits().getFirst().explanation()).isNull();

        SearchRequest.Options noIds = new SearchRequest.Options(false, false, false, false, false, List.of(), null,
                false, 0, -1);
        SearchHits withoutIds = books.search(new SearchRequest(null, null, 0, 5, null, null, null, noIds));
        assertThat(withoutIds.hits()).hasSize(3).allSatisfy(h -> {
            assertThat(h.id()).isNull();
            assertThat(h.source()).isNull();
        });
    }

    @Test
    void theIndexLimitsBoundWindowsTermsAndRegexps() {
        assertThat(books.search(SearchRequest.of(null, 0, 5)).hits()).hasSize(3);
        assertThatThrownBy(() -> books.search(SearchRequest.of(null, 1, 5)))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageStartingWith("Result window is too large, from + size must be less than or equal to: [5] "
                        + "but was [6]");
        assertThatThrownBy(() -> books.search(SearchRequest.of(null, -1, 5)))
                .hasMessage("[from] parameter cannot be negative, found [-1]");
        assertThat(books.search(SearchRequest.of(Map.of("terms", Map.of("genre", List.of("sf", "classic"))), 0, 5))
                .hits()).hasSize(3);
        assertThatThrownBy(() -> books.search(SearchRequest.of(
                Map.of("terms", Map.of("genre", List.of("sf", "classic", "poetry"))), 0, 5)))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageStartingWith("The number of terms [3] used in the Terms Query request has exceeded the "
                        + "allowed maximum of [2]");
        assertThatThrownBy(() -> books.search(SearchRequest.of(Map.of("regexp", Map.of("genre", "s.*f.")), 0, 5)))
                .hasMessageStartingWith("The length of regex [5] used in the Regexp Query request has exceeded");
        assertThatThrownBy(() -> books.search(SearchRequest.of(
                Map.of("query_string", Map.of("query", "genre:/s.*f./")), 0, 5)))
                .hasMessageStartingWith("The length of regex [5] used in the Regexp Query request has exceeded");
        assertThatThrownBy(() -> books.search(SearchRequest.of(
                Map.of("query_string", Map.of("query", "genre:/[/")), 0, 5)))
                .isInstanceOf(SearchException.class);
        java.util.List<String> withNull = new java.util.ArrayList<>(List.of("genre"));
        withNull.add(null);
        assertThatThrownBy(() -> books.search(SearchRequest.of(
                Map.of("query_string", Map.of("query", "sf", "fields", withNull)), 0, 5)))
                .isInstanceOf(QueryParsingException.class)
                .hasMessage("[query_string] field name in [fields] cannot be null");
    }

    @Test
    void aSortOverIndexesMappingItsFieldAsLongAndAsDoubleComparesTheNumbers() {
        SearchIndex doubles = search.engine().createIndex("prices", IndexSettings.defaults(),
                Mapping.parse(Map.of("properties", Map.of("year", Map.of("type", "double")))));
        index(doubles, "d1", "{\"year\": 1900.5}");
        index(doubles, "d2", "{\"year\": 2000.25}");
        doubles.refresh();
        SearchHits hits = search.engine().search(List.of("books", "prices"), new IndicesOptions(false, true),
                SearchRequest.sorted(null, List.of(Map.of("year", "desc")), 0, 5));
        assertThat(hits.hits()).extracting(SearchHits.Hit::id).containsExactly("d2", "2", "1", "d1", "3");
        assertThat(hits.hits().get(1).sortValues()).containsExactly(1969L);
        assertThat(hits.hits().getFirst().sortValues()).containsExactly(2000.25);
    }
}
