package dev.infraplatform.search.engine;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** match_all, term, match and bool over several shards, with from/size and totals. */
class QueryTest extends LocalSearchTest {

    private SearchIndex index;

    @BeforeEach
    void open() {
        index = search.engine().createIndex("animals", IndexSettings.parse(Map.of("number_of_shards", 3)),
                Mapping.parse(Map.of("properties", Map.of("kind", Map.of("type", "keyword")))));
        String[][] documents = {
                {"1", "The Quick Brown Fox", "mammal", "4"},
                {"2", "The Lazy Dog", "mammal", "4"},
                {"3", "A quick brown bird", "bird", "2"},
                {"4", "Slow snail", "mollusc", "0"}};
        for (String[] d : documents) {
            index.index(d[0], null, ("{\"text\": \"" + d[1] + "\", \"kind\": \"" + d[2] + "\", \"legs\": " + d[3] + "}")
                    .getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.NONE);
        }
        index.refresh();
    }

    private List<String> ids(Map<String, Object> query) {
        return index.search(SearchRequest.of(query, 0, 10)).hits().stream().map(SearchHits.Hit::id).toList();
    }

    @Test
    void matchAllFindsEveryDocumentOnEveryShard() {
        SearchHits hits = index.search(SearchRequest.of(null, 0, 10));
        assertThat(hits.total()).isEqualTo(4);
        assertThat(hits.totalIsExact()).isTrue();
        assertThat(hits.hits()).extracting(SearchHits.Hit::id).containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(index.search(SearchRequest.of(null, 1, 2)).hits()).hasSize(2);
        assertThat(index.search(SearchRequest.of(null, 0, 0)).hits()).isEmpty();
        assertThat(index.count(Map.of("match_all", Map.of()))).isEqualTo(4);
    }

    @Test
    void termMatchesExactValuesByFieldType() {
        assertThat(ids(Map.of("term", Map.of("kind", "mammal")))).containsExactlyInAnyOrder("1", "2");
        assertThat(ids(Map.of("term", Map.of("legs", Map.of("value", 2))))).containsExactly("3");
        assertThat(ids(Map.of("term", Map.of("text.keyword", "Slow snail")))).containsExactly("4");
        // term does not analyze: the indexed tokens are lowercase
        assertThat(ids(Map.of("term", Map.of("text", "Quick")))).isEmpty();
        assertThat(ids(Map.of("term", Map.of("text", "quick")))).containsExactlyInAnyOrder("1", "3");
        assertThat(ids(Map.of("term", Map.of("unmapped", "x")))).isEmpty();
    }

    @Test
    void matchAnalyzesTheTextAndRanksByBm25() {
        assertThat(ids(Map.of("match", Map.of("text", "QUICK fox")))).containsExactlyInAnyOrder("1", "3");
        // scores use each shard's own term statistics (query then fetch); rank within one shard
        SearchIndex single = search.engine().createIndex("ranked", IndexSettings.defaults(), Mapping.empty());
        for (String[] d : new String[][] {{"a", "quick brown fox"}, {"b", "quick brown bird"}, {"c", "slow fox"}}) {
            single.index(d[0], null, ("{\"text\": \"" + d[1] + "\"}").getBytes(StandardCharsets.UTF_8),
                    WriteCondition.NONE, RefreshPolicy.NONE);
        }
        single.refresh();
        SearchHits ranked = single.search(SearchRequest.of(Map.of("match", Map.of("text", "QUICK fox")), 0, 10));
        assertThat(ranked.hits()).extracting(SearchHits.Hit::id).containsExactly("a", "c", "b");
        assertThat(ranked.maxScore()).isEqualTo(ranked.hits().getFirst().score());
        assertThat(ids(Map.of("match", Map.of("text", Map.of("query", "quick fox", "operator", "and")))))
                .containsExactly("1");
        assertThat(ids(Map.of("match", Map.of("kind", "bird")))).containsExactly("3");
    }

    @Test
    void boolCombinesClauses() {
        assertThat(ids(Map.of("bool", Map.of("must", List.of(Map.of("match", Map.of("text", "quick"))),
                "must_not", Map.of("term", Map.of("kind", "bird")))))).containsExactly("1");
        assertThat(ids(Map.of("bool", Map.of("must_not", Map.of("term", Map.of("kind", "mammal"))))))
                .containsExactlyInAnyOrder("3", "4");
        assertThat(index.count(Map.of("bool", Map.of("filter", Map.of("term", Map.of("legs", 4)))))).isEqualTo(2);
    }

    @Test
    void termsRangeExistsIdsPrefixAndPhrase() {
        assertThat(ids(Map.of("terms", Map.of("kind", List.of("bird", "mollusc"))))).containsExactlyInAnyOrder("3", "4");
        assertThat(ids(Map.of("range", Map.of("legs", Map.of("gte", 2))))).containsExactlyInAnyOrder("1", "2", "3");
        assertThat(ids(Map.of("range", Map.of("legs", Map.of("gt", 0, "lt", 4))))).containsExactly("3");
        assertThat(ids(Map.of("range", Map.of("kind", Map.of("gte", "bird", "lt", "mammal"))))).containsExactly("3");
        assertThat(ids(Map.of("exists", Map.of("field", "legs")))).hasSize(4);
        assertThat(ids(Map.of("exists", Map.of("field", "wings")))).isEmpty();
        assertThat(ids(Map.of("ids", Map.of("values", List.of("2", "4", "9"))))).containsExactlyInAnyOrder("2", "4");
        assertThat(ids(Map.of("prefix", Map.of("kind", "m")))).containsExactlyInAnyOrder("1", "2", "4");
        assertThat(ids(Map.of("match_phrase", Map.of("text", "quick brown")))).containsExactlyInAnyOrder("1", "3");
        assertThat(ids(Map.of("match_phrase", Map.of("text", "brown quick")))).isEmpty();
        assertThat(ids(Map.of("match_phrase", Map.of("text", Map.of("query", "the fox", "slop", 2)))))
                .containsExactly("1");
    }

    @Test
    void rangesOverDates() {
        SearchIndex events = search.engine().createIndex("events", IndexSettings.defaults(), Mapping.empty());
        String[] dates = {"2024-01-01", "2024-02-15T10:00:00Z", "2024-03-31T23:59:59.999Z"};
        for (int i = 0; i < dates.length; i++) {
            events.index("e" + i, null, ("{\"at\": \"" + dates[i] + "\"}").getBytes(StandardCharsets.UTF_8),
                    WriteCondition.NONE, RefreshPolicy.NONE);
        }
        events.refresh();
        SearchHits february = events.search(SearchRequest.of(Map.of("range", Map.of("at",
                Map.of("gte", "2024-02-01", "lt", "2024-03-01"))), 0, 10));
        assertThat(february.hits()).extracting(SearchHits.Hit::id).containsExactly("e1");
        assertThat(events.count(Map.of("range", Map.of("at", Map.of("gt", "2024-01-01"))))).isEqualTo(2);
    }

    @Test
    void sortsByFieldsWithMissingValuesLastAndBreaksTiesByTheNextField() {
        index.index("5", null, "{\"text\": \"no legs known\", \"kind\": \"mystery\"}".getBytes(StandardCharsets.UTF_8),
                WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
        SearchHits ascending = index.search(SearchRequest.sorted(null, List.of("legs", Map.of("kind", "desc")), 0, 10));
        // 1 and 2 are both four-legged mammals: their order is the shards' tie-break
        List<String> ascendingIds = ascending.hits().stream().map(SearchHits.Hit::id).toList();
        assertThat(ascendingIds.subList(0, 2)).containsExactly("4", "3");
        assertThat(ascendingIds.subList(2, 4)).containsExactlyInAnyOrder("1", "2");
        assertThat(ascendingIds.get(4)).isEqualTo("5");
        assertThat(ascending.hits().get(1).sortValues()).containsExactly(2L, "bird");
        assertThat(ascending.hits().getFirst().score()).isNaN();
        SearchHits descending = index.search(SearchRequest.sorted(null, List.of(Map.of("legs", Map.of("order", "desc")), "kind"), 0, 10));
        List<String> descendingIds = descending.hits().stream().map(SearchHits.Hit::id).toList();
        assertThat(descendingIds.subList(0, 2)).containsExactlyInAnyOrder("1", "2");
        assertThat(descendingIds.subList(2, 5)).containsExactly("3", "4", "5");
        SearchHits missingFirst = index.search(SearchRequest.sorted(null,
                List.of(Map.of("legs", Map.of("order", "desc", "missing", "_first"))), 0, 1));
        assertThat(missingFirst.hits()).extracting(SearchHits.Hit::id).containsExactly("5");
        SearchHits page = index.search(SearchRequest.sorted(null, List.of("kind", "_doc"), 1, 2));
        assertThat(page.hits()).extracting(SearchHits.Hit::id).containsExactlyInAnyOrder("1", "2");
        assertThatThrownBy(() -> index.search(SearchRequest.sorted(null, "text", 0, 10))).isInstanceOf(IllegalSearchArgumentException.class);
        assertThatThrownBy(() -> index.search(SearchRequest.sorted(null, "nothing", 0, 10))).isInstanceOf(IllegalSearchArgumentException.class);
    }

    @Test
    void aDocumentWithSeveralValuesSortsByItsSmallestAscendingAndItsLargestDescendingUnlessModeSays() {
        SearchIndex values = search.engine().createIndex("values", IndexSettings.parse(Map.of("number_of_shards", 2)),
                Mapping.empty());
        for (String[] doc : new String[][] {{"a", "[1, 10]", "[\"m\", \"z\"]"}, {"b", "[5]", "[\"n\"]"},
                {"c", "[3, 4]", "[\"b\", \"o\"]"}}) {
            values.index(doc[0], null, ("{\"n\": " + doc[1] + ", \"s\": " + doc[2] + "}").getBytes(StandardCharsets.UTF_8),
                    WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
        }
        assertThat(sortedIds(values, Map.of("n", "asc"))).containsExactly("a", "c", "b");
        assertThat(sortedIds(values, Map.of("n", "desc"))).containsExactly("a", "b", "c");
        assertThat(sortedIds(values, Map.of("n", Map.of("order", "asc", "mode", "max")))).containsExactly("c", "b", "a");
        assertThat(sortedIds(values, Map.of("n", Map.of("order", "desc", "mode", "min")))).containsExactly("b", "c", "a");
        assertThat(values.search(SearchRequest.sorted(null, Map.of("n", "desc"), 0, 1)).hits().getFirst().sortValues())
                .containsExactly(10L);
        assertThat(sortedIds(values, Map.of("s.keyword", "asc"))).containsExactly("c", "a", "b");
        assertThat(sortedIds(values, Map.of("s.keyword", "desc"))).containsExactly("a", "c", "b");
        assertThatThrownBy(() -> sortedIds(values, Map.of("s.keyword", Map.of("mode", "avg"))))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessageContaining("only numeric fields");
        assertThatThrownBy(() -> sortedIds(values, Map.of("n", Map.of("mode", "most"))))
                .isInstanceOf(IllegalSearchArgumentException.class).hasMessage("Unknown SortMode [most]");
    }

    @Test
    void numbersSortByTheSumMeanOrMedianOfTheirValuesWithElasticsearchsArithmetic() {
        SearchIndex longs = search.engine().createIndex("longs", IndexSettings.parse(Map.of("number_of_shards", 3)),
                Mapping.parse(Map.of("properties", Map.of("n", Map.of("type", "long"), "d", Map.of("type", "double"),
                        "f", Map.of("type", "float")))));
        String[][] docs = {
                {"a", "[2147483648, 5, -1, -2]", "[450359962737049.7, 5.8, -1.9, -2.0]", "[1.5, 2.0]"},
                {"b", "[2147483647, 3, 4]", "[450359962737049.4, 3.5, 4.6]", "[4]"},
                {"c", "[922337203685477777, 2]", "[900719925474099.1, 1.1]", "[-1, 0.5, 9]"},
                {"d", "[9223372036854775807, 1]", "[900719925474099.2, 900719925474099.2]", "[]"}};
        for (String[] doc : docs) {
            longs.index(doc[0], null, ("{\"n\": " + doc[1] + ", \"d\": " + doc[2] + ", \"f\": " + doc[3] + "}")
                    .getBytes(StandardCharsets.UTF_8), WriteCondition.NONE, RefreshPolicy.IMMEDIATE);
        }
        // longs: the sum wraps around, the mean and an even median are doubles rounded to a long
        assertThat(sorted(longs, "n", "median", "asc")).containsExactly(
                Map.entry("a", 2L), Map.entry("b", 4L), Map.entry("c", 461168601842738880L),
                Map.entry("d", 4611686018427387904L));
        assertThat(sorted(longs, "n", "avg", "desc")).containsExactly(
                Map.entry("c", 461168601842738880L), Map.entry("b", 715827885L), Map.entry("a", 536870913L),
                Map.entry("d", -4611686018427387904L));
        assertThat(sorted(longs, "n", "sum", "asc")).containsExactly(
                Map.entry("d", Long.MIN_VALUE), Map.entry("a", 2147483650L), Map.entry("b", 2147483654L),
                Map.entry("c", 922337203685477779L));
        // doubles
        assertThat(sorted(longs, "d", "median", "desc")).containsExactly(
                Map.entry("d", 900719925474099.2), Map.entry("c", 450359962737050.1), Map.entry("b", 4.6),
                Map.entry("a", 1.95));
        assertThat(sorted(longs, "d", "avg", "asc")).extracting(Map.Entry::getKey).containsExactly("a", "b", "c", "d");
        assertThat(sorted(longs, "d", "sum", "desc").getFirst()).isEqualTo(Map.entry("d", 1801439850948198.5));
        // floats, and a document without values sorts last either way
        assertThat(sorted(longs, "f", "sum", "desc")).containsExactly(
                Map.entry("c", 8.5), Map.entry("b", 4.0), Map.entry("a", 3.5), Map.entry("d", Double.NEGATIVE_INFINITY));
        assertThat(sorted(longs, "f", "avg", "asc")).extracting(Map.Entry::getKey).containsExactly("a", "c", "b", "d");
    }

    /** The ids and first sort values of a search sorted by {@code field} in that mode and order. */
    private static List<Map.Entry<String, Object>> sorted(SearchIndex index, String field, String mode, String order) {
        return index.search(SearchRequest.sorted(null, List.of(Map.of(field, Map.of("mode", mode, "order", order))),
                0, 10)).hits().stream().map(hit -> Map.entry(hit.id(), hit.sortValues().getFirst())).toList();
    }

    private static List<String> sortedIds(SearchIndex index, Map<String, Object> sort) {
        return index.search(SearchRequest.sorted(null, List.of(sort), 0, 10)).hits().stream()
                .map(SearchHits.Hit::id).toList();
    }

    @Test
    void unknownQueriesAndTooLargeWindowsAreRefused() {
        assertThatThrownBy(() -> index.search(SearchRequest.of(Map.of("fuzzy_thing", Map.of()), 0, 10)))
                .isInstanceOf(QueryParsingException.class).hasMessage("unknown query [fuzzy_thing]");
        assertThatThrownBy(() -> index.search(SearchRequest.of(null, 9_999, 2)))
                .isInstanceOf(IllegalSearchArgumentException.class);
    }
}
