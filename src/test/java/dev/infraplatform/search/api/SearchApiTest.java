package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /api/v1/search in Elasticsearch's paths, shapes and errors, against the running application. */
class SearchApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";

    private static void assertEsError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                value -> assertThat(value).startsWith("application/json"));
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.root_cause[0].type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.reason")).isNotBlank();
        assertThat(response.body()).doesNotContain("\tat ", "java.");
    }

    private HttpResponse<String> head(String path) {
        return http.send(HttpRequest.newBuilder(http.uri(path)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void indexesAreCreatedDescribedAndDeletedInElasticsearchShapes() {
        HttpResponse<String> created = http.putJson(BASE + "/api-books", """
                {"settings": {"number_of_shards": 2, "index": {"refresh_interval": "5s"}},
                 "mappings": {"properties": {"title": {"type": "text"}, "year": {"type": "integer"}}}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(JsonPath.<Map<String, Object>>read(created.body(), "$"))
                .isEqualTo(Map.of("acknowledged", true, "shards_acknowledged", true, "index", "api-books"));

        String index = http.get(BASE + "/api-books").body();
        assertThat(JsonPath.<Map<String, Object>>read(index, "$['api-books'].aliases")).isEmpty();
        assertThat(JsonPath.<String>read(index, "$['api-books'].mappings.properties.year.type")).isEqualTo("integer");
        assertThat(JsonPath.<String>read(index, "$['api-books'].settings.index.number_of_shards")).isEqualTo("2");
        assertThat(JsonPath.<String>read(index, "$['api-books'].settings.index.number_of_replicas")).isEqualTo("1");
        assertThat(JsonPath.<String>read(index, "$['api-books'].settings.index.refresh_interval")).isEqualTo("5s");
        assertThat(JsonPath.<String>read(index, "$['api-books'].settings.index.uuid")).hasSize(22);
        assertThat(head(BASE + "/api-books").statusCode()).isEqualTo(200);

        HttpResponse<String> again = http.putJson(BASE + "/api-books", "{}");
        assertEsError(again, 400, "resource_already_exists_exception");
        assertThat(JsonPath.<String>read(again.body(), "$.error.index")).isEqualTo("api-books");
        assertEsError(http.putJson(BASE + "/API", "{}"), 400, "invalid_index_name_exception");
        assertEsError(http.putJson(BASE + "/api-bad", "{\"settings\": {\"number_of_shards\": 0}}"), 400,
                "illegal_argument_exception");
        assertEsError(http.putJson(BASE + "/api-bad", "{\"settings\": {\"colour\": \"red\"}}"), 400,
                "illegal_argument_exception");
        assertEsError(http.putJson(BASE + "/api-bad", "{\"mappings\": {\"properties\": {\"f\": {\"type\": \"nope\"}}}}"),
                400, "mapper_parsing_exception");

        String health = http.get(BASE + "/_cluster/health").body();
        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("yellow");
        assertThat(JsonPath.<Integer>read(health, "$.number_of_nodes")).isEqualTo(1);
        http.putJson(BASE + "/api-green", "{\"settings\": {\"number_of_replicas\": 0}}");
        String green = http.get(BASE + "/_cluster/health/api-green").body();
        assertThat(JsonPath.<String>read(green, "$.status")).isEqualTo("green");
        assertThat(JsonPath.<Integer>read(green, "$.active_primary_shards")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(green, "$.unassigned_shards")).isZero();

        HttpResponse<String> deleted = http.delete(BASE + "/api-books");
        assertThat(deleted.body()).isEqualTo("{\"acknowledged\":true}");
        HttpResponse<String> missing = http.get(BASE + "/api-books");
        assertEsError(missing, 404, "index_not_found_exception");
        assertThat(JsonPath.<String>read(missing.body(), "$.error.reason")).isEqualTo("no such index [api-books]");
        assertThat(JsonPath.<String>read(missing.body(), "$.error['resource.id']")).isEqualTo("api-books");
        assertThat(head(BASE + "/api-books").statusCode()).isEqualTo(404);
        assertEsError(http.delete(BASE + "/api-books"), 404, "index_not_found_exception");
    }

    @Test
    void indexSettingsAreUpdatedInPlaceAndFixedOnesRefused() {
        assertThat(http.putJson(BASE + "/set-books", "{\"settings\": {\"number_of_shards\": 2}}").statusCode())
                .isEqualTo(200);
        assertThat(JsonPath.<String>read(http.get("/api/v1/search/_cluster/health/set-books").body(), "$.status"))
                .isEqualTo("yellow");

        HttpResponse<String> updated = http.putJson(BASE + "/set-books/_settings",
                "{\"index\": {\"number_of_replicas\": 0, \"refresh_interval\": \"-1\"}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(updated.body(), "$.acknowledged")).isTrue();
        String settings = http.get(BASE + "/set-books/_settings").body();
        assertThat(JsonPath.<String>read(settings, "$.set-books.settings.index.number_of_replicas")).isEqualTo("0");
        assertThat(JsonPath.<String>read(settings, "$.set-books.settings.index.refresh_interval")).isEqualTo("-1");
        assertThat(JsonPath.<String>read(http.get("/api/v1/search/_cluster/health/set-books").body(), "$.status"))
                .isEqualTo("green");
        assertThat(http.putJson(BASE + "/set-books/_settings", "{\"settings\": {\"index.refresh_interval\": null}}")
                .statusCode()).isEqualTo(200);
        assertThat(http.get(BASE + "/set-books/_settings").body()).doesNotContain("refresh_interval");

        assertEsError(http.putJson(BASE + "/set-books/_settings", "{\"index\": {\"number_of_shards\": 3}}"), 400,
                "illegal_argument_exception");
        assertEsError(http.putJson(BASE + "/set-books/_settings", "{}"), 400, "action_request_validation_exception");
        assertEsError(http.putJson(BASE + "/set-none/_settings", "{\"number_of_replicas\": 0}"), 404,
                "index_not_found_exception");
        assertThat(JsonPath.<String>read(http.get(BASE + "/set-books/_settings").body(),
                "$.set-books.settings.index.number_of_shards")).isEqualTo("2");

        assertThat(http.putJson(BASE + "/set-books/_settings", "{\"index.blocks.write\": true}").statusCode())
                .isEqualTo(200);
        assertEsError(http.putJson(BASE + "/set-books/_doc/1", "{}"), 403, "cluster_block_exception");
        String bulk = http.post(BASE + "/set-books/_bulk", "application/x-ndjson", "{\"index\": {}}\n{}\n").body();
        assertThat(JsonPath.<Integer>read(bulk, "$.items[0].index.status")).isEqualTo(403);
        assertThat(JsonPath.<String>read(bulk, "$.items[0].index.error.reason"))
                .isEqualTo("index [set-books] blocked by: [FORBIDDEN/8/index write (api)];");
        assertThat(http.putJson(BASE + "/set-books/_settings", "{\"index.blocks.write\": false}").statusCode())
                .isEqualTo(200);
        assertThat(http.putJson(BASE + "/set-books/_doc/1", "{}").statusCode()).isEqualTo(201);
    }

    @Test
    void aForceMergeAnswersWhenDoneAndRefusesConflictingParameters() {
        assertThat(http.putJson(BASE + "/fm-logs/_doc/1?refresh=true", "{\"n\": 1}").statusCode()).isEqualTo(201);
        assertThat(http.putJson(BASE + "/fm-logs/_doc/2?refresh=true", "{\"n\": 2}").statusCode()).isEqualTo(201);
        HttpResponse<String> merged = http.postJson(BASE + "/fm-*/_forcemerge?max_num_segments=1", "");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(merged.body(), "$._shards.successful")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(http.postJson(BASE + "/fm-logs/_count", "{}").body(), "$.count")).isEqualTo(2);
        assertEsError(http.postJson(BASE + "/fm-logs/_forcemerge?max_num_segments=1&only_expunge_deletes=true", ""),
                400, "action_request_validation_exception");
        assertEsError(http.postJson(BASE + "/fm-none/_forcemerge", ""), 404, "index_not_found_exception");
    }

    @Test
    void documentsAreIndexedFetchedAndDeletedWithVersionsAndSequenceNumbers() {
        http.putJson(BASE + "/api-docs", "{}");
        HttpResponse<String> created = http.putJson(BASE + "/api-docs/_doc/1",
                "{\"user\": {\"name\": \"ada\", \"age\": 36}, \"message\": \"hello\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JsonPath.<String>read(created.body(), "$.result")).isEqualTo("created");
        assertThat(JsonPath.<Integer>read(created.body(), "$._version")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(created.body(), "$._seq_no")).isZero();
        assertThat(JsonPath.<Integer>read(created.body(), "$._primary_term")).isEqualTo(1);
        assertThat(JsonPath.<Map<String, Object>>read(created.body(), "$._shards"))
                .isEqualTo(Map.of("total", 2, "successful", 1, "failed", 0));

        HttpResponse<String> updated = http.postJson(BASE + "/api-docs/_doc/1?refresh=true",
                "{\"user\": {\"name\": \"ada\", \"age\": 37}, \"message\": \"hello again\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(updated.body(), "$.result")).isEqualTo("updated");
        assertThat(JsonPath.<Boolean>read(updated.body(), "$.forced_refresh")).isTrue();
        assertThat(JsonPath.<Integer>read(updated.body(), "$._version")).isEqualTo(2);

        String got = http.get(BASE + "/api-docs/_doc/1").body();
        assertThat(JsonPath.<Boolean>read(got, "$.found")).isTrue();
        assertThat(JsonPath.<Integer>read(got, "$._seq_no")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(got, "$._source.user.age")).isEqualTo(37);
        String filtered = http.get(BASE + "/api-docs/_doc/1?_source_includes=user.*&_source_excludes=user.age").body();
        assertThat(JsonPath.<Map<String, Object>>read(filtered, "$._source"))
                .isEqualTo(Map.of("user", Map.of("name", "ada")));
        assertThat(http.get(BASE + "/api-docs/_doc/1?_source=message").body()).contains("\"_source\":{\"message\":");
        assertThat(http.get(BASE + "/api-docs/_doc/1?_source=false").body()).doesNotContain("_source");
        assertThat(http.get(BASE + "/api-docs/_source/1").body()).contains("\"message\"");

        HttpResponse<String> conflict = http.putJson(BASE + "/api-docs/_doc/1?op_type=create", "{}");
        assertEsError(conflict, 409, "version_conflict_engine_exception");
        assertThat(JsonPath.<String>read(conflict.body(), "$.error.reason"))
                .isEqualTo("[1]: version conflict, document already exists (current version [2])");
        assertThat(JsonPath.<String>read(conflict.body(), "$.error.shard")).isEqualTo("0");
        assertEsError(http.putJson(BASE + "/api-docs/_create/1", "{}"), 409, "version_conflict_engine_exception");
        assertEsError(http.putJson(BASE + "/api-docs/_doc/1?if_seq_no=0&if_primary_term=1", "{}"), 409,
                "version_conflict_engine_exception");
        HttpResponse<String> cas = http.putJson(BASE + "/api-docs/_doc/1?if_seq_no=1&if_primary_term=1",
                "{\"message\": \"cas\"}");
        assertThat(cas.statusCode()).as(cas.body()).isEqualTo(200);

        HttpResponse<String> generated = http.postJson(BASE + "/api-docs/_doc", "{\"message\": \"auto\"}");
        assertThat(generated.statusCode()).isEqualTo(201);
        String id = JsonPath.read(generated.body(), "$._id");
        assertThat(id).hasSize(20);
        assertThat(http.get(BASE + "/api-docs/_doc/" + id).statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = http.delete(BASE + "/api-docs/_doc/1");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(deleted.body(), "$.result")).isEqualTo("deleted");
        HttpResponse<String> gone = http.get(BASE + "/api-docs/_doc/1");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<Map<String, Object>>read(gone.body(), "$"))
                .isEqualTo(Map.of("_index", "api-docs", "_id", "1", "found", false));
        HttpResponse<String> deletedAgain = http.delete(BASE + "/api-docs/_doc/1");
        assertThat(deletedAgain.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(deletedAgain.body(), "$.result")).isEqualTo("not_found");

        String refreshed = http.postJson(BASE + "/api-docs/_refresh", "").body();
        assertThat(JsonPath.<Integer>read(refreshed, "$._shards.successful")).isEqualTo(1);
        assertEsError(http.get(BASE + "/api-missing/_doc/1"), 404, "index_not_found_exception");
    }

    @Test
    void partialUpdatesMergeUpsertAndDetectNoops() {
        http.putJson(BASE + "/api-update/_doc/1", "{\"user\": {\"name\": \"ada\", \"langs\": [\"en\"]}, \"n\": 1}");
        HttpResponse<String> updated = http.postJson(BASE + "/api-update/_update/1",
                "{\"doc\": {\"user\": {\"city\": \"London\"}, \"n\": 2}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(updated.body(), "$.result")).isEqualTo("updated");
        assertThat(JsonPath.<Integer>read(updated.body(), "$._version")).isEqualTo(2);
        String merged = http.get(BASE + "/api-update/_doc/1").body();
        assertThat(JsonPath.<Map<String, Object>>read(merged, "$._source")).isEqualTo(Map.of(
                "user", Map.of("name", "ada", "langs", List.of("en"), "city", "London"), "n", 2));

        HttpResponse<String> noop = http.postJson(BASE + "/api-update/_update/1", "{\"doc\": {\"n\": 2}}");
        assertThat(JsonPath.<String>read(noop.body(), "$.result")).isEqualTo("noop");
        assertThat(JsonPath.<Integer>read(noop.body(), "$._version")).isEqualTo(2);
        assertThat(JsonPath.<Integer>read(noop.body(), "$._shards.total")).isZero();

        HttpResponse<String> missing = http.postJson(BASE + "/api-update/_update/2", "{\"doc\": {\"n\": 1}}");
        assertEsError(missing, 404, "document_missing_exception");
        assertThat(JsonPath.<String>read(missing.body(), "$.error.reason")).isEqualTo("[2]: document missing");
        HttpResponse<String> upserted = http.postJson(BASE + "/api-update/_update/2",
                "{\"doc\": {\"n\": 1}, \"doc_as_upsert\": true}");
        assertThat(upserted.statusCode()).isEqualTo(201);
        assertThat(JsonPath.<String>read(upserted.body(), "$.result")).isEqualTo("created");
        HttpResponse<String> upsert = http.postJson(BASE + "/api-update/_update/3",
                "{\"doc\": {\"n\": 5}, \"upsert\": {\"n\": 0}}");
        assertThat(upsert.statusCode()).isEqualTo(201);
        assertThat(JsonPath.<Integer>read(http.get(BASE + "/api-update/_doc/3").body(), "$._source.n")).isZero();
        assertEsError(http.postJson(BASE + "/api-update/_update/1?if_seq_no=0&if_primary_term=1",
                "{\"doc\": {\"n\": 9}}"), 409, "version_conflict_engine_exception");
        assertEsError(http.postJson(BASE + "/api-update/_update/1", "{\"script\": \"ctx._source.n++\"}"), 400,
                "illegal_argument_exception");
    }

    @Test
    void mappingsAreDynamicExplicitAndRefuseConflicts() {
        HttpResponse<String> autoCreated = http.putJson(BASE + "/api-dynamic/_doc/1",
                "{\"name\": \"Ada\", \"age\": 36, \"score\": 1.5, \"ok\": true, \"at\": \"2024-05-01T10:00:00Z\"}");
        assertThat(autoCreated.statusCode()).as(autoCreated.body()).isEqualTo(201);
        String mapping = http.get(BASE + "/api-dynamic/_mapping").body();
        assertThat(JsonPath.<String>read(mapping, "$['api-dynamic'].mappings.properties.name.type")).isEqualTo("text");
        assertThat(JsonPath.<Integer>read(mapping,
                "$['api-dynamic'].mappings.properties.name.fields.keyword.ignore_above")).isEqualTo(256);
        assertThat(JsonPath.<List<String>>read(mapping, "$['api-dynamic'].mappings.properties.*.type"))
                .containsExactly("long", "date", "text", "boolean", "float");

        HttpResponse<String> added = http.putJson(BASE + "/api-dynamic/_mapping",
                "{\"properties\": {\"tags\": {\"type\": \"keyword\"}}}");
        assertThat(added.body()).isEqualTo("{\"acknowledged\":true}");
        HttpResponse<String> conflict = http.putJson(BASE + "/api-dynamic/_mapping",
                "{\"properties\": {\"age\": {\"type\": \"keyword\"}}}");
        assertEsError(conflict, 400, "illegal_argument_exception");
        assertThat(JsonPath.<String>read(conflict.body(), "$.error.reason"))
                .isEqualTo("mapper [age] cannot be changed from type [long] to [keyword]");
        HttpResponse<String> badValue = http.putJson(BASE + "/api-dynamic/_doc/2", "{\"age\": \"old\"}");
        assertEsError(badValue, 400, "mapper_parsing_exception");
        assertEsError(http.putJson(BASE + "/api-dynamic/_doc/3", "[1, 2]"), 400, "mapper_parsing_exception");
        assertEsError(http.putJson(BASE + "/api-dynamic/_doc/3", "{not json"), 400, "mapper_parsing_exception");
    }
}
