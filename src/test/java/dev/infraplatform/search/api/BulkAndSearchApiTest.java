package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** _bulk, _search and _count in Elasticsearch's shapes against the running application. */
class BulkAndSearchApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private HttpResponse<String> bulk(String path, String ndjson) {
        return http.post(BASE + path, "application/x-ndjson", ndjson);
    }

    @Test
    void bulkAnswersEveryItemAndSearchFindsThem() {
        HttpResponse<String> response = bulk("/api-shop/_bulk?refresh=true", """
                {"index": {"_id": "1"}}
                {"name": "red apple", "price": 3}
                {"create": {"_id": "2"}}
                {"name": "green apple", "price": 2}
                {"index": {"_index": "api-shop", "_id": "3"}}
                {"name": "banana", "price": 1}
                {"create": {"_id": "1"}}
                {"name": "duplicate"}
                {"delete": {"_id": "3"}}
                {"delete": {"_id": "404"}}
                """);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body();
        assertThat(JsonPath.<Boolean>read(body, "$.errors")).isTrue();
        assertThat(JsonPath.<List<Integer>>read(body, "$.items[*].*.status")).containsExactly(201, 201, 201, 409, 200, 404);
        assertThat(JsonPath.<String>read(body, "$.items[3].create.error.type")).isEqualTo("version_conflict_engine_exception");
        assertThat(JsonPath.<String>read(body, "$.items[4].delete.result")).isEqualTo("deleted");
        assertThat(JsonPath.<String>read(body, "$.items[5].delete.result")).isEqualTo("not_found");

        String all = http.get(BASE + "/api-shop/_search").body();
        assertThat(JsonPath.<Integer>read(all, "$.hits.total.value")).isEqualTo(2);
        assertThat(JsonPath.<String>read(all, "$.hits.total.relation")).isEqualTo("eq");
        assertThat(JsonPath.<Boolean>read(all, "$.timed_out")).isFalse();
        assertThat(JsonPath.<List<String>>read(all, "$.hits.hits[*]._id")).containsExactlyInAnyOrder("1", "2");

        String matched = http.postJson(BASE + "/api-shop/_search",
                "{\"query\": {\"match\": {\"name\": \"red apple\"}}, \"_source\": [\"name\"]}").body();
        assertThat(JsonPath.<List<String>>read(matched, "$.hits.hits[*]._id")).containsExactly("1", "2");
        assertThat(JsonPath.<Map<String, Object>>read(matched, "$.hits.hits[0]._source")).isEqualTo(Map.of("name", "red apple"));
        assertThat(JsonPath.<Double>read(matched, "$.hits.max_score")).isPositive();

        String sorted = http.postJson(BASE + "/api-shop/_search", "{\"sort\": [{\"price\": \"desc\"}]}").body();
        assertThat(JsonPath.<List<String>>read(sorted, "$.hits.hits[*]._id")).containsExactly("1", "2");
        assertThat(JsonPath.<List<Integer>>read(sorted, "$.hits.hits[0].sort")).containsExactly(3);
        assertThat(JsonPath.<Object>read(sorted, "$.hits.hits[0]._score")).isNull();
        String term = http.postJson(BASE + "/api-shop/_search", "{\"query\": {\"term\": {\"price\": 2}}}").body();
        assertThat(JsonPath.<List<String>>read(term, "$.hits.hits[*]._id")).containsExactly("2");
        String count = http.postJson(BASE + "/api-shop/_count", "{\"query\": {\"term\": {\"name.keyword\": \"banana\"}}}").body();
        assertThat(JsonPath.<Integer>read(count, "$.count")).isZero();
        assertThat(JsonPath.<Integer>read(http.get(BASE + "/api-shop/_count").body(), "$.count")).isEqualTo(2);
    }

    @Test
    void aSourceLineThatIsNotOneObjectFailsOnlyItsItemAndTheLinesAfterItAreReadAsBefore() {
        HttpResponse<String> response = bulk("/api-lines/_bulk?refresh=true", """
                {"index": {"_id": "1"}}
                {"n": 1, "n": 2}
                {"index": {"_id": "2"}}
                {"n": 2}   {"n": 3}
                {"index": {"_id": "3"}}
                {"n": }
                {"index":{"_id":"4"}}  	
                 {"n": 4, "tags": ["a", "b"], "o": {"deep": [1.5, 2.5, null], "yes": true}}\s

                {"index": {"_id": "5", "routing": "r", "version": 7, "version_type": "external"}}
                {"n": 5}
                """);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body();
        assertThat(JsonPath.<List<Integer>>read(body, "$.items[*].index.status")).containsExactly(400, 400, 400, 201, 201);
        assertThat(JsonPath.<List<String>>read(body, "$.items[0:3].index.error.type"))
                .containsOnly("mapper_parsing_exception");
        assertThat(JsonPath.<Integer>read(body, "$.items[4].index._version")).isEqualTo(7);
        String found = http.get(BASE + "/api-lines/_doc/4").body();
        assertThat(JsonPath.<Object>read(found, "$._source.o.deep[1]")).isEqualTo(2.5);
        assertThat(JsonPath.<Integer>read(http.get(BASE + "/api-lines/_count").body(), "$.count")).isEqualTo(2);
    }

    @Test
    void anActionLineThatIsNotOneObjectAloneOnItsLineRefusesTheWholeRequest() {
        for (String ndjson : List.of("{\"index\": {}} {\"n\": 1}\n", "{\"index\": {}, \"delete\": {}}\n{\"n\": 1}\n",
                "{\"index\": {}}\n{\"n\": 1}\n{\"index\": \n{\"n\": 1}\n")) {
            HttpResponse<String> response = bulk("/api-refused/_bulk", ndjson);
            assertThat(response.statusCode()).as(ndjson).isEqualTo(400);
            assertThat(JsonPath.<String>read(response.body(), "$.error.reason")).as(ndjson)
                    .startsWith("Malformed action/metadata line [");
        }
        assertThat(http.get(BASE + "/api-refused/_count").statusCode()).isEqualTo(404);
    }

    @Test
    void multiGetAnswersEachDocumentAsAGet() {
        bulk("/api-mget/_bulk", "{\"index\": {\"_id\": \"1\"}}\n{\"a\": 1, \"b\": 2}\n{\"index\": {\"_id\": \"2\"}}\n{\"a\": 3}\n");
        String byIds = http.postJson(BASE + "/api-mget/_mget", "{\"ids\": [\"1\", \"2\", \"3\"]}").body();
        assertThat(JsonPath.<List<Boolean>>read(byIds, "$.docs[*].found")).containsExactly(true, true, false);
        assertThat(JsonPath.<Integer>read(byIds, "$.docs[1]._source.a")).isEqualTo(3);
        String docs = http.postJson(BASE + "/_mget", """
                {"docs": [{"_index": "api-mget", "_id": "1", "_source": ["b"]},
                          {"_index": "api-nowhere", "_id": "1"}]}""").body();
        assertThat(JsonPath.<Map<String, Object>>read(docs, "$.docs[0]._source")).isEqualTo(Map.of("b", 2));
        assertThat(JsonPath.<String>read(docs, "$.docs[1].error.type")).isEqualTo("index_not_found_exception");
    }

    @Test
    void metricsAndHealthDescribeTheIndexes() {
        bulk("/api-metered/_bulk?refresh=true", "{\"index\": {\"_id\": \"1\"}}\n{\"a\": 1}\n");
        http.postJson(BASE + "/api-metered/_search", "{}");
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics).contains("infra_search_documents{index=\"api-metered\"} 1.0",
                "infra_search_write_latency_seconds_count{index=\"api-metered\"} 1",
                "infra_search_query_latency_seconds_count{index=\"api-metered\"} 1", "infra_search_indices ");
        String health = http.get("/actuator/health").body();
        assertThat(JsonPath.<String>read(health, "$.components.search.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.search.details.status")).isEqualTo("yellow");
        http.delete(BASE + "/api-metered");
        assertThat(http.get("/actuator/prometheus").body()).doesNotContain("index=\"api-metered\"");
    }

    @Test
    void malformedBulksAndQueriesAreRefusedInElasticsearchShape() {
        HttpResponse<String> malformed = bulk("/_bulk", "{\"explode\": {}}\n");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(malformed.body(), "$.error.type")).isEqualTo("illegal_argument_exception");
        HttpResponse<String> noIndex = bulk("/_bulk", "{\"index\": {\"_id\": \"1\"}}\n{}\n");
        assertThat(noIndex.statusCode()).isEqualTo(400);

        http.putJson(BASE + "/api-query", "{}");
        HttpResponse<String> unknown = http.postJson(BASE + "/api-query/_search", "{\"query\": {\"nope\": {}}}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(unknown.body(), "$.error.type")).isEqualTo("parsing_exception");
        assertThat(JsonPath.<String>read(unknown.body(), "$.error.reason")).isEqualTo("unknown query [nope]");
        HttpResponse<String> window = http.postJson(BASE + "/api-query/_search", "{\"from\": 10000, \"size\": 1}");
        assertThat(window.statusCode()).isEqualTo(400);
        HttpResponse<String> missing = http.postJson(BASE + "/api-nothing/_search", "{}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(missing.body(), "$.error.type")).isEqualTo("index_not_found_exception");
    }
}
