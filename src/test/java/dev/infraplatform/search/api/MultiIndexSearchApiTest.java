package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** _search and _count over several indexes, patterns and _all; track_total_hits and highlight in the response. */
class MultiIndexSearchApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private void bulk(String ndjson) {
        HttpResponse<String> response = http.post(BASE + "/_bulk?refresh=true", "application/x-ndjson", ndjson);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(response.body(), "$.errors")).isFalse();
    }

    private static void assertEsError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
    }

    @Test
    void searchesMergeHitsOverListsPatternsAndAllIndexes() {
        http.putJson(BASE + "/mlogs-2024", "{\"settings\": {\"number_of_shards\": 2}}");
        http.putJson(BASE + "/mlogs-2025", "{\"settings\": {\"number_of_shards\": 3}}");
        http.putJson(BASE + "/mmetrics", "{}");
        bulk("""
                {"index": {"_index": "mlogs-2024", "_id": "a"}}
                {"message": "zyzzyva disk full", "level": 3}
                {"index": {"_index": "mlogs-2025", "_id": "b"}}
                {"message": "zyzzyva zyzzyva disk full twice", "level": 1}
                {"index": {"_index": "mlogs-2025", "_id": "c"}}
                {"message": "all quiet", "level": 2}
                {"index": {"_index": "mmetrics", "_id": "d"}}
                {"message": "zyzzyva cpu", "level": 5}
                """);
        String query = "{\"query\": {\"match\": {\"message\": \"zyzzyva\"}}}";

        String list = http.postJson(BASE + "/mlogs-2024,mlogs-2025/_search", query).body();
        assertThat(JsonPath.<Integer>read(list, "$.hits.total.value")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(list, "$._shards.total")).isEqualTo(5);
        assertThat(JsonPath.<List<String>>read(list, "$.hits.hits[*]._index"))
                .containsExactlyInAnyOrder("mlogs-2024", "mlogs-2025");

        String pattern = http.postJson(BASE + "/mlogs-*/_search",
                "{\"query\": {\"match_all\": {}}, \"sort\": [{\"level\": \"asc\"}]}").body();
        assertThat(JsonPath.<List<String>>read(pattern, "$.hits.hits[*]._id")).containsExactly("b", "c", "a");
        String urlSorted = http.get(BASE + "/mlogs-*/_search?sort=level:desc").body();
        assertThat(JsonPath.<List<String>>read(urlSorted, "$.hits.hits[*]._id")).containsExactly("a", "c", "b");

        for (String path : List.of("/_search", "/_all/_search", "/*/_search")) {
            String all = http.postJson(BASE + path, query).body();
            assertThat(JsonPath.<List<String>>read(all, "$.hits.hits[*]._id")).as(path)
                    .containsExactlyInAnyOrder("a", "b", "d");
        }
        String excluded = http.postJson(BASE + "/mlogs-*,mmetrics,-mlogs-2024/_search", query).body();
        assertThat(JsonPath.<List<String>>read(excluded, "$.hits.hits[*]._id")).containsExactlyInAnyOrder("b", "d");

        String count = http.postJson(BASE + "/mlogs-*,mmetrics/_count", query).body();
        assertThat(JsonPath.<Integer>read(count, "$.count")).isEqualTo(3);
        assertThat(JsonPath.<Integer>read(count, "$._shards.total")).isEqualTo(6);
        assertThat(JsonPath.<Integer>read(http.get(BASE + "/mlogs-2025/_count?q=message:quiet").body(), "$.count"))
                .isEqualTo(1);
    }

    @Test
    void missingIndexesFollowIgnoreUnavailableAndAllowNoIndices() {
        http.putJson(BASE + "/mhere", "{}");
        assertEsError(http.postJson(BASE + "/mhere,mgone/_search", "{}"), 404, "index_not_found_exception");
        assertThat(JsonPath.<String>read(http.postJson(BASE + "/mhere,mgone/_search", "{}").body(), "$.error.index"))
                .isEqualTo("mgone");
        assertThat(http.postJson(BASE + "/mhere,mgone/_search?ignore_unavailable=true", "{}").statusCode())
                .isEqualTo(200);
        String none = http.postJson(BASE + "/mnothing-*/_search", "{}").body();
        assertThat(JsonPath.<Integer>read(none, "$.hits.total.value")).isZero();
        assertThat(JsonPath.<Integer>read(none, "$._shards.total")).isZero();
        assertEsError(http.postJson(BASE + "/mnothing-*/_search?allow_no_indices=false", "{}"), 404,
                "index_not_found_exception");
        assertEsError(http.postJson(BASE + "/mgone/_count", "{}"), 404, "index_not_found_exception");
        assertEsError(http.postJson(BASE + "/mhere/_search?ignore_unavailable=maybe", "{}"), 400,
                "illegal_argument_exception");
    }

    @Test
    void trackTotalHitsShapes() {
        http.putJson(BASE + "/mtotals", "{\"settings\": {\"number_of_shards\": 2}}");
        bulk("""
                {"index": {"_index": "mtotals", "_id": "1"}}
                {"n": 1}
                {"index": {"_index": "mtotals", "_id": "2"}}
                {"n": 2}
                {"index": {"_index": "mtotals", "_id": "3"}}
                {"n": 3}
                """);
        String untracked = http.postJson(BASE + "/mtotals/_search", "{\"track_total_hits\": false}").body();
        assertThat(JsonPath.<Map<String, Object>>read(untracked, "$.hits")).doesNotContainKey("total");
        assertThat(JsonPath.<List<Object>>read(untracked, "$.hits.hits")).hasSize(3);
        String capped = http.postJson(BASE + "/mtotals/_search", "{\"track_total_hits\": 2, \"size\": 0}").body();
        assertThat(JsonPath.<Map<String, Object>>read(capped, "$.hits.total"))
                .isEqualTo(Map.of("value", 2, "relation", "gte"));
        String exact = http.get(BASE + "/mtotals/_search?track_total_hits=true").body();
        assertThat(JsonPath.<Map<String, Object>>read(exact, "$.hits.total"))
                .isEqualTo(Map.of("value", 3, "relation", "eq"));
        assertEsError(http.postJson(BASE + "/mtotals/_search", "{\"track_total_hits\": -2}"), 400,
                "illegal_argument_exception");
    }

    @Test
    void highlightAndQueryDslErrorsInResponses() {
        http.putJson(BASE + "/mhighlight", "{}");
        bulk("""
                {"index": {"_index": "mhighlight", "_id": "1"}}
                {"title": "The Left Hand of Darkness", "published": "1969-03-01"}
                """);
        String highlighted = http.postJson(BASE + "/mhighlight/_search", """
                {"query": {"multi_match": {"query": "darknes", "fields": ["title^2"], "fuzziness": "AUTO"}},
                 "highlight": {"fields": {"title": {}}}}""").body();
        assertThat(JsonPath.<List<String>>read(highlighted, "$.hits.hits[0].highlight.title"))
                .containsExactly("The Left Hand of <em>Darkness</em>");
        String ranged = http.postJson(BASE + "/mhighlight/_search", """
                {"query": {"range": {"published": {"gte": "1969-01-01||/y", "lt": "1969-01-01||+1y"}}}}""").body();
        assertThat(JsonPath.<Integer>read(ranged, "$.hits.total.value")).isEqualTo(1);
        String uri = http.get(BASE + "/mhighlight/_search?q=title:hand%20AND%20published:%5B1960-01-01%20TO%20*%5D")
                .body();
        assertThat(JsonPath.<Integer>read(uri, "$.hits.total.value")).isEqualTo(1);

        assertEsError(http.postJson(BASE + "/mhighlight/_search", "{\"query\": {\"nope\": {}}}"), 400,
                "parsing_exception");
        assertEsError(http.postJson(BASE + "/mhighlight/_search",
                "{\"query\": {\"query_string\": {\"query\": \"title:(left\"}}}"), 400, "query_shard_exception");
        assertEsError(http.postJson(BASE + "/mhighlight/_search",
                "{\"query\": {\"range\": {\"published\": {\"gte\": \"now-1q\"}}}}"), 400, "parse_exception");
        assertEsError(http.postJson(BASE + "/mhighlight/_search",
                "{\"query\": {\"match\": {\"title\": {\"query\": \"x\", \"fuzziness\": \"lots\"}}}}"), 400,
                "parsing_exception");
    }

    @Test
    void anIndexThatCannotBuildTheQueryFailsItsShardsAndTheOthersAnswer() {
        assertThat(http.putJson(BASE + "/pf-numbers", """
                {"settings": {"number_of_shards": 2}, "mappings": {"properties": {"code": {"type": "long"}}}}""")
                .statusCode()).isEqualTo(200);
        assertThat(http.putJson(BASE + "/pf-words", """
                {"mappings": {"properties": {"code": {"type": "keyword"}}}}""").statusCode()).isEqualTo(200);
        bulk("""
                {"index": {"_index": "pf-numbers", "_id": "1"}}
                {"code": 7}
                {"index": {"_index": "pf-words", "_id": "2"}}
                {"code": "abc"}
                """);

        HttpResponse<String> partial = http.postJson(BASE + "/pf-*/_search", "{\"query\": {\"term\": {\"code\": \"abc\"}}}");
        assertThat(partial.statusCode()).as(partial.body()).isEqualTo(200);
        String body = partial.body();
        assertThat(JsonPath.<List<String>>read(body, "$.hits.hits[*]._index")).containsExactly("pf-words");
        assertThat(JsonPath.<Integer>read(body, "$._shards.total")).isEqualTo(3);
        assertThat(JsonPath.<Integer>read(body, "$._shards.successful")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(body, "$._shards.failed")).isEqualTo(2);
        assertThat(JsonPath.<String>read(body, "$._shards.failures[0].index")).isEqualTo("pf-numbers");
        assertThat(JsonPath.<String>read(body, "$._shards.failures[0].reason.reason")).contains("failed to create query");

        String counted = http.postJson(BASE + "/pf-*/_count", "{\"query\": {\"term\": {\"code\": \"abc\"}}}").body();
        assertThat(JsonPath.<Integer>read(counted, "$.count")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(counted, "$._shards.failed")).isEqualTo(2);

        // every index failing fails the request, as one index alone does
        assertEsError(http.postJson(BASE + "/pf-numbers/_search", "{\"query\": {\"term\": {\"code\": \"abc\"}}}"),
                400, "parsing_exception");
        assertEsError(http.postJson(BASE + "/pf-*/_search", "{\"query\": {\"nothing\": {}}}"), 400, "parsing_exception");
    }
}
