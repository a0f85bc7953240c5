package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IndicesOptions;
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
 * {@code _search} and {@code _count} in Elasticsearch's shapes, on one index, several
 * ({@code /books,films/_search}), patterns ({@code logs-*}), {@code _all} or every index
 * ({@code /_search}), with {@code ignore_unavailable} and {@code allow_no_indices}. The body's
 * {@code query} (the engine's query DSL), {@code from}/{@code size}, {@code sort},
 * {@code track_total_hits}, {@code highlight}, {@code aggs} and {@code _source} filtering; the URL's
 * {@code q} (Lucene query syntax, as a {@code query_string} query), {@code sort}
 * ({@code field:asc,other:desc}), {@code from}, {@code size}, {@code track_total_hits} and
 * {@code _source*} parameters.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: queries", description = "Elasticsearch-compatible search and count")
class SearchController {

    private static final Set<String> SEARCH_KEYS = Set.of("query", "from", "size", "_source", "track_total_hits",
            "sort", "aggs", "aggregations", "highlight");

    private final SearchEngine engine;

    SearchController(SearchEngine engine) {
        this.engine = engine;
    }

    @RequestMapping(path = {"/{index}/_search"}, method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Search one or more indexes", description = "Path: an index, a comma-separated list, "
            + "`*` patterns or `_all`. Body: `{\"query\": {…}, \"from\": 0, \"size\": 10, \"highlight\": {…}}`")
    Map<String, Object> search(@PathVariable String index, @RequestParam Map<String, String> parameters,
                               @RequestBody(required = false) byte[] body) {
        return search(expressions(index), parameters, body);
    }

    @RequestMapping(path = "/_search", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Search every index", description = "Body: `{\"query\": {…}, \"from\": 0, \"size\": 10}`")
    Map<String, Object> searchAll(@RequestParam Map<String, String> parameters,
                                  @RequestBody(required = false) byte[] body) {
        return search(List.of(), parameters, body);
    }

    private Map<String, Object> search(List<String> indexes, Map<String, String> parameters, byte[] body) {
        long started = System.nanoTime();
        Map<String, Object> request = RequestBodies.object(body);
        for (String key : request.keySet()) {
            if (!SEARCH_KEYS.contains(key)) {
                throw new QueryParsingException("Unknown key for a START_OBJECT in [" + key + "].");
            }
        }
        int first = parameters.containsKey("from") ? intParameter(parameters, "from") : intMember(request, "from", 0);
        int count = parameters.containsKey("size") ? intParameter(parameters, "size") : intMember(request, "size", 10);
        SourceFilter filter = sourceFilter(request.get("_source"), parameters.get("_source"),
                parameters.get("_source_includes"), parameters.get("_source_excludes"));
        Map<String, Object> aggregations = RequestBodies.objectMember(request,
                request.containsKey("aggregations") ? "aggregations" : "aggs");
        Object trackTotalHits = parameters.containsKey("track_total_hits") ? parameters.get("track_total_hits")
                : request.get("track_total_hits");
        SearchHits hits = engine.search(indexes, indicesOptions(parameters), new SearchRequest(
                query(request, parameters), parameters.containsKey("sort") ? sortParameter(parameters.get("sort"))
                : request.get("sort"), first, count, trackTotalHits, aggregations,
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
        Map<String, Object> hitsBody = new LinkedHashMap<>();
        if (hits.totalTracked()) {
            Map<String, Object> total = new LinkedHashMap<>();
            total.put("value", hits.total());
            total.put("relation", hits.totalIsExact() ? "eq" : "gte");
            hitsBody.put("total", total);
        }
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

    @RequestMapping(path = "/{index}/_count", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Count the documents matching a query", description = "Path: an index, a comma-separated "
            + "list, `*` patterns or `_all`. Body: `{\"query\": {…}}`")
    Map<String, Object> count(@PathVariable String index, @RequestParam Map<String, String> parameters,
                              @RequestBody(required = false) byte[] body) {
        return count(expressions(index), parameters, body);
    }

    @RequestMapping(path = "/_count", method = {RequestMethod.GET, RequestMethod.POST})
    @Operation(summary = "Count the documents matching a query in every index", description = "Body: `{\"query\": {…}}`")
    Map<String, Object> countAll(@RequestParam Map<String, String> parameters,
                                 @RequestBody(required = false) byte[] body) {
        return count(List.of(), parameters, body);
    }

    private Map<String, Object> count(List<String> indexes, Map<String, String> parameters, byte[] body) {
        Map<String, Object> request = RequestBodies.object(body);
        for (String key : request.keySet()) {
            if (!key.equals("query")) {
                throw new QueryParsingException("request does not support [" + key + "]");
            }
        }
        IndicesOptions options = indicesOptions(parameters);
        int shards = engine.resolve(indexes, options).stream().mapToInt(SearchIndex::numberOfShards).sum();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("count", engine.count(indexes, options, query(request, parameters)));
        response.put("_shards", shards(shards));
        return response;
    }

    private static List<String> expressions(String path) {
        return List.of(path.split(","));
    }

    /** The body's query, or the URL's {@code q} as a {@code query_string} query ({@code df}, {@code default_operator}). */
    private static Map<String, Object> query(Map<String, Object> request, Map<String, String> parameters) {
        String q = parameters.get("q");
        if (q == null) {
            return RequestBodies.objectMember(request, "query");
        }
        Map<String, Object> queryString = new LinkedHashMap<>();
        queryString.put("query", q);
        if (parameters.containsKey("df")) {
            queryString.put("default_field", parameters.get("df"));
        }
        if (parameters.containsKey("default_operator")) {
            queryString.put("default_operator", parameters.get("default_operator"));
        }
        if (parameters.containsKey("lenient")) {
            queryString.put("lenient", parameters.get("lenient"));
        }
        return Map.of("query_string", queryString);
    }

    /** The URL's {@code sort=field:asc,other:desc,_score} as the body's sort list. */
    private static List<Object> sortParameter(String sort) {
        List<Object> fields = new ArrayList<>();
        for (String part : sort.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.lastIndexOf(':');
            fields.add(colon < 0 ? part.trim() : Map.of(part.substring(0, colon).trim(), part.substring(colon + 1).trim()));
        }
        return fields;
    }

    private static IndicesOptions indicesOptions(Map<String, String> parameters) {
        return new IndicesOptions(booleanParameter(parameters, "ignore_unavailable", false),
                booleanParameter(parameters, "allow_no_indices", true));
    }

    private static boolean booleanParameter(Map<String, String> parameters, String name, boolean defaultValue) {
        String value = parameters.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalSearchArgumentException("Failed to parse value [" + value + "] as only [true] "
                    + "or [false] are allowed.");
        };
    }

    private static int intParameter(Map<String, String> parameters, String name) {
        try {
            return Integer.parseInt(parameters.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalSearchArgumentException("Failed to parse int parameter [" + name + "] with value ["
                    + parameters.get(name) + "]");
        }
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
