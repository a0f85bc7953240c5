package dev.infraplatform.search.ingest;

import dev.infraplatform.storage.DataDirectory;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ingest pipelines on the engine: processors, failure handling, validation and durable storage. */
class IngestPipelineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCESS_LOG =
            "127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326";

    @TempDir
    Path directory;

    private IngestPipelines pipelines;

    private IngestPipelines open() {
        DataDirectory data = new DataDirectory(directory);
        IngestPipelines opened = new IngestPipelines((dir, name, generations) ->
                new FileSnapshotStore(data.resolve(dir), name, generations), () -> 1_700_000_000_123L);
        opened.start();
        return opened;
    }

    @AfterEach
    void close() {
        if (pipelines != null) {
            pipelines.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return JSON.readValue(text, Map.class);
    }

    private Map<String, Object> run(String pipeline, String source) {
        return run(pipeline, "logs", "1", source);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(String pipeline, String index, String id, String source) {
        IngestPipelines.IngestedDocument result = pipelines.process(pipeline, index, id, null,
                source.getBytes(StandardCharsets.UTF_8));
        return JSON.readValue(result.source(), Map.class);
    }

    private static String logLine(String message) {
        return JSON.writeValueAsString(Map.of("message", message));
    }

    @Test
    void anAccessLogLineIsParsedIntoTypedFieldsAndATimestamp() {
        pipelines = open();
        pipelines.put("weblogs", json("""
                {"description": "Apache access log",
                 "processors": [
                   {"grok": {"field": "message", "patterns": ["%{COMMONAPACHELOG}"]}},
                   {"date": {"field": "timestamp", "formats": ["dd/MMM/yyyy:HH:mm:ss Z"]}},
                   {"convert": {"field": "response", "type": "integer"}},
                   {"convert": {"field": "bytes", "type": "long"}},
                   {"rename": {"field": "clientip", "target_field": "client.ip"}},
                   {"lowercase": {"field": "verb", "target_field": "http.method"}},
                   {"set": {"field": "event.original_request", "value": "{{verb}} {{request}}"}},
                   {"remove": {"field": ["message", "timestamp", "ident", "auth"]}}
                 ]}"""));

        Map<String, Object> doc = run("weblogs", logLine(ACCESS_LOG));

        assertThat(doc).containsEntry("@timestamp", "2000-10-10T20:55:36.000Z")
                .containsEntry("response", 200)
                .containsEntry("bytes", 2326)
                .containsEntry("verb", "GET")
                .containsEntry("request", "/apache_pb.gif")
                .containsEntry("httpversion", "1.0")
                .doesNotContainKeys("message", "timestamp", "ident", "auth", "clientip");
        assertThat(doc.get("client")).isEqualTo(Map.of("ip", "127.0.0.1"));
        assertThat(doc.get("http")).isEqualTo(Map.of("method", "get"));
        assertThat(doc.get("event")).isEqualTo(Map.of("original_request", "GET /apache_pb.gif"));
    }

    @Test
    void grokTakesTheFirstMatchingPatternWithTypeConversionsAndOwnDefinitions() {
        pipelines = open();
        pipelines.put("explicit", json("""
                {"processors": [{"grok": {"field": "message",
                  "patterns": ["%{NOPE_WORD:never} %{GREEDYDATA}",
                               "%{IP:client.ip} - - \\\\[%{HTTPDATE:ts}\\\\] \\"%{WORD:method} %{URIPATH:path} %{PROTO:proto}\\" %{NUMBER:status:int} %{NUMBER:size:float}"],
                  "pattern_definitions": {"NOPE_WORD": "nope", "PROTO": "HTTP/%{NUMBER}"}}}]}"""));

        Map<String, Object> doc = run("explicit", logLine(ACCESS_LOG));

        assertThat(doc).containsEntry("ts", "10/Oct/2000:13:55:36 -0700").containsEntry("method", "GET")
                .containsEntry("path", "/apache_pb.gif").containsEntry("proto", "HTTP/1.0")
                .containsEntry("status", 200).containsEntry("size", 2326.0)
                .doesNotContainKey("never");
        assertThat(doc.get("client")).isEqualTo(Map.of("ip", "127.0.0.1"));
    }

    @Test
    void datesAreReadInTheFirstFormatThatFitsAndWrittenInTheTargetZone() {
        pipelines = open();
        pipelines.put("dates", json("""
                {"processors": [{"date": {"field": "t", "target_field": "at", "timezone": "Europe/Amsterdam",
                  "formats": ["UNIX_MS", "ISO8601", "UNIX", "dd MMMM yyyy HH:mm"], "locale": "de"}}]}"""));
        Map<String, String> expected = Map.of(
                "971211336000", "2000-10-10T22:55:36.000+02:00",
                "2000-10-10T20:55:36Z", "2000-10-10T22:55:36.000+02:00",
                "2000-10-10T21:55:36.5+0100", "2000-10-10T22:55:36.500+02:00",
                "2000-10-10T22:55:36", "2000-10-10T22:55:36.000+02:00",
                "2000-10-10", "2000-10-10T00:00:00.000+02:00",
                "971211336.25", "2000-10-10T22:55:36.250+02:00",
                "10 Oktober 2000 22:55", "2000-10-10T22:55:00.000+02:00");
        expected.forEach((input, output) -> assertThat(run("dates", JSON.writeValueAsString(Map.of("t", input))))
                .as(input).containsEntry("at", output));
        assertThatThrownBy(() -> run("dates", "{\"t\": \"yesterday\"}"))
                .isInstanceOf(IngestProcessorException.class).hasMessage("unable to parse date [yesterday]");
    }

    @Test
    void aFailingProcessorFailsTheDocumentWithItsOwnErrorUnlessHandled() {
        pipelines = open();
        pipelines.put("strict", json("""
                {"processors": [{"grok": {"field": "message", "patterns": ["%{COMMONAPACHELOG}"]}}]}"""));
        assertThatThrownBy(() -> run("strict", logLine("not a log line")))
                .isInstanceOfSatisfying(IngestProcessorException.class, e -> {
                    assertThat(e.type()).isEqualTo("illegal_argument_exception");
                    assertThat(e.getMessage()).isEqualTo("Provided Grok expressions do not match field value: [not a log line]");
                    assertThat(e.processorType()).isEqualTo("grok");
                });
        assertThatThrownBy(() -> run("strict", "{\"other\": 1}"))
                .isInstanceOf(IngestProcessorException.class)
                .hasMessage("field [message] not present as part of path [message]");
        assertThatThrownBy(() -> run("absent", logLine(ACCESS_LOG)))
                .isInstanceOf(PipelineMissingException.class)
                .hasMessage("pipeline with id [absent] does not exist");

        pipelines.put("handled", json("""
                {"processors": [
                   {"grok": {"field": "message", "patterns": ["%{COMMONAPACHELOG}"], "tag": "parse-log",
                     "on_failure": [{"set": {"field": "error.message", "value": "{{ _ingest.on_failure_message }}"}},
                                    {"set": {"field": "error.processor", "value": "{{_ingest.on_failure_processor_type}}/{{_ingest.on_failure_processor_tag}}"}}]}},
                   {"set": {"field": "after", "value": true}},
                   {"convert": {"field": "missing", "type": "integer", "ignore_failure": true}}]}"""));
        Map<String, Object> handled = run("handled", logLine("garbage"));
        assertThat(handled).containsEntry("after", true).containsEntry("message", "garbage");
        assertThat(handled.get("error")).isEqualTo(Map.of(
                "message", "Provided Grok expressions do not match field value: [garbage]",
                "processor", "grok/parse-log"));

        pipelines.put("pipeline-level", json("""
                {"processors": [{"convert": {"field": "n", "type": "integer"}}, {"set": {"field": "skipped", "value": 1}}],
                 "on_failure": [{"set": {"field": "_index", "value": "failed-{{ _index }}"}},
                                {"set": {"field": "failure", "value": "{{_ingest.on_failure_message}}"}}]}"""));
        IngestPipelines.IngestedDocument rerouted = pipelines.process("pipeline-level", "logs", "7", null,
                "{\"n\": \"x1\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(rerouted.index()).isEqualTo("failed-logs");
        assertThat(rerouted.id()).isEqualTo("7");
        assertThat(JSON.readValue(rerouted.source(), Map.class))
                .isEqualTo(Map.of("n", "x1", "failure", "unable to convert [x1] to integer"));
    }

    @Test
    void ignoreMissingSkipsAbsentFieldsAndProcessorsWorkOnListsAndNestedObjects() {
        pipelines = open();
        pipelines.put("lenient", json("""
                {"processors": [
                   {"grok": {"field": "message", "patterns": ["%{WORD:w}"], "ignore_missing": true}},
                   {"remove": {"field": "nope", "ignore_missing": true}},
                   {"rename": {"field": "nope", "target_field": "x", "ignore_missing": true}},
                   {"convert": {"field": "user.age", "type": "auto"}},
                   {"convert": {"field": "scores", "type": "double"}},
                   {"uppercase": {"field": "tags"}},
                   {"trim": {"field": "user.name"}},
                   {"split": {"field": "csv", "separator": ","}},
                   {"append": {"field": "tags", "value": ["B", "C"], "allow_duplicates": false}},
                   {"set": {"field": "user.name", "value": "ignored", "override": false}},
                   {"set": {"field": "_id", "value": "user-{{user.name}}"}}
                 ]}"""));

        IngestPipelines.IngestedDocument result = pipelines.process("lenient", "people", null, null, """
                {"user": {"name": "  ann ", "age": "42"}, "scores": ["1.5", 2], "tags": ["a", "b"], "csv": "x,y,z"}
                """.getBytes(StandardCharsets.UTF_8));

        assertThat(result.id()).isEqualTo("user-ann");
        assertThat(JSON.readValue(result.source(), Map.class)).isEqualTo(Map.of(
                "user", Map.of("name", "ann", "age", 42),
                "scores", List.of(1.5, 2.0),
                "tags", List.of("A", "B", "C"),
                "csv", List.of("x", "y", "z")));
    }

    @Test
    void invalidDefinitionsAreRefusedAsElasticsearchDoesAndNothingIsStored() {
        pipelines = open();
        assertThatThrownBy(() -> pipelines.put("p", json("{\"processors\": [{\"nope\": {}}]}")))
                .isInstanceOfSatisfying(IngestConfigurationException.class, e -> {
                    assertThat(e.type()).isEqualTo("parse_exception");
                    assertThat(e.getMessage()).isEqualTo("No processor type exists with name [nope]");
                    assertThat(e.orderedMetadata()).containsExactly(Map.entry("processor_type", "nope"));
                });
        assertThatThrownBy(() -> pipelines.put("p", json("{\"processors\": [{\"set\": {\"value\": 1}}]}")))
                .isInstanceOfSatisfying(IngestConfigurationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("[field] required property is missing");
                    assertThat(e.orderedMetadata()).containsExactly(Map.entry("processor_type", "set"),
                            Map.entry("property_name", "field"));
                });
        assertThatThrownBy(() -> pipelines.put("p", json("{\"description\": \"no processors\"}")))
                .hasMessage("[processors] required property is missing");
        assertThatThrownBy(() -> pipelines.put("p", json("{\"processors\": [{\"set\": {\"field\": \"a\", \"value\": 1, \"colour\": 2}}]}")))
                .hasMessage("processor [set] doesn't support one or more provided configuration parameters [colour]");
        assertThatThrownBy(() -> pipelines.put("p", json("{\"processors\": [{\"set\": {\"field\": \"a\", \"value\": 1, \"if\": \"ctx.a != null\"}}]}")))
                .isInstanceOf(IngestConfigurationException.class).hasMessageStartingWith("[if] ");
        assertThatThrownBy(() -> pipelines.put("p", json("{\"processors\": [{\"grok\": {\"field\": \"m\", \"patterns\": [\"%{UNKNOWN}\"]}}]}")))
                .isInstanceOf(IngestConfigurationException.class).hasMessageContaining("Invalid regex pattern found in");
        assertThatThrownBy(() -> pipelines.put("p", json("{\"processors\": [{\"convert\": {\"field\": \"a\", \"type\": \"colour\"}}]}")))
                .hasMessage("[type] type [colour] not supported, cannot convert field.");
        assertThat(pipelines.get("p")).isEmpty();
        pipelines.close();
        pipelines = open();
        assertThat(pipelines.matching(null)).isEmpty();
    }

    @Test
    void pipelinesSurviveAReopenAndDeletionsToo() {
        pipelines = open();
        pipelines.put("keep", json("{\"description\": \"kept\", \"processors\": [{\"set\": {\"field\": \"kept\", \"value\": 1}}]}"));
        pipelines.put("drop-1", json("{\"processors\": [{\"set\": {\"field\": \"x\", \"value\": 1}}]}"));
        pipelines.put("drop-2", json("{\"processors\": [{\"set\": {\"field\": \"x\", \"value\": 2}}]}"));
        assertThat(pipelines.delete("drop-*")).isEqualTo(2);
        assertThat(pipelines.delete("drop-1")).isZero();
        pipelines.close();

        pipelines = open();
        assertThat(pipelines.matching(null)).containsOnlyKeys("keep");
        assertThat(pipelines.get("keep").orElseThrow().definition()).isEqualTo(json(
                "{\"description\": \"kept\", \"processors\": [{\"set\": {\"field\": \"kept\", \"value\": 1}}]}"));
        assertThat(run("keep", "{}")).isEqualTo(Map.of("kept", 1));
    }

    @Test
    void concurrentDefinitionsAreAllKeptWhileDocumentsRunThroughAPipeline() throws Exception {
        pipelines = open();
        pipelines.put("shared", json("{\"processors\": [{\"set\": {\"field\": \"copy\", \"copy_from\": \"n\"}}]}"));
        int writers = 8;
        int documents = 200;
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String id = "p" + w;
                futures.add(executor.submit(() -> pipelines.put(id, json(
                        "{\"processors\": [{\"set\": {\"field\": \"by\", \"value\": \"" + id + "\"}}]}"))));
            }
            for (int d = 0; d < documents; d++) {
                int n = d;
                futures.add(executor.submit(() -> assertThat(run("shared", "{\"n\": " + n + "}"))
                        .isEqualTo(Map.of("n", n, "copy", n))));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }
        assertThat(pipelines.matching("p*")).hasSize(writers);
        pipelines.close();
        pipelines = open();
        assertThat(pipelines.matching(null)).hasSize(writers + 1);
        assertThat(run("p3", "{}")).isEqualTo(Map.of("by", "p3"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void simulationShowsEachDocumentOrItsErrorAndVerboseEachProcessor() {
        pipelines = open();
        Pipeline pipeline = pipelines.parse("_simulate_pipeline", json("""
                {"processors": [{"set": {"field": "seen", "value": "{{_ingest.timestamp}}", "tag": "mark"}},
                                {"convert": {"field": "n", "type": "integer"}}]}"""));
        List<Map<String, Object>> results = pipelines.simulate(pipeline, List.of(
                Map.of("_index", "i", "_id", "1", "_source", Map.of("n", "5")),
                Map.of("_source", Map.of("n", "five"))), false);

        Map<String, Object> doc = (Map<String, Object>) results.get(0).get("doc");
        assertThat(doc).containsEntry("_index", "i").containsEntry("_id", "1").containsEntry("_version", "-3");
        assertThat(doc.get("_source")).isEqualTo(Map.of("n", 5, "seen", "2023-11-14T22:13:20.123Z"));
        assertThat(doc.get("_ingest")).isEqualTo(Map.of("timestamp", "2023-11-14T22:13:20.123Z"));
        Map<String, Object> error = (Map<String, Object>) results.get(1).get("error");
        assertThat(error).containsEntry("type", "illegal_argument_exception")
                .containsEntry("reason", "unable to convert [five] to integer");

        List<Map<String, Object>> verbose = (List<Map<String, Object>>) pipelines.simulate(pipeline,
                List.of(Map.of("_source", Map.of("n", "five"))), true).getFirst().get("processor_results");
        assertThat(verbose).extracting(r -> r.get("processor_type")).containsExactly("set", "convert");
        assertThat(verbose).extracting(r -> r.get("status")).containsExactly("success", "error");
        assertThat(verbose.getFirst()).containsEntry("tag", "mark");

        assertThatThrownBy(() -> pipelines.simulate(pipeline, List.of(Map.of("_id", "1")), false))
                .hasMessage("[_source] required property is missing");
        assertThatThrownBy(() -> pipelines.simulate(pipeline, null, false))
                .hasMessage("[docs] required property is missing");
    }
}
