package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The query DSL beyond term/match/bool: full-text options, multi_match, term-level patterns, query_string, date math. */
class QueryDslTest extends LocalSearchTest {

    private SearchIndex index;

    @BeforeEach
    void open() {
        index = search.engine().createIndex("books", IndexSettings.parse(Map.of("number_of_shards", 3)),
                Mapping.parse(Map.of("properties", Map.of(
                        "title", Map.of("type", "text"),
                        "title_alt", Map.of("type", "text"),
                        "body", Map.of("type", "text"),
                        "tag", Map.of("type", "keyword"),
                        "year", Map.of("type", "integer"),
                        "published", Map.of("type", "date")))));
        String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS).toString();
        String lastWeek = Instant.now().minus(7, ChronoUnit.DAYS).toString();
        put("1", "{\"title\": \"Dune\", \"body\": \"spice and sand worms\", \"tag\": \"SciFi\", \"year\": 1965,"
                + " \"published\": \"2024-01-31T15:00:00Z\"}");
        put("2", "{\"title\": \"Dune Messiah\", \"body\": \"the emperor dune\", \"tag\": \"scifi\", \"year\": 1969,"
                + " \"published\": \"2024-02-01T00:00:00Z\"}");
        put("3", "{\"title\": \"The quick brown fox\", \"title_alt\": \"lazy dogs\", \"body\": \"a fox story\","
                + " \"tag\": \"fable\", \"year\": 2001, \"published\": \"" + yesterday + "\"}");
        put("4", "{\"title\": \"Quick brown bread recipes\", \"body\": \"baking with a quick oven\", \"tag\": \"food\","
                + " \"year\": 2010, \"published\": \"" + lastWeek + "\"}");
        index.refresh();
    }

    private void put(String id, String json) {
        index.index(id, null, json.getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
    }

    private List<String> ids(Map<String, Object> query) {
        return index.search(SearchRequest.of(query, 0, 10)).hits().stream().map(SearchHits.Hit::id).toList();
    }

    private List<String> idsInOrder(Map<String, Object> query) {
        return ids(query);
    }

    @Test
    void aFullTextQueryAnalyzesWithTheAnalyzerItNames() {
        // whitespace keeps "Quick" capitalised: it finds no lower-cased term
        for (String kind : List.of("match", "match_phrase", "match_phrase_prefix", "match_bool_prefix")) {
            assertThat(ids(Map.of(kind, Map.of("title", Map.of("query", "Quick", "analyzer", "whitespace")))))
                    .as(kind).isEmpty();
            assertThat(ids(Map.of(kind, Map.of("title", Map.of("query", "Quick", "analyzer", "standard")))))
                    .as(kind).containsExactlyInAnyOrder("3", "4");
        }
        assertThat(ids(Map.of("multi_match", Map.of("query", "quick", "fields", List.of("title", "body"),
                "analyzer", "whitespace")))).containsExactlyInAnyOrder("3", "4");
        assertThatThrownBy(() -> ids(Map.of("match", Map.of("title", Map.of("query", "x", "analyzer", "nope")))))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessage("analyzer [nope] not found");
    }

    @Test
    void matchFuzzinessFindsMisspelledTerms() {
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "dnue", "fuzziness", "AUTO")))))
                .containsExactlyInAnyOrder("1", "2");
        // a transposition is two edits without fuzzy_transpositions
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "dnue", "fuzziness", "AUTO",
                "fuzzy_transpositions", false))))).isEmpty();
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "dnue"))))).isEmpty();
        // AUTO: terms shorter than 3 characters must match exactly; AUTO:6,8 makes "messiha" (7) one edit
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "messiha", "fuzziness", "AUTO:6,8")))))
                .containsExactly("2");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "messaih", "fuzziness", "AUTO:8,9")))))
                .isEmpty();
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "dume", "fuzziness", 1, "prefix_length", 3)))))
                .isEmpty();
        assertThat(ids(Map.of("fuzzy", Map.of("tag", Map.of("value", "fabel"))))).containsExactly("3");
        assertThat(ids(Map.of("match", Map.of("tag", Map.of("query", "fabel", "fuzziness", "AUTO")))))
                .containsExactly("3");
        assertThatThrownBy(() -> ids(Map.of("match", Map.of("title", Map.of("query", "x", "fuzziness", 3)))))
                .isInstanceOf(QueryParsingException.class);
    }

    @Test
    void matchOperatorAndMinimumShouldMatchInEveryFormat() {
        Map<String, Object> threeTerms = Map.of("query", "quick brown bread");
        assertThat(ids(Map.of("match", Map.of("title", threeTerms)))).containsExactlyInAnyOrder("3", "4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread", "operator", "AND")))))
                .containsExactly("4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread",
                "minimum_should_match", "3"))))).containsExactly("4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread",
                "minimum_should_match", "-1"))))).containsExactlyInAnyOrder("3", "4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread",
                "minimum_should_match", "100%"))))).containsExactly("4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread",
                "minimum_should_match", "-34%"))))).containsExactlyInAnyOrder("3", "4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread",
                "minimum_should_match", "3<90%"))))).containsExactly("4");
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "quick brown bread",
                "minimum_should_match", "2<90%"))))).containsExactlyInAnyOrder("3", "4");
        assertThat(MinimumShouldMatch.calculate(10, "2<-25% 9<-3")).isEqualTo(7);
        assertThat(MinimumShouldMatch.calculate(5, "2<-25% 9<-3")).isEqualTo(4);
        assertThat(MinimumShouldMatch.calculate(2, "2<-25% 9<-3")).isEqualTo(2);
        assertThat(ids(Map.of("bool", Map.of("should", List.of(
                Map.of("term", Map.of("tag", "food")), Map.of("term", Map.of("year", 2010)),
                Map.of("term", Map.of("tag", "fable"))), "minimum_should_match", "50%"))))
                .containsExactlyInAnyOrder("3", "4");
        assertThat(ids(Map.of("bool", Map.of("should", List.of(
                Map.of("term", Map.of("tag", "food")), Map.of("term", Map.of("year", 2010)),
                Map.of("term", Map.of("tag", "fable"))), "minimum_should_match", "67%")))).containsExactly("4");
        assertThatThrownBy(() -> ids(Map.of("match", Map.of("title", Map.of("query", "x",
                "minimum_should_match", "lots"))))).isInstanceOf(QueryParsingException.class);
    }

    @Test
    void matchLenientAndZeroTermsQuery() {
        assertThatThrownBy(() -> ids(Map.of("match", Map.of("year", "nineteen"))))
                .isInstanceOf(QueryParsingException.class);
        assertThat(ids(Map.of("match", Map.of("year", Map.of("query", "nineteen", "lenient", true))))).isEmpty();
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "!!!"))))).isEmpty();
        assertThat(ids(Map.of("match", Map.of("title", Map.of("query", "!!!", "zero_terms_query", "all")))))
                .hasSize(4);
        assertThatThrownBy(() -> ids(Map.of("match", Map.of("title", Map.of("query", "x", "colour", "red")))))
                .isInstanceOf(QueryParsingException.class).hasMessage("[match] query does not support [colour]");
    }

    @Test
    void multiMatchWithFieldBoostsAndPatterns() {
        // "dune" is in the title of 1 and 2 and in the body of 2
        assertThat(idsInOrder(Map.of("multi_match", Map.of("query", "dune", "fields", List.of("title", "body")))))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(idsInOrder(Map.of("multi_match", Map.of("query", "fox", "fields", List.of("title^0.1", "body^10")))))
                .containsExactly("3");
        // a boost on body puts the body's match of "emperor" above title-only matches of "dune"
        List<String> bodyFirst = idsInOrder(Map.of("multi_match", Map.of("query", "dune emperor",
                "fields", List.of("title", "body^5"))));
        assertThat(bodyFirst.getFirst()).isEqualTo("2");
        assertThat(ids(Map.of("multi_match", Map.of("query", "lazy", "fields", List.of("title*")))))
                .containsExactly("3");
        assertThat(ids(Map.of("multi_match", Map.of("query", "lazy", "fields", List.of("title"))))).isEmpty();
        assertThat(ids(Map.of("multi_match", Map.of("query", "quick oven", "type", "most_fields",
                "fields", List.of("title", "body"), "operator", "and")))).containsExactly("4");
        assertThat(ids(Map.of("multi_match", Map.of("query", "brown fox", "type", "phrase",
                "fields", List.of("title", "body"))))).containsExactly("3");
        assertThat(ids(Map.of("multi_match", Map.of("query", "quick bro", "type", "phrase_prefix",
                "fields", List.of("title"))))).containsExactlyInAnyOrder("3", "4");
        // no fields: every field, leniently (the integer field does not fail on text)
        assertThat(ids(Map.of("multi_match", Map.of("query", "worms")))).containsExactly("1");
        assertThat(ids(Map.of("multi_match", Map.of("query", "1969")))).containsExactly("2");
        assertThatThrownBy(() -> ids(Map.of("multi_match", Map.of("query", "x", "type", "best"))))
                .isInstanceOf(QueryParsingException.class);
    }

    @Test
    void bestFieldsTieBreakerAddsTheOtherFieldsScores() {
        Map<String, Object> plain = Map.of("multi_match", Map.of("query", "dune", "fields", List.of("title", "body")));
        Map<String, Object> tied = Map.of("multi_match", Map.of("query", "dune", "fields", List.of("title", "body"),
                "tie_breaker", 1.0));
        float alone = scoreOf("2", plain);
        float summed = scoreOf("2", tied);
        assertThat(summed).isGreaterThan(alone);
    }

    private float scoreOf(String id, Map<String, Object> query) {
        return index.search(SearchRequest.of(query, 0, 10)).hits().stream().filter(h -> h.id().equals(id))
                .findFirst().orElseThrow().score();
    }

    @Test
    void phrasePrefixAndBoolPrefix() {
        assertThat(ids(Map.of("match_phrase_prefix", Map.of("title", "quick brown f")))).containsExactly("3");
        assertThat(ids(Map.of("match_phrase_prefix", Map.of("title", Map.of("query", "mess"))))).containsExactly("2");
        assertThat(ids(Map.of("match_bool_prefix", Map.of("title", "bread qui")))).containsExactlyInAnyOrder("3", "4");
        assertThat(ids(Map.of("match_bool_prefix", Map.of("title", Map.of("query", "bread qui", "operator", "and")))))
                .containsExactly("4");
    }

    @Test
    void wildcardRegexpAndPrefix() {
        assertThat(ids(Map.of("wildcard", Map.of("tag", Map.of("value", "sci*"))))).containsExactly("2");
        assertThat(ids(Map.of("wildcard", Map.of("tag", Map.of("value", "sci*", "case_insensitive", true)))))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(ids(Map.of("wildcard", Map.of("tag", Map.of("wildcard", "f??d"))))).containsExactly("4");
        assertThat(ids(Map.of("wildcard", Map.of("title", "DU*")))).containsExactlyInAnyOrder("1", "2");
        assertThat(ids(Map.of("regexp", Map.of("tag", Map.of("value", "fa.l[aeiou]"))))).containsExactly("3");
        assertThat(ids(Map.of("regexp", Map.of("tag", Map.of("value", "SCI.*", "case_insensitive", true)))))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(ids(Map.of("prefix", Map.of("tag", Map.of("value", "SCI", "case_insensitive", true)))))
                .containsExactlyInAnyOrder("1", "2");
        assertThat(ids(Map.of("term", Map.of("tag", Map.of("value", "SCIFI", "case_insensitive", true)))))
                .containsExactlyInAnyOrder("1", "2");
        assertThatThrownBy(() -> ids(Map.of("regexp", Map.of("tag", "fa[")))).isInstanceOf(QueryParsingException.class);
    }

    @Test
    void queryStringBuildsQueriesPerFieldMapping() {
        assertThat(ids(Map.of("query_string", Map.of("query", "title:dune AND year:[1960 TO 1966]"))))
                .containsExactly("1");
        // a numeric range, not a string range: as strings, "1965" > "1000" > "999"
        assertThat(ids(Map.of("query_string", Map.of("query", "year:[999 TO 2005]"))))
                .containsExactlyInAnyOrder("1", "2", "3");
        assertThat(ids(Map.of("query_string", Map.of("query", "year:>2001")))).containsExactly("4");
        assertThat(ids(Map.of("query_string", Map.of("query", "year:<=1965")))).containsExactly("1");
        assertThat(ids(Map.of("query_string", Map.of("query", "year:{* TO 1969}")))).containsExactly("1");
        assertThat(ids(Map.of("query_string", Map.of("query", "dune -messiah", "default_field", "title"))))
                .containsExactly("1");
        assertThat(ids(Map.of("query_string", Map.of("query", "dune NOT messiah", "fields", List.of("title")))))
                .containsExactly("1");
        assertThat(ids(Map.of("query_string", Map.of("query", "\"brown fox\"")))).containsExactly("3");
        assertThat(ids(Map.of("query_string", Map.of("query", "bro*n AND tag:food")))).containsExactly("4");
        assertThat(ids(Map.of("query_string", Map.of("query", "quick bread", "default_field", "title",
                "default_operator", "AND")))).containsExactly("4");
        assertThat(ids(Map.of("query_string", Map.of("query", "published:[2024-01-01 TO 2024-01-31]"))))
                .containsExactly("1");
        assertThat(ids(Map.of("query_string", Map.of("query", "_exists_:title_alt")))).containsExactly("3");
        assertThat(ids(Map.of("query_string", Map.of("query", "dnue~1", "default_field", "title"))))
                .containsExactlyInAnyOrder("1", "2");
        assertThatThrownBy(() -> ids(Map.of("query_string", Map.of("query", "title:(dune"))))
                .isInstanceOf(QueryShardException.class).hasMessageContaining("Failed to parse query [title:(dune]");
        // as in Elasticsearch, "-messiah" under the default OR operator also matches every other document
        assertThat(ids(Map.of("simple_query_string", Map.of("query", "dune -messiah", "fields", List.of("title")))))
                .hasSize(4);
        assertThat(ids(Map.of("simple_query_string", Map.of("query", "dune -messiah", "fields", List.of("title"),
                "default_operator", "and")))).containsExactly("1");
        assertThat(ids(Map.of("simple_query_string", Map.of("query", "(dune", "fields", List.of("title")))))
                .containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void dateRangesWithDateMathAndRounding() {
        // lte a day covers the whole day; lt a day stops before it
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "2024-01-01", "lte", "2024-01-31")))))
                .containsExactly("1");
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "2024-01-01", "lt", "2024-01-31")))))
                .isEmpty();
        // gt a rounded day starts after its last millisecond
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gt", "2024-01-31||/d", "lte", "2024-02-01")))))
                .containsExactly("2");
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "2024-01-01||+1M/d", "lte", "2024-02-01")))))
                .containsExactly("2");
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "now-2d/d"))))).containsExactly("3");
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "now-30d", "lt", "now")))))
                .containsExactlyInAnyOrder("3", "4");
        // in +01:00, 2024-02-01 starts at 2024-01-31T23:00Z: the Dune Messiah document is on that day
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "2024-02-01", "lte", "2024-02-01",
                "time_zone", "+01:00"))))).containsExactly("2");
        assertThat(ids(Map.of("range", Map.of("published", Map.of("gte", "31/01/2024", "lte", "31/01/2024",
                "format", "dd/MM/yyyy"))))).containsExactly("1");
        assertThatThrownBy(() -> ids(Map.of("range", Map.of("published", Map.of("gte", "now-1x")))))
                .isInstanceOf(ParsingException.class);
    }

    @Test
    void termsAndIdsTakeLongListsAsOneSetQuery() {
        List<Object> manyTags = new java.util.ArrayList<>();
        List<Object> manyYears = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            manyTags.add("tag-" + i);
            manyYears.add(3000 + i);
        }
        manyTags.add("food");
        manyYears.add(1965);
        assertThat(ids(Map.of("terms", Map.of("tag", manyTags)))).containsExactly("4");
        assertThat(ids(Map.of("terms", Map.of("year", manyYears)))).containsExactly("1");
        assertThat(ids(Map.of("terms", Map.of("year", List.of("1969", 2001))))).containsExactlyInAnyOrder("2", "3");
        assertThat(ids(Map.of("ids", Map.of("values", manyTags.subList(0, 3_000))))).isEmpty();
        assertThat(ids(Map.of("ids", Map.of("values", List.of("2", "4", "nope"))))).containsExactlyInAnyOrder("2", "4");
        assertThatThrownBy(() -> ids(Map.of("terms", Map.of("year", List.of("many")))))
                .isInstanceOf(QueryParsingException.class);
    }

    @Test
    void compoundQueries() {
        SearchHits constant = index.search(SearchRequest.of(Map.of("constant_score", Map.of(
                "filter", Map.of("term", Map.of("tag", "food")), "boost", 2.5)), 0, 10));
        assertThat(constant.hits()).singleElement().satisfies(hit -> assertThat(hit.score()).isEqualTo(2.5f));
        assertThat(ids(Map.of("dis_max", Map.of("queries", List.of(Map.of("match", Map.of("title", "fox")),
                Map.of("match", Map.of("body", "oven"))), "tie_breaker", 0.7)))).containsExactlyInAnyOrder("3", "4");
        float plain = scoreOf("3", Map.of("match", Map.of("title", "quick")));
        float demoted = scoreOf("3", Map.of("boosting", Map.of("positive", Map.of("match", Map.of("title", "quick")),
                "negative", Map.of("term", Map.of("tag", "fable")), "negative_boost", 0.5)));
        assertThat(demoted).isCloseTo(plain * 0.5f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(scoreOf("1", Map.of("term", Map.of("tag", Map.of("value", "SciFi", "boost", 3, "_name", "t")))))
                .isCloseTo(3 * scoreOf("1", Map.of("term", Map.of("tag", "SciFi"))),
                        org.assertj.core.data.Offset.offset(1e-5f));
        assertThatThrownBy(() -> ids(Map.of("nearest", Map.of()))).isInstanceOf(QueryParsingException.class)
                .hasMessage("unknown query [nearest]");
        assertThatThrownBy(() -> ids(Map.of("constant_score", Map.of("query", Map.of()))))
                .isInstanceOf(QueryParsingException.class);
    }

    @Test
    void trackTotalHitsTrueFalseAndAThreshold() {
        SearchHits exact = index.search(new SearchRequest(null, null, 0, 1, true, null, null));
        assertThat(exact.total()).isEqualTo(4);
        assertThat(exact.totalIsExact()).isTrue();
        SearchHits capped = index.search(new SearchRequest(null, null, 0, 1, 2, null, null));
        assertThat(capped.total()).isEqualTo(2);
        assertThat(capped.totalIsExact()).isFalse();
        SearchHits enough = index.search(new SearchRequest(null, null, 0, 1, 4, null, null));
        assertThat(enough.total()).isEqualTo(4);
        assertThat(enough.totalIsExact()).isTrue();
        SearchHits untracked = index.search(new SearchRequest(null, null, 0, 2, false, null, null));
        assertThat(untracked.totalTracked()).isFalse();
        assertThat(untracked.hits()).hasSize(2);
        assertThatThrownBy(() -> index.search(new SearchRequest(null, null, 0, 1, -5, null, null)))
                .isInstanceOf(IllegalSearchArgumentException.class)
                .hasMessageContaining("must be positive or equals to -1");
    }
}
