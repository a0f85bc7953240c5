package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.GetResult;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IndexNotFoundException;
import dev.infraplatform.search.engine.RefreshPolicy;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import dev.infraplatform.search.engine.VersionConflictException;
import dev.infraplatform.search.engine.WriteCondition;
import dev.infraplatform.search.engine.WriteResult;
import dev.infraplatform.search.ingest.IngestPipelines;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.util.RawValue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-document calls in Elasticsearch's shapes: index (PUT/POST {@code _doc/{id}}, POST {@code _doc}
 * with a generated id, {@code _create/{id}}), realtime get with {@code _source} filtering, delete.
 * Writing to a missing index creates it with default settings, as Elasticsearch does.
 */
@RestController
@RequestMapping("/api/v1/search/{index}")
@Tag(name = "Search: documents", description = "Elasticsearch-compatible document APIs")
class DocumentController {

    private final SearchEngine engine;
    private final IngestPipelines ingest;

    DocumentController(SearchEngine engine, IngestPipelines ingest) {
        this.engine = engine;
        this.ingest = ingest;
    }

    @RequestMapping(path = "/_doc/{id}", method = {RequestMethod.PUT, RequestMethod.POST})
    @Operation(summary = "Index a document", description = "Creates or replaces it; `op_type=create` refuses to "
            + "replace (409); `if_seq_no` + `if_primary_term` make the write conditional (409 on mismatch)")
    ResponseEntity<Map<String, Object>> index(@PathVariable String index, @PathVariable String id,
                                              @RequestParam(name = "op_type", required = false) String opType,
                                              @RequestParam(required = false) String routing,
                                              @RequestParam(required = false) String refresh,
                                              @RequestParam(name = "if_seq_no", required = false) Long ifSeqNo,
                                              @RequestParam(name = "if_primary_term", required = false) Long ifPrimaryTerm,
                                              @RequestParam(required = false) Long version,
                                              @RequestParam(name = "version_type", required = false) String versionType,
                                              @RequestParam(name = "require_alias", required = false) boolean requireAlias,
                                              @RequestParam(required = false) String pipeline,
                                              @RequestBody(required = false) byte[] body) {
        requireNoAlias(engine, index, requireAlias);
        return write(index, id, WriteCondition.of(create(opType), ifSeqNo, ifPrimaryTerm, version, versionType),
                routing, refresh, body, pipeline);
    }

    @PostMapping("/_doc")
    @Operation(summary = "Index a document under a generated id")
    ResponseEntity<Map<String, Object>> indexWithGeneratedId(@PathVariable String index,
                                                             @RequestParam(required = false) String routing,
                                                             @RequestParam(required = false) String refresh,
                                                             @RequestParam(name = "op_type", required = false) String opType,
                                                             @RequestParam(name = "require_alias", required = false) boolean requireAlias,
                                                             @RequestParam(required = false) String pipeline,
                                                             @RequestBody(required = false) byte[] body) {
        requireNoAlias(engine, index, requireAlias);
        create(opType); // validated; a generated id is always a create
        return write(index, null, new WriteCondition(true, null, null), routing, refresh, body, pipeline);
    }

    @RequestMapping(path = "/_create/{id}", method = {RequestMethod.PUT, RequestMethod.POST})
    @Operation(summary = "Create a document", description = "409 version_conflict_engine_exception if it exists")
    ResponseEntity<Map<String, Object>> create(@PathVariable String index, @PathVariable String id,
                                               @RequestParam(required = false) String routing,
                                               @RequestParam(required = false) String refresh,
                                               @RequestParam(required = false) Long version,
                                               @RequestParam(name = "version_type", required = false) String versionType,
                                               @RequestParam(name = "require_alias", required = false) boolean requireAlias,
                                               @RequestParam(required = false) String pipeline,
                                               @RequestBody(required = false) byte[] body) {
        requireNoAlias(engine, index, requireAlias);
        return write(index, id, WriteCondition.of(true, null, null, version, versionType), routing, refresh, body,
                pipeline);
    }

    @RequestMapping(path = "/_doc/{id}", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(summary = "Get a document (realtime)", description = "`_source=false`, `_source=a,b`, "
            + "`_source_includes`, `_source_excludes` filter the source; `stored_fields=a,b` answers the fields "
            + "mapped with `store: true` under `fields`, and the source only if `_source` is among them")
    ResponseEntity<Map<String, Object>> get(@PathVariable String index, @PathVariable String id,
                                            @RequestParam(required = false) String routing,
                                            @RequestParam(name = "stored_fields", required = false) String storedFields,
                                            @RequestParam(name = "_source", required = false) String source,
                                            @RequestParam(name = "_source_includes", required = false) String includes,
                                            @RequestParam(name = "_source_excludes", required = false) String excludes,
                                            @RequestParam(required = false) String realtime,
                                            @RequestParam(required = false) String refresh,
                                            @RequestParam(required = false) Long version,
                                            @RequestParam(name = "version_type", required = false) String versionType) {
        List<String> stored = storedFields == null ? null : List.of(storedFields.split(","));
        GetResult result = realtimeGet(engine.index(index), id, engine.indexRouting(index, routing), realtime, refresh,
                version, versionType, stored);
        Map<String, Object> body = getResponse(result, sourceFilter(stored, source, includes, excludes));
        return ResponseEntity.status(result.found() ? HttpStatus.OK : HttpStatus.NOT_FOUND).body(body);
    }

    /**
     * A get as Elasticsearch's parameters ask for it: {@code refresh=true} refreshes first;
     * {@code realtime=false} sees only what search sees (a document written since the last refresh is
     * not found); {@code version} (with {@code version_type}) must match the document's, else 409.
     */
    static GetResult realtimeGet(SearchIndex index, String id, String routing, String realtime, String refresh,
                                 Long version, String versionType, List<String> storedFields) {
        if (versionType != null && !java.util.Set.of("internal", "external", "external_gte").contains(versionType)) {
            throw new IllegalSearchArgumentException("No version type match [" + versionType + "]");
        }
        if (refresh != null && !refresh.equals("false")) {
            index.refresh();
        }
        GetResult result = index.get(id, routing, storedFields == null ? List.of() : storedFields);
        if (result.found() && "false".equals(realtime)
                && index.count(Map.of("ids", Map.of("values", java.util.List.of(id)))) == 0) {
            result = new GetResult(result.index(), id, false, -1, -1, 0, null, null);
        }
        if (version != null && result.found()) {
            // for reads every version type asks for exactly that version
            boolean conflict = version != result.version();
            if (conflict) {
                throw new VersionConflictException(index.name(), index.metadata().uuid(), index.shardOf(id, routing), id,
                        "current version [" + result.version() + "] is different than the one provided [" + version + "]");
            }
        }
        return result;
    }

    /** A get's answer: metadata and (filtered) source, or {@code found: false}. */
    static Map<String, Object> getResponse(GetResult result, SourceFilter filter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_index", result.index());
        body.put("_id", result.id());
        if (!result.found()) {
            body.put("found", false);
            return body;
        }
        body.put("_version", result.version());
        body.put("_seq_no", result.seqNo());
        body.put("_primary_term", result.primaryTerm());
        if (result.routing() != null) {
            body.put("_routing", result.routing());
        }
        body.put("found", true);
        if (filter.fetch() && result.source() != null) {
            body.put("_source", filter.filters() ? filter.apply(RequestBodies.source(result.source()))
                    : new RawValue(new String(result.source(), StandardCharsets.UTF_8)));
        }
        if (result.fields() != null) {
            body.put("fields", result.fields());
        }
        return body;
    }

    /**
     * The source a get answers: as the {@code _source} parameters say; with {@code stored_fields}
     * and none of them, only if {@code _source} is among the stored fields, as in Elasticsearch.
     */
    static SourceFilter sourceFilter(List<String> storedFields, String source, String includes, String excludes) {
        if (storedFields != null && !storedFields.contains("_source") && source == null && includes == null
                && excludes == null) {
            return SourceFilter.of("false", null, null);
        }
        return SourceFilter.of(source, includes, excludes);
    }

    @RequestMapping(path = "/_source/{id}", method = {RequestMethod.GET, RequestMethod.HEAD})
    @Operation(summary = "Get a document's source only")
    ResponseEntity<Object> source(@PathVariable String index, @PathVariable String id,
                                  @RequestParam(required = false) String routing,
                                  @RequestParam(name = "_source_includes", required = false) String includes,
                                  @RequestParam(name = "_source_excludes", required = false) String excludes,
                                  @RequestParam(required = false) String realtime,
                                  @RequestParam(required = false) String refresh,
                                  @RequestParam(required = false) Long version,
                                  @RequestParam(name = "version_type", required = false) String versionType) {
        GetResult result = realtimeGet(engine.index(index), id, engine.indexRouting(index, routing), realtime, refresh,
                version, versionType, null);
        if (!result.found()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("_index", index, "_id", id, "found", false));
        }
        if (result.source() == null) {
            // _source.enabled: false: Elasticsearch's resource_not_found_exception
            Map<String, Object> cause = Map.of("type", "resource_not_found_exception",
                    "reason", "Source not found [" + index + "]/[" + id + "]");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error",
                    Map.of("root_cause", List.of(cause), "type", cause.get("type"), "reason", cause.get("reason")),
                    "status", 404));
        }
        SourceFilter filter = SourceFilter.of(null, includes, excludes);
        return ResponseEntity.ok(filter.filters() ? filter.apply(RequestBodies.source(result.source()))
                : new RawValue(new String(result.source(), StandardCharsets.UTF_8)));
    }

    @PostMapping("/_update/{id}")
    @Operation(summary = "Update part of a document", description = "Body: `{\"doc\": {…}}`, optionally "
            + "`\"doc_as_upsert\": true` or `\"upsert\": {…}`; `detect_noop` (default true) answers `noop` when nothing "
            + "changes; scripts are not supported")
    ResponseEntity<Map<String, Object>> update(@PathVariable String index, @PathVariable String id,
                                               @RequestParam(required = false) String routing,
                                               @RequestParam(required = false) String refresh,
                                               @RequestParam(name = "if_seq_no", required = false) Long ifSeqNo,
                                               @RequestParam(name = "if_primary_term", required = false) Long ifPrimaryTerm,
                                               @RequestParam(name = "retry_on_conflict", defaultValue = "0") int retries,
                                               @RequestParam(name = "_source", required = false) String source,
                                               @RequestParam(name = "_source_includes", required = false) String includes,
                                               @RequestParam(name = "_source_excludes", required = false) String excludes,
                                               @RequestParam(name = "require_alias", required = false) boolean requireAlias,
                                               @RequestBody(required = false) byte[] body) {
        requireNoAlias(engine, index, requireAlias);
        SourceFilter filter = source == null && includes == null && excludes == null ? null
                : SourceFilter.of(source, includes, excludes);
        DocumentUpdates.Outcome outcome = DocumentUpdates.apply(engine, new DocumentUpdates.Target(index, id, routing,
                new WriteCondition(false, ifSeqNo, ifPrimaryTerm), retries, RefreshPolicy.parse(refresh), filter),
                RequestBodies.object(body));
        HttpStatus status = outcome.result().result() == WriteResult.Result.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).body(outcome.response());
    }

    @DeleteMapping("/_doc/{id}")
    @Operation(summary = "Delete a document", description = "404 with result not_found if it does not exist")
    ResponseEntity<Map<String, Object>> delete(@PathVariable String index, @PathVariable String id,
                                               @RequestParam(required = false) String routing,
                                               @RequestParam(required = false) String refresh,
                                               @RequestParam(name = "if_seq_no", required = false) Long ifSeqNo,
                                               @RequestParam(name = "if_primary_term", required = false) Long ifPrimaryTerm,
                                               @RequestParam(required = false) Long version,
                                               @RequestParam(name = "version_type", required = false) String versionType) {
        SearchIndex found = engine.index(index);
        WriteResult result = found.delete(id, engine.indexRouting(index, routing), WriteCondition.of(false, ifSeqNo, ifPrimaryTerm, version, versionType),
                RefreshPolicy.parse(refresh));
        HttpStatus status = result.result() == WriteResult.Result.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.OK;
        return ResponseEntity.status(status).body(writeResponse(found, result));
    }

    private ResponseEntity<Map<String, Object>> write(String index, String id, WriteCondition condition, String routing,
                                                      String refresh, byte[] body, String pipeline) {
        if (body == null || body.length == 0) {
            throw new dev.infraplatform.search.engine.ParsingException("request body is required");
        }
        RefreshPolicy policy = RefreshPolicy.parse(refresh);
        // the pipeline runs first and may change the source and where it goes (_index, _id, _routing)
        IngestPipelines.IngestedDocument ingested = ingest.process(pipeline, index, id, engine.indexRouting(index, routing),
                body);
        index = ingested.index();
        SearchIndex target = engine.indexOrCreate(index);
        WriteResult result = target.index(ingested.id(), ingested.routing(), ingested.source(), condition, policy);
        HttpStatus status = result.result() == WriteResult.Result.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).location(URI.create("/api/v1/search/" + index + "/_doc/" + result.id()))
                .body(writeResponse(target, result));
    }

    /**
     * {@code require_alias=true}: the target must be an alias; a write to anything else is refused
     * with 404, as Elasticsearch refuses one to a concrete index.
     */
    static void requireNoAlias(SearchEngine engine, String index, boolean requireAlias) {
        if (requireAlias && !engine.isAlias(index)) {
            throw new IndexNotFoundException(index, "no such index [" + index + "] and [require_alias] request flag is "
                    + "[true] and [" + index + "] is not an alias");
        }
    }

    private static boolean create(String opType) {
        if (opType == null || opType.equals("index")) {
            return false;
        }
        if (opType.equals("create")) {
            return true;
        }
        throw new IllegalSearchArgumentException("opType must be 'create' or 'index', found: [" + opType + "]");
    }

    static Map<String, Object> writeResponse(SearchIndex index, WriteResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_index", result.index());
        body.put("_id", result.id());
        body.put("_version", result.version());
        body.put("result", result.result().esName());
        if (result.forcedRefresh()) {
            body.put("forced_refresh", true);
        }
        body.put("_shards", shards(index, 1));
        body.put("_seq_no", result.seqNo());
        body.put("_primary_term", result.primaryTerm());
        return body;
    }

    /** {@link #writeResponse(SearchIndex, WriteResult)} written as it is built, with the bulk item's {@code status}. */
    static void writeResponse(JsonGenerator json, SearchIndex index, WriteResult result, int status) {
        json.writeStartObject();
        json.writeStringProperty("_index", result.index());
        json.writeStringProperty("_id", result.id());
        json.writeNumberProperty("_version", result.version());
        json.writeStringProperty("result", result.result().esName());
        if (result.forcedRefresh()) {
            json.writeBooleanProperty("forced_refresh", true);
        }
        json.writeObjectPropertyStart("_shards");
        json.writeNumberProperty("total", 1 + index.settings().numberOfReplicas());
        json.writeNumberProperty("successful", 1);
        json.writeNumberProperty("failed", 0);
        json.writeEndObject();
        json.writeNumberProperty("_seq_no", result.seqNo());
        json.writeNumberProperty("_primary_term", result.primaryTerm());
        json.writeNumberProperty("status", status);
        json.writeEndObject();
    }

    /** Elasticsearch's {@code _shards}: total counts replica copies too, which stay unassigned on one node. */
    static Map<String, Object> shards(SearchIndex index, int primaries) {
        Map<String, Object> shards = new LinkedHashMap<>();
        shards.put("total", primaries * (1 + index.settings().numberOfReplicas()));
        shards.put("successful", primaries);
        shards.put("failed", 0);
        return shards;
    }
}
