package dev.infraplatform.search.api;

import com.jayway.jsonpath.JsonPath;
import dev.infraplatform.RunningPlatformTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest pipelines over REST: definition, simulation, and pipelines on index and bulk writes, in Elasticsearch's shapes. */
class IngestApiTest extends RunningPlatformTest {

    private static final String BASE = "/api/v1/search";
    private static final String PIPELINE = """
            {"description": "Apache access log",
             "processors": [
               {"grok": {"field": "message", "patterns": ["%{COMMONAPACHELOG}"]}},
               {"date": {"field": "timestamp", "formats": ["dd/MMM/yyyy:HH:mm:ss Z"]}},
               {"convert": {"field": "response", "type": "integer"}},
               {"convert": {"field": "bytes", "type": "long"}},
               {"remove": {"field": ["message", "timestamp"]}}]}""";
    private static final String LINE = "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \\\"GET /apache_pb.gif HTTP/1.0\\\" 200 2326";

    private static void assertEsError(HttpResponse<String> response, int status, String type, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.error.type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.root_cause[0].type")).isEqualTo(type);
        assertThat(JsonPath.<String>read(response.body(), "$.error.reason")).isEqualTo(reason);
    }

    @Test
    void pipelinesAreDefinedReadAndDeletedInElasticsearchShapes() {
        HttpResponse<String> put = http.putJson(BASE + "/_ingest/pipeline/api-logs", PIPELINE);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("{\"acknowledged\":true}");

        String one = http.get(BASE + "/_ingest/pipeline/api-logs").body();
        assertThat(JsonPath.<String>read(one, "$['api-logs'].description")).isEqualTo("Apache access log");
        assertThat(JsonPath.<List<String>>read(one, "$['api-logs'].processors[0].grok.patterns"))
                .containsExactly("%{COMMONAPACHELOG}");
        assertThat(JsonPath.<Map<String, Object>>read(http.get(BASE + "/_ingest/pipeline").body(), "$"))
                .containsKey("api-logs");
        assertThat(JsonPath.<Map<String, Object>>read(http.get(BASE + "/_ingest/pipeline/api-*").body(), "$"))
                .containsOnlyKeys("api-logs");

        HttpResponse<String> missing = http.get(BASE + "/_ingest/pipeline/api-none");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{}");

        HttpResponse<String> unknown = http.putJson(BASE + "/_ingest/pipeline/api-bad",
                "{\"processors\": [{\"colour\": {\"field\": \"a\"}}]}");
        assertEsError(unknown, 400, "parse_exception", "No processor type exists with name [colour]");
        assertThat(JsonPath.<String>read(unknown.body(), "$.error.processor_type")).isEqualTo("colour");
        HttpResponse<String> noField = http.putJson(BASE + "/_ingest/pipeline/api-bad",
                "{\"processors\": [{\"date\": {\"formats\": [\"UNIX\"]}}]}");
        assertEsError(noField, 400, "parse_exception", "[field] required property is missing");
        assertThat(JsonPath.<String>read(noField.body(), "$.error.root_cause[0].processor_type")).isEqualTo("date");
        assertThat(JsonPath.<String>read(noField.body(), "$.error.property_name")).isEqualTo("field");
        assertThat(http.get(BASE + "/_ingest/pipeline/api-bad").statusCode()).isEqualTo(404);

        assertThat(http.delete(BASE + "/_ingest/pipeline/api-logs").body()).isEqualTo("{\"acknowledged\":true}");
        assertThat(http.get(BASE + "/_ingest/pipeline/api-logs").statusCode()).isEqualTo(404);
        assertEsError(http.delete(BASE + "/_ingest/pipeline/api-logs"), 404, "resource_not_found_exception",
                "pipeline [api-logs] is missing");
    }

    @Test
    void simulateRunsAStoredOrInlinePipelineOnSampleDocuments() {
        http.putJson(BASE + "/_ingest/pipeline/api-sim", PIPELINE);
        String docs = "\"docs\": [{\"_index\": \"web\", \"_id\": \"1\", \"_source\": {\"message\": \"" + LINE + "\"}},"
                + " {\"_source\": {\"message\": \"garbage\"}}]";

        HttpResponse<String> stored = http.postJson(BASE + "/_ingest/pipeline/api-sim/_simulate", "{" + docs + "}");
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        String body = stored.body();
        assertThat(JsonPath.<String>read(body, "$.docs[0].doc._index")).isEqualTo("web");
        assertThat(JsonPath.<String>read(body, "$.docs[0].doc._id")).isEqualTo("1");
        assertThat(JsonPath.<String>read(body, "$.docs[0].doc._source['@timestamp']")).isEqualTo("2000-10-10T20:55:36.000Z");
        assertThat(JsonPath.<Integer>read(body, "$.docs[0].doc._source.response")).isEqualTo(200);
        assertThat(JsonPath.<String>read(body, "$.docs[0].doc._source.clientip")).isEqualTo("127.0.0.1");
        assertThat(JsonPath.<String>read(body, "$.docs[0].doc._ingest.timestamp")).isNotBlank();
        assertThat(JsonPath.<String>read(body, "$.docs[1].error.type")).isEqualTo("illegal_argument_exception");
        assertThat(JsonPath.<String>read(body, "$.docs[1].error.reason"))
                .isEqualTo("Provided Grok expressions do not match field value: [garbage]");

        String inline = http.postJson(BASE + "/_ingest/pipeline/_simulate?verbose=true", "{\"pipeline\": "
                + "{\"processors\": [{\"uppercase\": {\"field\": \"message\", \"tag\": \"up\"}}]}, " + docs + "}").body();
        assertThat(JsonPath.<String>read(inline, "$.docs[1].processor_results[0].tag")).isEqualTo("up");
        assertThat(JsonPath.<String>read(inline, "$.docs[1].processor_results[0].status")).isEqualTo("success");
        assertThat(JsonPath.<String>read(inline, "$.docs[1].processor_results[0].doc._source.message")).isEqualTo("GARBAGE");

        assertEsError(http.postJson(BASE + "/_ingest/pipeline/api-none/_simulate", "{" + docs + "}"), 400,
                "illegal_argument_exception", "pipeline [api-none] does not exist");
        assertEsError(http.postJson(BASE + "/_ingest/pipeline/api-sim/_simulate", "{}"), 400, "parse_exception",
                "[docs] required property is missing");
    }

    @Test
    void writesRunTheirPipelineBeforeIndexingAndAFailingItemFailsAlone() {
        http.putJson(BASE + "/_ingest/pipeline/api-web", PIPELINE);
        HttpResponse<String> indexed = http.putJson(BASE + "/api-web/_doc/1?pipeline=api-web",
                "{\"message\": \"" + LINE + "\"}");
        assertThat(indexed.statusCode()).as(indexed.body()).isEqualTo(201);
        String doc = http.get(BASE + "/api-web/_doc/1").body();
        assertThat(JsonPath.<Map<String, Object>>read(doc, "$._source")).containsEntry("verb", "GET")
                .containsEntry("bytes", 2326).containsEntry("@timestamp", "2000-10-10T20:55:36.000Z")
                .doesNotContainKeys("message", "timestamp");

        assertEsError(http.postJson(BASE + "/api-web/_doc?pipeline=api-web", "{\"message\": \"garbage\"}"), 400,
                "illegal_argument_exception", "Provided Grok expressions do not match field value: [garbage]");
        assertEsError(http.putJson(BASE + "/api-web/_create/2?pipeline=api-none", "{\"message\": \"x\"}"), 400,
                "illegal_argument_exception", "pipeline with id [api-none] does not exist");
        assertThat(http.get(BASE + "/api-web/_doc/2").statusCode()).isEqualTo(404);

        HttpResponse<String> bulk = http.post(BASE + "/api-web/_bulk?pipeline=api-web&refresh=true", "application/x-ndjson",
                "{\"index\": {\"_id\": \"3\"}}\n{\"message\": \"" + LINE.replace("200 2326", "404 0") + "\"}\n"
                        + "{\"index\": {\"_id\": \"4\"}}\n{\"message\": \"garbage\"}\n"
                        + "{\"create\": {\"_id\": \"5\", \"pipeline\": \"_none\"}}\n{\"message\": \"raw\"}\n");
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        assertThat(JsonPath.<Boolean>read(bulk.body(), "$.errors")).isTrue();
        assertThat(JsonPath.<List<Integer>>read(bulk.body(), "$.items[*].*.status")).containsExactly(201, 400, 201);
        assertThat(JsonPath.<String>read(bulk.body(), "$.items[1].index.error.type")).isEqualTo("illegal_argument_exception");
        assertThat(JsonPath.<String>read(bulk.body(), "$.items[1].index.error.reason"))
                .isEqualTo("Provided Grok expressions do not match field value: [garbage]");
        assertThat(JsonPath.<Map<String, Object>>read(http.get(BASE + "/api-web/_doc/5").body(), "$._source"))
                .isEqualTo(Map.of("message", "raw"));

        String notFound = http.postJson(BASE + "/api-web/_search", "{\"query\": {\"term\": {\"response\": 404}}}").body();
        assertThat(JsonPath.<List<String>>read(notFound, "$.hits.hits[*]._id")).containsExactly("3");
        String inRange = http.postJson(BASE + "/api-web/_search", "{\"query\": {\"range\": {\"@timestamp\": "
                + "{\"gte\": \"2000-10-10T20:00:00Z\", \"lt\": \"2000-10-11\"}}}}").body();
        assertThat(JsonPath.<List<String>>read(inRange, "$.hits.hits[*]._id")).containsExactlyInAnyOrder("1", "3");
    }
}
