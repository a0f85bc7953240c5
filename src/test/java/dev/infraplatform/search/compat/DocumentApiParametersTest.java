package dev.infraplatform.search.compat;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Elasticsearch request parameters of the document and index APIs that clients and the published
 * REST tests rely on, asserted directly (the compatibility report only counts them).
 */
class DocumentApiParametersTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private static void assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
    }

    @Test
    void externalVersionsMustGrowAndBecomeTheDocumentsVersion() {
        HttpResponse<String> first = http.putJson(BASE + "/params-ext/_doc/1?version=5&version_type=external", "{\"a\": 1}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(JsonPath.<Integer>read(first.body(), "$._version")).isEqualTo(5);
        assertError(http.putJson(BASE + "/params-ext/_doc/1?version=5&version_type=external", "{\"a\": 2}"), 409,
                "version_conflict_engine_exception");
        HttpResponse<String> gte = http.putJson(BASE + "/params-ext/_doc/1?version=5&version_type=external_gte", "{\"a\": 3}");
        assertThat(JsonPath.<Integer>read(gte.body(), "$._version")).isEqualTo(5);
        assertError(http.putJson(BASE + "/params-ext/_doc/1?version=4&version_type=external_gte", "{\"a\": 4}"), 409,
                "version_conflict_engine_exception");
        assertError(http.putJson(BASE + "/params-ext/_doc/1?version=9", "{\"a\": 5}"), 400, "illegal_argument_exception");

        assertThat(http.get(BASE + "/params-ext/_doc/1?version=5").statusCode()).isEqualTo(200);
        assertError(http.get(BASE + "/params-ext/_doc/1?version=4"), 409, "version_conflict_engine_exception");
        assertError(http.delete(BASE + "/params-ext/_doc/1?version=5&version_type=external"), 409,
                "version_conflict_engine_exception");
        HttpResponse<String> deleted = http.delete(BASE + "/params-ext/_doc/1?version=7&version_type=external");
        assertThat(JsonPath.<Integer>read(deleted.body(), "$._version")).isEqualTo(7);
        assertThat(http.get(BASE + "/params-ext/_doc/1").statusCode()).isEqualTo(404);
    }

    @Test
    void nonRealtimeGetSeesOnlyRefreshedDocuments() {
        http.putJson(BASE + "/params-rt", "{\"settings\": {\"refresh_interval\": -1}}");
        http.putJson(BASE + "/params-rt/_doc/1", "{\"a\": 1}");
        assertThat(http.get(BASE + "/params-rt/_doc/1").statusCode()).isEqualTo(200);
        assertThat(http.get(BASE + "/params-rt/_doc/1?realtime=false").statusCode()).isEqualTo(404);
        assertThat(http.get(BASE + "/params-rt/_doc/1?realtime=false&refresh=true").statusCode()).isEqualTo(200);
    }

    @Test
    void requireAliasRefusesWritesToAConcreteIndex() {
        HttpResponse<String> refused = http.postJson(BASE + "/params-alias/_doc?require_alias=true", "{\"a\": 1}");
        assertError(refused, 404, "index_not_found_exception");
        assertThat(JsonPath.<String>read(refused.body(), "$.error.reason")).contains("[require_alias] request flag is [true]");
        assertThat(http.get(BASE + "/params-alias").statusCode()).isEqualTo(404);
    }

    @Test
    void bulkUpdatesAnswerWithTheRequestedSource() {
        String body = """
                {"index": {"_index": "params-bulk", "_id": "1"}}
                {"foo": "bar", "n": 1}
                {"update": {"_index": "params-bulk", "_id": "1", "_source": {"includes": "foo"}}}
                {"doc": {"foo": "baz"}}
                {"update": {"_index": "params-bulk", "_id": "2"}}
                {"doc": {"foo": "x"}}
                {"index": {"_index": "params-bulk", "_id": ""}}
                {"foo": "empty id"}
                """;
        HttpResponse<String> response = http.post(BASE + "/_bulk?refresh=true", "application/x-ndjson", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(response.body(), "$.errors")).isTrue();
        assertThat(JsonPath.<String>read(response.body(), "$.items[1].update.result")).isEqualTo("updated");
        assertThat(JsonPath.<Map<String, Object>>read(response.body(), "$.items[1].update.get._source"))
                .isEqualTo(Map.of("foo", "baz"));
        assertThat(JsonPath.<Integer>read(response.body(), "$.items[2].update.status")).isEqualTo(404);
        assertThat(JsonPath.<String>read(response.body(), "$.items[2].update.error.type")).isEqualTo("document_missing_exception");
        assertThat(JsonPath.<String>read(response.body(), "$.items[3].index.error.reason"))
                .isEqualTo("if _id is specified it must not be empty");

        HttpResponse<String> updated = http.postJson(BASE + "/params-bulk/_update/1?_source=n", "{\"doc\": {\"n\": 2}}");
        assertThat(JsonPath.<Map<String, Object>>read(updated.body(), "$.get._source")).isEqualTo(Map.of("n", 2));
        HttpResponse<String> misspelled = http.postJson(BASE + "/params-bulk/_update/1", "{\"dac\": {\"n\": 3}}");
        assertError(misspelled, 400, "illegal_argument_exception");
        assertThat(JsonPath.<String>read(misspelled.body(), "$.error.reason")).endsWith("did you mean [doc]?");
    }

    @Test
    void multiGetValidatesItsItems() {
        assertError(http.postJson(BASE + "/_mget", "{\"docs\": [{\"_index\": \"params-mget\"}]}"), 400,
                "action_request_validation_exception");
        assertError(http.postJson(BASE + "/_mget", "{\"docs\": []}"), 400, "action_request_validation_exception");
        assertError(http.postJson(BASE + "/_mget", "{\"docs\": [{\"_index\": \"params-mget\", \"_id\": \"1\", \"_routing\": \"r\"}]}"),
                400, "parsing_exception");
    }

    @Test
    void indexExpressionsNameSeveralIndexes() {
        for (String name : List.of("params-x1", "params-x2", "params-y1")) {
            http.putJson(BASE + "/" + name, "{\"settings\": {\"number_of_replicas\": 0, \"number_of_shards\": 2}}");
        }
        assertThat(JsonPath.<Map<String, Object>>read(http.get(BASE + "/params-x*/_mapping").body(), "$").keySet())
                .containsExactly("params-x1", "params-x2");
        assertThat(JsonPath.<Integer>read(http.postJson(BASE + "/params-x1,params-y1/_refresh", "").body(),
                "$._shards.successful")).isEqualTo(4);
        assertThat(JsonPath.<String>read(http.get(BASE + "/params-y1/_settings?flat_settings=true").body(),
                "$['params-y1'].settings['index.number_of_shards']")).isEqualTo("2");
        assertError(http.get(BASE + "/params-x1,params-missing"), 404, "index_not_found_exception");
        assertThat(JsonPath.<Map<String, Object>>read(http.get(BASE + "/params-x1,params-missing?ignore_unavailable=true")
                .body(), "$").keySet()).containsExactly("params-x1");

        assertThat(http.delete(BASE + "/params-x*").statusCode()).isEqualTo(200);
        assertThat(http.get(BASE + "/params-x1").statusCode()).isEqualTo(404);
        assertThat(http.get(BASE + "/params-y1").statusCode()).isEqualTo(200);
        http.delete(BASE + "/params-y1");
    }

    @Test
    void routingShardsSettingIsAcceptedAndChecked() {
        HttpResponse<String> created = http.putJson(BASE + "/params-routing",
                "{\"settings\": {\"number_of_shards\": 5, \"number_of_routing_shards\": 5}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        http.putJson(BASE + "/params-routing/_doc/1?routing=5", "{\"a\": 1}");
        assertThat(http.get(BASE + "/params-routing/_doc/1?routing=5").statusCode()).isEqualTo(200);
        assertError(http.putJson(BASE + "/params-routing-bad",
                "{\"settings\": {\"number_of_shards\": 2, \"number_of_routing_shards\": 3}}"), 400, "illegal_argument_exception");
    }
}
