package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.QueryParsingException;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchHits;
import dev.infraplatform.search.engine.SearchIndex;
import dev.infraplatform.search.engine.SearchRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.util.RawValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code _search} and {@code _count} on one index, in Elasticsearch's shapes. The query DSL built so
 * far (see the engine's {@code QueryParser}), {@code from}/{@code size}, {@code sort} and {@code _source} filtering.
 */
@RestController
@RequestMapping("/api/v1/search/{index}")
@Tag(name = "Search: queries", description = "Elasticsearch-compatible search and count")
class SearchController {

    private static final Set<String> SEARCH_KEYS = Set.of("query", "from", "size", "_source", "track_total_hits",
            "sort", "aggs", "aggregations", "highlight");

    private final SearchEngine engine;

    SearchController(SearchEngine engine) {
        this.engine = engine;
    }

    @RequestMapping(path = "/_search", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Search an index", description = "Body: `{\"query\": {…}, \"from\": 0, \"size\": 10}`")
    Map<String, Object> search(@PathVariable String index, @RequestParam(required = false) Integer from,
                               @RequestParam(required = false) Integer size,
                               @RequestParam(name = "_source", required = false) String source,
                               @RequestParam(name = "_source_includes", required = false) String includes,
                               @RequestParam(name = "_source_excludes", required = false) String excludes,
                               @RequestBody(required = false) byte[] body) {
        long started = System.nanoTime();
        SearchIndex target = engine.index(index);
        Map<String, Object> request = RequestBodies.object(body);
        for (String key : request.keySet()) {
            if (!SEARCH_KEYS.contains(key)) {
                throw new QueryParsingException("Unknown key for a START_OBJECT in [" + key + "].");
            }
        }
        int first = from != null ? from : intMember(request, "from", 0);
        int count = size != null ? size : intMember(request, "size", 10);
        SourceFilter filter = sourceFilter(request.get("_source"), source, includes, excludes);
        Map<String, Object> aggregations = RequestBodies.objectMember(request,
                request.containsKey("aggregations") ? "aggregations" : "aggs");
        SearchHits hits = target.search(new SearchRequest(RequestBodies.objectMember(request, "query"),
                request.get("sort"), first, count, request.get("track_total_hits"), aggregations,
                RequestBodies.objectMember(request, "highlight")));

        List<Map<String, Object>> rendered = new ArrayList<>(hits.hits().size());
        for (SearchHits.Hit hit : hits.hits()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("_index", hit.index());
            item.put("_id", hit.id());
            item.put("_score", Float.isNaN(hit.score()) ? null : hit.score());
            if (hit.routing() != null) {
                item.put("_routing", hit.routing());
            }
            if (filter.fetch()) {
                item.put("_source", filter.filters() ? filter.apply(RequestBodies.source(hit.source()))
                        : new RawValue(new String(hit.source(), StandardCharsets.UTF_8)));
            }
            if (hit.highlight() != null) {
                item.put("highlight", hit.highlight());
            }
            if (hit.sortValues() != null) {
                item.put("sort", hit.sortValues());
            }
            rendered.add(item);
        }
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("value", hits.total());
        total.put("relation", hits.totalIsExact() ? "eq" : "gte");
        Map<String, Object> hitsBody = new LinkedHashMap<>();
        hitsBody.put("total", total);
        hitsBody.put("max_score", Float.isNaN(hits.maxScore()) ? null : hits.maxScore());
        hitsBody.put("hits", rendered);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("took", (System.nanoTime() - started) / 1_000_000);
        response.put("timed_out", false);
        response.put("_shards", shards(hits.shards()));
        response.put("hits", hitsBody);
        if (hits.aggregations() != null) {
            response.put("aggregations", hits.aggregations());
        }
        return response;
    }

    @RequestMapping(path = "/_count", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Count the documents matching a query", description = "Body: `{\"query\": {…}}`")
    Map<String, Object> count(@PathVariable String index, @RequestBody(required = false) byte[] body) {
        SearchIndex target = engine.index(index);
        Map<String, Object> request = RequestBodies.object(body);
        for (String key : request.keySet()) {
            if (!key.equals("query")) {
                throw new QueryParsingException("request does not support [" + key + "]");
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("count", target.count(RequestBodies.objectMember(request, "query")));
        response.put("_shards", shards(target.numberOfShards()));
        return response;
    }

    private static Map<String, Object> shards(int shards) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", shards);
        body.put("successful", shards);
        body.put("skipped", 0);
        body.put("failed", 0);
        return body;
    }

    private static SourceFilter sourceFilter(Object bodySource, String source, String includes, String excludes) {
        if (bodySource == null) {
            return SourceFilter.of(source, includes, excludes);
        }
        if (bodySource instanceof Boolean fetch) {
            return SourceFilter.of(fetch.toString(), includes, excludes);
        }
        if (bodySource instanceof String field) {
            return SourceFilter.of(field, includes, excludes);
        }
        if (bodySource instanceof List<?> fields) {
            return SourceFilter.of(String.join(",", fields.stream().map(String::valueOf).toList()), includes, excludes);
        }
        if (bodySource instanceof Map<?, ?> spec) {
            return SourceFilter.of(null, join(spec.get("includes")), join(spec.get("excludes")));
        }
        throw new QueryParsingException("[_source] must be a boolean, a string, an array or an object");
    }

    private static String join(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : value.toString();
    }

    private static int intMember(Map<String, Object> request, String name, int defaultValue) {
        Object value = request.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("[" + name + "] must be a number");
        }
    }
}
