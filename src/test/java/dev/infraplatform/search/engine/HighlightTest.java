package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** highlight: fragments of the matching fields' values, with tags, sizes, counts and field matching as Elasticsearch. */
class HighlightTest extends LocalSearchTest {

    private static final String LONG_BODY = "The spice must flow. " + "Filler words here and there. ".repeat(20)
            + "Only the spice gives sight. " + "More filler text follows on. ".repeat(20) + "Spice ends it.";

    private SearchIndex index;

    @BeforeEach
    void open() {
        index = search.engine().createIndex("books", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.parse(Map.of("properties", Map.of(
                        "title", Map.of("type", "text", "fields", Map.of("raw", Map.of("type", "keyword"))),
                        "subtitle", Map.of("type", "text"),
                        "body", Map.of("type", "text"),
                        "tags", Map.of("type", "keyword"),
                        "year", Map.of("type", "integer")))));
        put("1", Map.of("title", "Dune", "subtitle", "The dune saga begins", "body", LONG_BODY,
                "tags", List.of("sand", "dune"), "year", 1965));
        put("2", Map.of("title", "Children of Dune", "subtitle", "Spice and prophecy", "body", "No match here.",
                "year", 1976));
        index.refresh();
    }

    private void put(String id, Map<String, Object> source) {
        index.index(id, null, SearchIndex.JSON.writeValueAsString(source).getBytes(StandardCharsets.UTF_8),
                WriteCondition.NONE, RefreshPolicy.NONE);
    }

    private Map<String, Map<String, List<String>>> highlight(Map<String, Object> query, Map<String, Object> highlight) {
        SearchHits hits = index.search(new SearchRequest(query, null, 0, 10, null, null, highlight));
        Map<String, Map<String, List<String>>> byId = new java.util.TreeMap<>();
        hits.hits().forEach(hit -> byId.put(hit.id(), hit.highlight()));
        return byId;
    }

    @Test
    void matchedTermsAreWrappedInEmTagsByDefault() {
        var result = highlight(Map.of("match", Map.of("title", "dune")), Map.of("fields", Map.of("title", Map.of())));
        assertThat(result.get("1")).containsExactly(Map.entry("title", List.of("<em>Dune</em>")));
        assertThat(result.get("2")).containsExactly(Map.entry("title", List.of("Children of <em>Dune</em>")));
    }

    @Test
    void customTagsAndFieldPatterns() {
        var result = highlight(Map.of("multi_match", Map.of("query", "dune", "fields", List.of("title", "subtitle"))),
                Map.of("pre_tags", List.of("<b>"), "post_tags", List.of("</b>"), "fields", Map.of("*title", Map.of())));
        assertThat(result.get("1")).containsOnlyKeys("title", "subtitle");
        assertThat(result.get("1").get("subtitle")).containsExactly("The <b>dune</b> saga begins");
        // the keyword subfield is not matched by a query on title (require_field_match)
        assertThat(result.get("1")).doesNotContainKey("title.raw");
    }

    @Test
    void fragmentsAreLimitedBySizeAndCountAndZeroMeansTheWholeValue() {
        var fragments = highlight(Map.of("match", Map.of("body", "spice")),
                Map.of("fields", Map.of("body", Map.of("fragment_size", 40, "number_of_fragments", 2))))
                .get("1").get("body");
        assertThat(fragments).hasSize(2);
        assertThat(fragments).allSatisfy(f -> {
            assertThat(f).containsIgnoringCase("<em>spice</em>");
            assertThat(f.length()).isLessThan(LONG_BODY.length() / 4);
        });
        var whole = highlight(Map.of("match", Map.of("body", "spice")),
                Map.of("fields", Map.of("body", Map.of("number_of_fragments", 0)))).get("1").get("body");
        assertThat(whole).singleElement().satisfies(f -> {
            assertThat(f).startsWith("The <em>spice</em> must flow.").endsWith("<em>Spice</em> ends it.");
            assertThat(f.replace("<em>", "").replace("</em>", "")).isEqualTo(LONG_BODY);
        });
    }

    @Test
    void requireFieldMatchFalseHighlightsTermsOfQueriesOnOtherFields() {
        Map<String, Object> query = Map.of("match", Map.of("title", "spice dune"));
        Map<String, Object> subtitle = Map.of("subtitle", Map.of());
        assertThat(highlight(query, Map.of("fields", subtitle)).get("2")).isNull();
        assertThat(highlight(query, Map.of("fields", subtitle, "require_field_match", false)).get("2"))
                .containsExactly(Map.entry("subtitle", List.of("<em>Spice</em> and prophecy")));
    }

    @Test
    void highlightQueryReplacesTheSearchQueryForHighlighting() {
        var result = highlight(Map.of("match", Map.of("title", "dune")), Map.of("fields", Map.of("title",
                Map.of("highlight_query", Map.of("match", Map.of("title", "children"))))));
        assertThat(result.get("2")).containsExactly(Map.entry("title", List.of("<em>Children</em> of Dune")));
        assertThat(result.get("1")).isNull();
    }

    @Test
    void keywordArraysAndPhrases() {
        var tags = highlight(Map.of("term", Map.of("tags", "dune")), Map.of("fields", List.of(Map.of("tags", Map.of()))));
        assertThat(tags.get("1")).containsExactly(Map.entry("tags", List.of("<em>dune</em>")));
        var phrase = highlight(Map.of("match_phrase", Map.of("subtitle", "dune saga")),
                Map.of("fields", Map.of("subtitle", Map.of())));
        assertThat(phrase.get("1").get("subtitle")).containsExactly("The <em>dune</em> <em>saga</em> begins");
    }

    @Test
    void noHighlightAskedMeansNoHighlightInHits() {
        SearchHits hits = index.search(SearchRequest.of(Map.of("match", Map.of("title", "dune")), 0, 10));
        assertThat(hits.hits()).allSatisfy(hit -> assertThat(hit.highlight()).isNull());
    }

    @Test
    void unknownHighlightOptionsAreRejected() {
        assertThatThrownBy(() -> highlight(Map.of("match_all", Map.of()), Map.of("colour", "red")))
                .isInstanceOf(QueryParsingException.class).hasMessage("[highlight] unknown field [colour]");
    }
}
