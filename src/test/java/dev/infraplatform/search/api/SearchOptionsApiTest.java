package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search request options beyond the query: {@code rest_total_hits_as_int}, {@code typed_keys},
 * {@code search_type}, {@code version}, {@code seq_no_primary_term}, {@code stored_fields},
 * {@code docvalue_fields}, {@code post_filter}, {@code explain}, {@code min_score}, {@code terminate_after},
 * the page checks and the index's search limits ({@code index.max_result_window},
 * {@code index.max_docvalue_fields_search}).
 */
class SearchOptionsApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private void library(String index, String settings) {
        HttpResponse<String> created = http.putJson(BASE + "/" + index, """
                {"settings": %s,
                 "mappings": {"properties": {"title": {"type": "text"}, "genre": {"type": "keyword"},
                   "year": {"type": "integer"}, "price": {"type": "double"}, "published": {"type": "date"}}}}
                """.formatted(settings));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        HttpResponse<String> bulk = http.post(BASE + "/_bulk?refresh=true", "application/x-ndjson", """
                {"index": {"_index": "%1$s", "_id": "1"}}
                {"title": "Dune", "genre": "sf", "year": 1965, "price": 9.5, "published": "1965-08-01"}
                {"index": {"_index": "%1$s", "_id": "2"}}
                {"title": "Dune Messiah", "genre": "sf", "year": 1969, "price": 7.25, "published": "1969-10-15"}
                {"index": {"_index": "%1$s", "_id": "3"}}
                {"title": "Emma", "genre": "classic", "year": 1815, "price": 5.0, "published": "1815-12-23"}
                """.formatted(index));
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
    }

    private static void assertEsError(HttpResponse<String> response, int status, String type, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.reason")).contains(reason);
    }

    @Test
    void restTotalHitsAsIntAnswersThePlainExactCount() {
        library("opt-totals", "{\"number_of_shards\": 2}");
        String body = http.postJson(BASE + "/opt-totals/_search?rest_total_hits_as_int=true", "{}").body();
        assertThat(JsonPath.<Integer>read(body, "$.hits.total")).isEqualTo(3);

        String untracked = http.postJson(BASE + "/opt-totals/_search?rest_total_hits_as_int&track_total_hits=false",
                "{}").body();
        assertThat(JsonPath.<Integer>read(untracked, "$.hits.total")).isEqualTo(-1);

        assertEsError(http.postJson(BASE + "/opt-totals/_search?rest_total_hits_as_int=true&track_total_hits=100", "{}"),
                400, "illegal_argument_exception",
                "[rest_total_hits_as_int] cannot be used if the tracking of total hits is not accurate, got 100");
        String object = http.postJson(BASE + "/opt-totals/_search", "{}").body();
        assertThat(JsonPath.<Map<String, Object>>read(object, "$.hits.total"))
                .containsEntry("value", 3).containsEntry("relation", "eq");
    }

    @Test
    void typedKeysPrefixEveryAggregationNameWithItsType() {
        library("opt-typed", "{}");
        String body = http.postJson(BASE + "/opt-typed/_search?typed_keys=true", """
                {"size": 0, "aggs": {
                  "genres": {"terms": {"field": "genre"}, "aggs": {"avg_price": {"avg": {"field": "price"}}}},
                  "years": {"terms": {"field": "year"}}, "prices": {"terms": {"field": "price"}},
                  "nothing": {"terms": {"field": "unmapped"}},
                  "by_decade": {"histogram": {"field": "year", "interval": 100},
                                "aggs": {"first": {"min": {"field": "year"}}}},
                  "by_year": {"date_histogram": {"field": "published", "calendar_interval": "year"}},
                  "cheap": {"range": {"field": "price", "ranges": [{"to": 8}]}},
                  "sf": {"filter": {"term": {"genre": "sf"}}, "aggs": {"n": {"value_count": {"field": "year"}}}},
                  "no_genre": {"missing": {"field": "genre"}},
                  "stats": {"stats": {"field": "price"}}, "distinct": {"cardinality": {"field": "genre"}}}}
                """).body();
        Map<String, Object> aggregations = JsonPath.read(body, "$.aggregations");
        assertThat(aggregations).containsOnlyKeys("sterms#genres", "lterms#years", "dterms#prices", "sterms#nothing",
                "histogram#by_decade", "date_histogram#by_year", "range#cheap", "filter#sf", "missing#no_genre",
                "stats#stats", "cardinality#distinct");
        assertThat(JsonPath.<List<Object>>read(body, "$.aggregations['sterms#genres'].buckets[*]['avg#avg_price']"))
                .hasSize(2);
        assertThat(JsonPath.<Integer>read(body, "$.aggregations['filter#sf']['value_count#n'].value")).isEqualTo(2);
        assertThat(JsonPath.<List<Object>>read(body, "$.aggregations['histogram#by_decade'].buckets[*]['min#first']"))
                .isNotEmpty();

        String plain = http.postJson(BASE + "/opt-typed/_search",
                "{\"size\": 0, \"aggs\": {\"genres\": {\"terms\": {\"field\": \"genre\"}}}}").body();
        assertThat(JsonPath.<Map<String, Object>>read(plain, "$.aggregations")).containsOnlyKeys("genres");
    }

    @Test
    void hitsShowVersionsSequenceNumbersDocValuesAndExplanationsWhenAsked() {
        library("opt-fetch", "{}");
        http.putJson(BASE + "/opt-fetch/_doc/1?refresh=true",
                "{\"title\": \"Dune\", \"genre\": \"sf\", \"year\": 1965, \"price\": 9.5, \"published\": \"1965-08-01\"}");
        String body = http.postJson(BASE + "/opt-fetch/_search?version=true", """
                {"query": {"ids": {"values": ["1"]}}, "seq_no_primary_term": true,
                 "docvalue_fields": ["genre", "year", "price", {"field": "published"}, {"field": "year", "format": "#.0"}],
                 "explain": true}
                """).body();
        assertThat(JsonPath.<Integer>read(body, "$.hits.hits[0]._version")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(body, "$.hits.hits[0]._seq_no")).isEqualTo(3);
        assertThat(JsonPath.<Integer>read(body, "$.hits.hits[0]._primary_term")).isEqualTo(1);
        assertThat(JsonPath.<List<String>>read(body, "$.hits.hits[0].fields.genre")).containsExactly("sf");
        assertThat(JsonPath.<List<Object>>read(body, "$.hits.hits[0].fields.price")).containsExactly(9.5);
        assertThat(JsonPath.<List<String>>read(body, "$.hits.hits[0].fields.published"))
                .containsExactly("1965-08-01T00:00:00.000Z");
        assertThat(JsonPath.<List<Object>>read(body, "$.hits.hits[0].fields.year")).containsExactly("1965.0");
        assertThat(JsonPath.<String>read(body, "$.hits.hits[0]._explanation.description")).isNotBlank();

        String plain = http.postJson(BASE + "/opt-fetch/_search", "{}").body();
        assertThat(JsonPath.<Map<String, Object>>read(plain, "$.hits.hits[0]"))
                .doesNotContainKeys("_version", "_seq_no", "_primary_term", "fields", "_explanation");
    }

    @Test
    void storedFieldsNoneLeavesOutIdsAndSourcesAndAnEmptyListOnlySources() {
        library("opt-stored", "{}");
        String none = http.postJson(BASE + "/opt-stored/_search", "{\"stored_fields\": \"_none_\"}").body();
        assertThat(JsonPath.<Map<String, Object>>read(none, "$.hits.hits[0]")).doesNotContainKeys("_id", "_source");
        String empty = http.postJson(BASE + "/opt-stored/_search", "{\"stored_fields\": []}").body();
        assertThat(JsonPath.<Map<String, Object>>read(empty, "$.hits.hits[0]")).containsKey("_id")
                .doesNotContainKey("_source");
        String withSource = http.postJson(BASE + "/opt-stored/_search", "{\"stored_fields\": [\"_source\"]}").body();
        assertThat(JsonPath.<Map<String, Object>>read(withSource, "$.hits.hits[0]")).containsKeys("_id", "_source");
    }

    @Test
    void postFilterNarrowsTheHitsButNotTheAggregations() {
        library("opt-post", "{}");
        String body = http.postJson(BASE + "/opt-post/_search?rest_total_hits_as_int=true", """
                {"post_filter": {"term": {"genre": "classic"}}, "aggs": {"genres": {"terms": {"field": "genre"}}}}
                """).body();
        assertThat(JsonPath.<Integer>read(body, "$.hits.total")).isEqualTo(1);
        assertThat(JsonPath.<List<String>>read(body, "$.hits.hits[*]._id")).containsExactly("3");
        assertThat(JsonPath.<List<Integer>>read(body, "$.aggregations.genres.buckets[*].doc_count"))
                .containsExactly(2, 1);
    }

    @Test
    void pagesAndSearchTypesAreCheckedAsElasticsearchDoes() {
        library("opt-page", "{}");
        assertEsError(http.postJson(BASE + "/opt-page/_search?from=-5", "{}"), 400, "illegal_argument_exception",
                "[from] parameter cannot be negative, found [-5]");
        assertEsError(http.postJson(BASE + "/opt-page/_search", "{\"size\": -1}"), 400, "illegal_argument_exception",
                "[size] parameter cannot be negative, found [-1]");
        assertEsError(http.postJson(BASE + "/opt-page/_search", "{\"size\": 2147483648}"), 400,
                "input_coercion_exception", "Numeric value (2147483648) out of range of int");
        assertEsError(http.postJson(BASE + "/opt-page/_search?search_type=query_and_fetch", "{}"), 400,
                "illegal_argument_exception", "Unsupported search type [query_and_fetch]");
        assertThat(http.postJson(BASE + "/opt-page/_search?search_type=dfs_query_then_fetch", "{}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void indexLimitsAreStoredShownAndEnforcedBySearch() {
        library("opt-limits", "{\"index.max_result_window\": 2, \"index.max_docvalue_fields_search\": 1, "
                + "\"index.max_terms_count\": 10, \"index.mapping.total_fields.limit\": 50}");
        try {
            assertLimits();
        } finally {
            // a window of 2 would refuse every search over all indexes of the shared test platform
            http.delete(BASE + "/opt-limits");
        }
        assertEsError(http.putJson(BASE + "/opt-bad-limit",
                "{\"settings\": {\"index.max_result_window\": \"many\"}}"), 400, "illegal_argument_exception", "index.max_result_window");
    }

    private void assertLimits() {
        String settings = http.get(BASE + "/opt-limits/_settings?flat_settings=true").body();
        assertThat(JsonPath.<String>read(settings, "$['opt-limits'].settings['index.max_result_window']"))
                .isEqualTo("2");
        assertThat(JsonPath.<String>read(settings, "$['opt-limits'].settings['index.mapping.total_fields.limit']"))
                .isEqualTo("50");

        assertThat(http.postJson(BASE + "/opt-limits/_search", "{\"size\": 2}").statusCode()).isEqualTo(200);
        assertEsError(http.postJson(BASE + "/opt-limits/_search", "{\"from\": 1, \"size\": 2}"), 400,
                "illegal_argument_exception", "Result window is too large, from + size must be less than or equal "
                        + "to: [2] but was [3]");
        assertEsError(http.postJson(BASE + "/opt-limits/_search",
                "{\"size\": 1, \"docvalue_fields\": [\"year\", \"genre\"]}"), 400, "illegal_argument_exception", "Trying to retrieve too many docvalue_fields. Must be less than or "
                        + "equal to: [1] but was [2]");
    }

    @Test
    void minScoreAndTerminateAfterLimitWhatASearchCollects() {
        library("opt-collect", "{\"number_of_shards\": 1}");
        String scored = http.postJson(BASE + "/opt-collect/_search", "{\"query\": {\"match\": {\"title\": \"dune\"}}}")
                .body();
        List<Double> scores = JsonPath.read(scored, "$.hits.hits[*]._score");
        assertThat(scores).hasSize(2);
        double between = (scores.get(0) + scores.get(1)) / 2;
        String kept = http.postJson(BASE + "/opt-collect/_search", """
                {"query": {"match": {"title": "dune"}}, "min_score": %s}""".formatted(between)).body();
        assertThat(JsonPath.<List<String>>read(kept, "$.hits.hits[*]._id")).containsExactly("1");
        assertThat(JsonPath.<Integer>read(kept, "$.hits.total.value")).isEqualTo(1);
        assertEsError(http.postJson(BASE + "/opt-collect/_search", "{\"min_score\": \"high\"}"), 400, "parsing_exception",
                "[min_score] must be a number, got [high]");

        String stopped = http.postJson(BASE + "/opt-collect/_search?terminate_after=1", "{}").body();
        assertThat(JsonPath.<Boolean>read(stopped, "$.terminated_early")).isTrue();
        assertThat(JsonPath.<Integer>read(stopped, "$.hits.total.value")).isEqualTo(1);
        String all = http.postJson(BASE + "/opt-collect/_search", "{\"terminate_after\": 10}").body();
        assertThat(JsonPath.<Boolean>read(all, "$.terminated_early")).isFalse();
        assertThat(JsonPath.<Integer>read(all, "$.hits.total.value")).isEqualTo(3);
        assertThat(http.postJson(BASE + "/opt-collect/_search", "{}").body()).doesNotContain("terminated_early");
        assertEsError(http.postJson(BASE + "/opt-collect/_search?terminate_after=-1", "{}"), 400,
                "illegal_argument_exception", "terminateAfter must be > 0");

        String boosted = http.postJson(BASE + "/opt-collect/_search", """
                {"query": {"match": {"title": "dune"}}, "indices_boost": [{"opt-coll*": 2}]}""").body();
        assertThat(JsonPath.<List<Double>>read(boosted, "$.hits.hits[*]._score"))
                .containsExactly(scores.get(0) * 2, scores.get(1) * 2);
        assertEsError(http.postJson(BASE + "/opt-collect/_search", "{\"indices_boost\": [{\"opt-collect\": \"x\"}]}"),
                400, "parsing_exception", "boost of [opt-collect] must be a number");

        String counted = http.postJson(BASE + "/opt-collect/_count?terminate_after=2", "{}").body();
        assertThat(JsonPath.<Integer>read(counted, "$.count")).isEqualTo(2);
        assertThat(JsonPath.<Boolean>read(counted, "$.terminated_early")).isTrue();
        String scoredCount = http.postJson(BASE + "/opt-collect/_count?min_score=" + between,
                "{\"query\": {\"match\": {\"title\": \"dune\"}}}").body();
        assertThat(JsonPath.<Integer>read(scoredCount, "$.count")).isEqualTo(1);
    }

    @Test
    void storedFieldsAnswerTheStoredValuesAndLeaveTheSourceOutUnlessAsked() {
        HttpResponse<String> created = http.putJson(BASE + "/opt-store", """
                {"mappings": {"properties": {"foo": {"type": "keyword", "store": true},
                  "count": {"type": "integer", "store": true}, "bar": {"type": "keyword"}}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(http.putJson(BASE + "/opt-store/_doc/1?refresh=true", "{\"foo\": \"x\", \"count\": 1, \"bar\": \"y\"}")
                .statusCode()).isEqualTo(201);

        String get = http.get(BASE + "/opt-store/_doc/1?stored_fields=foo,count,bar").body();
        assertThat(JsonPath.<Map<String, Object>>read(get, "$.fields"))
                .isEqualTo(Map.of("foo", List.of("x"), "count", List.of(1)));
        assertThat(get).doesNotContain("_source");
        String withSource = http.get(BASE + "/opt-store/_doc/1?stored_fields=foo,_source").body();
        assertThat(JsonPath.<String>read(withSource, "$._source.bar")).isEqualTo("y");
        assertThat(http.get(BASE + "/opt-store/_doc/1").body()).doesNotContain("fields");

        String mget = http.postJson(BASE + "/opt-store/_mget?stored_fields=count",
                "{\"docs\": [{\"_id\": \"1\"}, {\"_id\": \"1\", \"stored_fields\": [\"foo\", \"_source\"]}]}").body();
        assertThat(JsonPath.<List<Integer>>read(mget, "$.docs[0].fields.count")).containsExactly(1);
        assertThat(JsonPath.<Map<String, Object>>read(mget, "$.docs[0]")).doesNotContainKey("_source");
        assertThat(JsonPath.<List<String>>read(mget, "$.docs[1].fields.foo")).containsExactly("x");
        assertThat(JsonPath.<String>read(mget, "$.docs[1]._source.foo")).isEqualTo("x");

        String hits = http.postJson(BASE + "/opt-store/_search", "{\"stored_fields\": [\"foo\"]}").body();
        assertThat(JsonPath.<List<String>>read(hits, "$.hits.hits[0].fields.foo")).containsExactly("x");
        assertThat(JsonPath.<Map<String, Object>>read(hits, "$.hits.hits[0]")).doesNotContainKey("_source");
    }
}
