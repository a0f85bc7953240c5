package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.ParsingException;
import dev.infraplatform.search.ingest.IngestPipelines;
import dev.infraplatform.search.ingest.Pipeline;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ingest pipelines in Elasticsearch's shapes: define ({@code PUT}), read ({@code GET}, one id, a
 * comma list or wildcards, or all; 404 {@code {}} when none matches, as Elasticsearch answers),
 * delete, and {@code _simulate} a stored or inline pipeline on sample documents.
 */
@RestController
@RequestMapping("/api/v1/search/_ingest/pipeline")
@Tag(name = "Search: ingest", description = "Elasticsearch-compatible ingest pipeline APIs")
class IngestController {

    /** The id Elasticsearch gives an inline pipeline in {@code _simulate}. */
    private static final String INLINE_ID = "_simulate_pipeline";

    private final IngestPipelines pipelines;

    IngestController(IngestPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @PutMapping("/{id}")
    @Operation(summary = "Create or replace a pipeline", description = "Body: `{\"description\": …, \"processors\": "
            + "[{\"grok\": {…}}, …], \"on_failure\": […]}`; processors: grok, date, convert, set, remove, rename, "
            + "append, split, lowercase, uppercase, trim (no scripts, no `if`)")
    Map<String, Object> put(@PathVariable String id, @RequestBody(required = false) byte[] body) {
        pipelines.put(id, RequestBodies.object(body));
        return Map.of("acknowledged", true);
    }

    @GetMapping({"", "/{id}"})
    @Operation(summary = "Get pipelines", description = "By id, comma list or wildcard; all without an id")
    ResponseEntity<Map<String, Object>> get(@PathVariable(required = false) String id) {
        Map<String, Object> found = new LinkedHashMap<>();
        pipelines.matching(id).forEach((name, pipeline) -> found.put(name, pipeline.definition()));
        return ResponseEntity.status(found.isEmpty() ? HttpStatus.NOT_FOUND : HttpStatus.OK).body(found);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete pipelines", description = "By id, comma list or wildcard; 404 if none matches")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String id) {
        if (pipelines.delete(id) == 0 && !id.equals("*")) {
            Map<String, Object> cause = new LinkedHashMap<>();
            cause.put("type", "resource_not_found_exception");
            cause.put("reason", "pipeline [" + id + "] is missing");
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("root_cause", List.of(cause));
            error.putAll(cause);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", error);
            body.put("status", 404);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
        }
        return ResponseEntity.ok(Map.of("acknowledged", true));
    }

    @RequestMapping(path = {"/_simulate", "/{id}/_simulate"}, method = {RequestMethod.POST, RequestMethod.GET})
    @Operation(summary = "Run a pipeline on sample documents", description = "Body: `{\"docs\": [{\"_index\": …, "
            + "\"_id\": …, \"_source\": {…}}]}` and, without an id in the path, the inline `pipeline`; "
            + "`verbose=true` shows each processor's result")
    Map<String, Object> simulate(@PathVariable(required = false) String id,
                                 @RequestParam(defaultValue = "false") boolean verbose,
                                 @RequestBody(required = false) byte[] body) {
        Map<String, Object> request = RequestBodies.object(body);
        Pipeline pipeline;
        if (id != null) {
            pipeline = pipelines.pipelineToSimulate(id);
        } else {
            if (!request.containsKey("pipeline")) {
                throw new ParsingException("[pipeline] required property is missing");
            }
            pipeline = pipelines.parse(INLINE_ID, RequestBodies.objectMember(request, "pipeline"));
        }
        return Map.of("docs", pipelines.simulate(pipeline, request.get("docs"), verbose));
    }
}
