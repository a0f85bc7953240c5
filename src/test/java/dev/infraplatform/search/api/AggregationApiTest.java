package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code aggs} on {@code _search} in Elasticsearch's response and error shapes, against the running application. */
class AggregationApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    @Test
    void aggregationsAnswerInElasticsearchShapes() {
        http.putJson(BASE + "/api-access", """
                {"settings": {"number_of_shards": 2},
                 "mappings": {"properties": {"status": {"type": "keyword"}, "took_ms": {"type": "long"},
                                             "at": {"type": "date"}, "path": {"type": "text"}}}}""");
        HttpResponse<String> bulk = http.post(BASE + "/api-access/_bulk?refresh=true", "application/x-ndjson", """
                {"index": {"_id": "1"}}
                {"status": "200", "took_ms": 10, "at": "2024-05-01T10:00:00Z", "path": "/a"}
                {"index": {"_id": "2"}}
                {"status": "200", "took_ms": 30, "at": "2024-05-01T10:20:00Z", "path": "/b"}
                {"index": {"_id": "3"}}
                {"status": "500", "took_ms": 200, "at": "2024-05-01T11:05:00Z", "path": "/a"}
                """);
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);

        HttpResponse<String> response = http.postJson(BASE + "/api-access/_search", """
                {"size": 0, "aggs": {
                   "statuses": {"terms": {"field": "status"}, "aggs": {"slowest": {"max": {"field": "took_ms"}}}},
                   "per_hour": {"date_histogram": {"field": "at", "fixed_interval": "1h"}},
                   "took": {"stats": {"field": "took_ms"}}}}""");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body();
        assertThat(JsonPath.<List<Object>>read(body, "$.hits.hits")).isEmpty();
        assertThat(JsonPath.<Integer>read(body, "$.hits.total.value")).isEqualTo(3);
        assertThat(JsonPath.<Map<String, Object>>read(body, "$.aggregations.statuses")).isEqualTo(Map.of(
                "doc_count_error_upper_bound", 0, "sum_other_doc_count", 0, "buckets", List.of(
                        Map.of("key", "200", "doc_count", 2, "slowest", Map.of("value", 30.0)),
                        Map.of("key", "500", "doc_count", 1, "slowest", Map.of("value", 200.0)))));
        assertThat(JsonPath.<List<Map<String, Object>>>read(body, "$.aggregations.per_hour.buckets")).containsExactly(
                Map.of("key_as_string", "2024-05-01T10:00:00.000Z", "key", 1714557600000L, "doc_count", 2),
                Map.of("key_as_string", "2024-05-01T11:00:00.000Z", "key", 1714561200000L, "doc_count", 1));
        assertThat(JsonPath.<Map<String, Object>>read(body, "$.aggregations.took")).isEqualTo(Map.of(
                "count", 3, "min", 10.0, "max", 200.0, "avg", 80.0, "sum", 240.0));
        // members in Elasticsearch's order, nulls written out
        assertThat(body).contains("{\"doc_count_error_upper_bound\":0,\"sum_other_doc_count\":0,\"buckets\":[{\"key\":"
                + "\"200\",\"doc_count\":2,\"slowest\":{\"value\":30.0}}");

        HttpResponse<String> empty = http.postJson(BASE + "/api-access/_search", """
                {"size": 0, "query": {"term": {"status": "404"}}, "aggs": {"avg": {"avg": {"field": "took_ms"}}}}""");
        assertThat(empty.body()).contains("\"aggregations\":{\"avg\":{\"value\":null}}");

        HttpResponse<String> text = http.postJson(BASE + "/api-access/_search",
                "{\"aggs\": {\"paths\": {\"terms\": {\"field\": \"path\"}}}}");
        assertThat(text.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(text.body(), "$.error.type")).isEqualTo("illegal_argument_exception");
        assertThat(JsonPath.<String>read(text.body(), "$.error.root_cause[0].reason")).startsWith("Text fields are not optimised");

        HttpResponse<String> unknown = http.postJson(BASE + "/api-access/_search",
                "{\"aggs\": {\"x\": {\"median\": {\"field\": \"took_ms\"}}}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(unknown.body(), "$.error.type")).isEqualTo("parsing_exception");

        HttpResponse<String> tooMany = http.postJson(BASE + "/api-access/_search", """
                {"size": 0, "aggs": {"fine": {"histogram": {"field": "took_ms", "interval": 0.001}}}}""");
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);
        assertThat(JsonPath.<String>read(tooMany.body(), "$.error.type")).isEqualTo("too_many_buckets_exception");
        assertThat(JsonPath.<Integer>read(tooMany.body(), "$.error.max_buckets")).isEqualTo(65_536);
    }
}
