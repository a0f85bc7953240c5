package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.DateMathIndexNames;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.QueryParsingException;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _mget}: several realtime gets in one request, {@code {"docs": [{"_index", "_id", "routing",
 * "_source"}]}} or, with an index in the path, {@code {"ids": [...]}}; each answers as a get does, a
 * missing index as an item error.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: documents", description = "Elasticsearch-compatible document APIs")
class MultiGetController {

    private static final java.util.Set<String> DOC_KEYS = java.util.Set.of("_index", "_id", "routing", "_source",
            "stored_fields", "version", "version_type");

    private final SearchEngine engine;

    MultiGetController(SearchEngine engine) {
        this.engine = engine;
    }

    @RequestMapping(path = {"/_mget", "/{index}/_mget"}, method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Get several documents", description = "Body: `{\"docs\": [{\"_index\": \"…\", \"_id\": \"…\"}]}` "
            + "or `{\"ids\": [\"…\"]}` with an index in the path")
    Map<String, Object> multiGet(@PathVariable(required = false) String index,
                                 @RequestParam(required = false) String routing,
                                 @RequestParam(name = "stored_fields", required = false) String storedFields,
                                 @RequestParam(name = "_source", required = false) String source,
                                 @RequestParam(name = "_source_includes", required = false) String includes,
                                 @RequestParam(name = "_source_excludes", required = false) String excludes,
                                 @RequestParam(required = false) String realtime,
                                 @RequestParam(required = false) String refresh,
                                 @RequestBody(required = false) byte[] body) {
        Map<String, Object> request = RequestBodies.object(body);
        for (String key : request.keySet()) {
            if (!key.equals("docs") && !key.equals("ids")) {
                throw new QueryParsingException("unknown parameter [" + key + "], expected [docs] or [ids]");
            }
        }
        List<Map<String, Object>> specs = new ArrayList<>();
        if (request.get("docs") instanceof List<?> docs) {
            for (Object doc : docs) {
                if (!(doc instanceof Map<?, ?> map)) {
                    throw new IllegalSearchArgumentException("docs array element should include an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) map;
                for (String key : spec.keySet()) {
                    if (!DOC_KEYS.contains(key)) {
                        throw new QueryParsingException("Unknown key for a VALUE_STRING in [" + key + "].");
                    }
                }
                specs.add(spec);
            }
        } else if (request.get("ids") instanceof List<?> ids) {
            for (Object id : ids) {
                specs.add(Map.of("_id", String.valueOf(id)));
            }
        } else {
            throw new ActionRequestValidationException("no documents to get");
        }
        if (specs.isEmpty()) {
            throw new ActionRequestValidationException("no documents to get");
        }
        List<Map<String, Object>> answers = new ArrayList<>(specs.size());
        java.util.Set<String> refreshed = new java.util.HashSet<>();
        long started = System.currentTimeMillis();
        for (Map<String, Object> spec : specs) {
            String target = spec.get("_index") != null
                    ? DateMathIndexNames.resolve(spec.get("_index").toString(), () -> started) : index;
            Object id = spec.get("_id");
            if (target == null || id == null) {
                throw new ActionRequestValidationException((target == null ? "index" : "id") + " is missing for doc "
                        + answers.size());
            }
            String docRouting = spec.get("routing") != null ? spec.get("routing").toString() : routing;
            List<String> stored = spec.containsKey("stored_fields")
                    ? RequestBodies.names(spec.get("stored_fields"), "stored_fields")
                    : storedFields == null ? null : List.of(storedFields.split(","));
            SourceFilter filter = spec.containsKey("_source") ? SourceFilter.fromBody(spec.get("_source"))
                    : DocumentController.sourceFilter(stored, source, includes, excludes);
            try {
                answers.add(DocumentController.getResponse(DocumentController.realtimeGet(engine.index(target),
                        id.toString(), engine.indexRouting(target, docRouting), realtime,
                        refreshed.add(target) ? refresh : null, null, null, stored), filter));
            } catch (SearchException e) {
                Map<String, Object> cause = new LinkedHashMap<>();
                cause.put("type", e.type());
                cause.put("reason", e.getMessage());
                e.orderedMetadata().forEach(entry -> cause.put(entry.getKey(), entry.getValue()));
                // Elasticsearch's failure shape: the cause, also as the only root cause
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("root_cause", java.util.List.of(cause));
                error.putAll(cause);
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("_index", target);
                answer.put("_id", id.toString());
                answer.put("error", error);
                answers.add(answer);
            }
        }
        return Map.of("docs", answers);
    }
}
