package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IndicesOptions;
import dev.infraplatform.search.engine.QueryParsingException;
import dev.infraplatform.search.engine.SearchCount;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchHits;
import dev.infraplatform.search.engine.SearchIndex;
import dev.infraplatform.search.engine.SearchRequest;
import dev.infraplatform.search.engine.ShardFailure;
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
 * {@code _source*} parameters. {@code routing} (comma-separated values) searches and counts only the
 * shards the values route to, as do the {@code search_routing} of aliases the request names;
 * {@code min_score} keeps the hits (and the documents aggregations see) scoring at least that;
 * {@code terminate_after} stops each shard after that many documents ({@code terminated_early});
 * {@code indices_boost} multiplies the scores of hits from the indexes it names.
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: queries", description = "Elasticsearch-compatible search and count")
class SearchController {

    private static final Set<String> SEARCH_KEYS = Set.of("query", "from", "size", "_source", "track_total_hits",
            "sort", "aggs", "aggregations", "highlight", "stored_fields", "docvalue_fields", "seq_no_primary_term",
            "version", "explain", "timeout", "post_filter", "script_fields", "rescore", "stats", "min_score", "terminate_after", "indices_boost");
    /** The {@code search_type}s Elasticsearch accepts from REST; both search the same way here. */
    private static final Set<String> SEARCH_TYPES = Set.of("query_then_fetch", "dfs_query_then_fetch");
    private static final String STORED_FIELDS_NONE = "_none_";

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
        searchType(parameters.get("search_type"));
        int first = parameters.containsKey("from") ? intParameter(parameters, "from") : intMember(request, "from", 0);
        int count = parameters.containsKey("size") ? intParameter(parameters, "size") : intMember(request, "size", 10);
        Object storedFields = parameters.containsKey("stored_fields") ? parameters.get("stored_fields")
                : request.get("stored_fields");
        List<String> stored = storedFields == null ? null : RequestBodies.names(storedFields, "stored_fields");
        boolean fetchIds = stored == null || !stored.contains(STORED_FIELDS_NONE);
        SourceFilter filter = sourceFilter(request.get("_source"), parameters.get("_source"),
                parameters.get("_source_includes"), parameters.get("_source_excludes"));
        boolean sourceAsked = request.containsKey("_source") || parameters.containsKey("_source")
                || parameters.containsKey("_source_includes") || parameters.containsKey("_source_excludes");
        if (!fetchIds && sourceAsked && filter.fetch()) {
            throw new IllegalSearchArgumentException("[stored_fields] cannot be disabled if [_source] is requested");
        }
        // stored_fields without _source leaves the source out unless _source asks for it, as in Elasticsearch
        boolean fetchSource = fetchIds && filter.fetch() && (stored == null || stored.contains("_source") || sourceAsked);
        Map<String, Object> aggregations = RequestBodies.objectMember(request,
                request.containsKey("aggregations") ? "aggregations" : "aggs");
        Object trackTotalHits = parameters.containsKey("track_total_hits") ? parameters.get("track_total_hits")
                : request.get("track_total_hits");
        boolean totalAsNumber = booleanParameter(parameters, "rest_total_hits_as_int", false);
        if (totalAsNumber) {
            trackTotalHits = restTotalHits(trackTotalHits);
        }
        SearchRequest.Options options = new SearchRequest.Options(
                booleanParameter(parameters, "typed_keys", false),
                flag(parameters, request, "version"),
                flag(parameters, request, "seq_no_primary_term"),
                flag(parameters, request, "explain"),
                fetchIds,
                docValueFields(parameters.containsKey("docvalue_fields") ? parameters.get("docvalue_fields")
                        : request.get("docvalue_fields")),
                RequestBodies.objectMember(request, "post_filter"),
                parameters.containsKey("scroll"),
                RequestBodies.objectMember(request, "script_fields") == null ? 0
                        : RequestBodies.objectMember(request, "script_fields").size(),
                rescoreWindow(request.get("rescore")),
                parameters.get("routing"),
                minScore(request.get("min_score")),
                parameters.containsKey("terminate_after") ? intParameter(parameters, "terminate_after")
                        : intMember(request, "terminate_after", 0),
                stored == null ? List.of() : stored,
                indicesBoost(request.get("indices_boost")));
        SearchHits hits = engine.search(indexes, indicesOptions(parameters), new SearchRequest(
                query(request, parameters), parameters.containsKey("sort") ? sortParameter(parameters.get("sort"))
                : request.get("sort"), first, count, trackTotalHits, aggregations,
                RequestBodies.objectMember(request, "highlight"), options));

        List<Map<String, Object>> rendered = new ArrayList<>(hits.hits().size());
        for (SearchHits.Hit hit : hits.hits()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("_index", hit.index());
            if (hit.id() != null) {
                item.put("_id", hit.id());
            }
            if (hit.version() != null) {
                item.put("_version", hit.version());
            }
            if (hit.seqNo() != null) {
                item.put("_seq_no", hit.seqNo());
                item.put("_primary_term", hit.primaryTerm());
            }
            item.put("_score", Float.isNaN(hit.score()) ? null : hit.score());
            if (hit.routing() != null && hit.id() != null) {
                item.put("_routing", hit.routing());
            }
            if (fetchSource && hit.source() != null) {
                item.put("_source", filter.filters() ? filter.apply(RequestBodies.source(hit.source()))
                        : new RawValue(new String(hit.source(), StandardCharsets.UTF_8)));
            }
            if (hit.fields() != null) {
                item.put("fields", hit.fields());
            }
            if (hit.highlight() != null) {
                item.put("highlight", hit.highlight());
            }
            if (hit.sortValues() != null) {
                item.put("sort", hit.sortValues());
            }
            if (hit.explanation() != null) {
                item.put("_explanation", hit.explanation());
            }
            rendered.add(item);
        }
        Map<String, Object> hitsBody = new LinkedHashMap<>();
        if (totalAsNumber) {
            hitsBody.put("total", hits.totalTracked() ? hits.total() : -1);
        } else if (hits.totalTracked()) {
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
        if (hits.terminatedEarly() != null) {
            response.put("terminated_early", hits.terminatedEarly());
        }
        response.put("_shards", shards(hits.shards(), hits.failures()));
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
        SearchRequest.Options countOptions = SearchRequest.Options.DEFAULTS.withRouting(parameters.get("routing"))
                .withMinScore(minScore(parameters.get("min_score")))
                .withTerminateAfter(parameters.containsKey("terminate_after")
                        ? intParameter(parameters, "terminate_after") : 0);
        SearchCount counted = engine.count(indexes, indicesOptions(parameters), query(request, parameters),
                countOptions);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("count", counted.count());
        if (counted.terminatedEarly() != null) {
            response.put("terminated_early", counted.terminatedEarly());
        }
        response.put("_shards", shards(counted.shards(), counted.failures()));
        return response;
    }

    /**
     * The body's {@code indices_boost}: {@code [{"books": 2.0}, {"logs-*": 1.5}]}, or the older
     * object form {@code {"books": 2.0}}; expressions in order, each with its factor.
     */
    private static Map<String, Float> indicesBoost(Object value) {
        Map<String, Float> boosts = new LinkedHashMap<>();
        if (value == null) {
            return boosts;
        }
        List<?> entries = value instanceof List<?> list ? list : List.of(value);
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map) || (value instanceof List<?> && map.size() != 1)) {
                throw new QueryParsingException("[indices_boost] must be an array of objects, each one index name "
                        + "and its boost: [{\"index\": 1.5}]");
            }
            map.forEach((index, boost) -> {
                if (!(boost instanceof Number number)) {
                    throw new QueryParsingException("[indices_boost] boost of [" + index + "] must be a number, got ["
                            + boost + "]");
                }
                boosts.putIfAbsent(String.valueOf(index), number.floatValue());
            });
        }
        return boosts;
    }

    /** The body's {@code min_score}: a number ({@code null}: none). */
    private static Float minScore(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.floatValue();
        }
        if (value instanceof String text) {
            try {
                return Float.parseFloat(text);
            } catch (NumberFormatException e) {
                // refused below, as a value of the wrong type
            }
        }
        throw new QueryParsingException("[min_score] must be a number, got [" + value + "]");
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

    /** {@code ignore_unavailable}, {@code allow_no_indices} and {@code expand_wildcards} (default: open indexes). */
    private static IndicesOptions indicesOptions(Map<String, String> parameters) {
        return IndicesOptions.of(Boolean.toString(booleanParameter(parameters, "ignore_unavailable", false)),
                Boolean.toString(booleanParameter(parameters, "allow_no_indices", true)),
                parameters.get("expand_wildcards"), true);
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

    /**
     * Elasticsearch's {@code _shards}: the shards searched, and those that failed with a failure per
     * index ({@code shard} its first, {@code reason} as an error's cause).
     */
    private static Map<String, Object> shards(int searched, List<ShardFailure> failures) {
        int failed = failures.stream().mapToInt(ShardFailure::shards).sum();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", searched + failed);
        body.put("successful", searched);
        body.put("skipped", 0);
        body.put("failed", failed);
        if (!failures.isEmpty()) {
            List<Map<String, Object>> rendered = new ArrayList<>();
            for (ShardFailure failure : failures) {
                Map<String, Object> reason = new LinkedHashMap<>();
                reason.put("type", failure.cause().type());
                reason.put("reason", failure.cause().getMessage());
                failure.cause().orderedMetadata().forEach(entry -> reason.put(entry.getKey(), entry.getValue()));
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("shard", 0);
                item.put("index", failure.index());
                item.put("status", ElasticsearchErrors.statusOf(failure.cause()).name());
                item.put("reason", reason);
                rendered.add(item);
            }
            body.put("failures", rendered);
        }
        return body;
    }

    /**
     * {@code track_total_hits} under {@code rest_total_hits_as_int}: counted exactly unless set
     * (a number needs an exact count, so only {@code true} and {@code false} go with it).
     */
    private static Object restTotalHits(Object trackTotalHits) {
        if (trackTotalHits == null) {
            return true;
        }
        int upTo = SearchHits.trackTotalHitsUpTo(trackTotalHits);
        if (upTo != SearchHits.TRACK_TOTAL_HITS_ACCURATE && upTo != SearchHits.TRACK_TOTAL_HITS_DISABLED) {
            throw new IllegalSearchArgumentException("[rest_total_hits_as_int] cannot be used if the tracking of total "
                    + "hits is not accurate, got " + upTo);
        }
        return trackTotalHits;
    }

    /** Elasticsearch refuses the {@code *_and_fetch} types from REST and names an unknown one. */
    private static void searchType(String searchType) {
        if (searchType == null || SEARCH_TYPES.contains(searchType)) {
            return;
        }
        if (searchType.equals("query_and_fetch") || searchType.equals("dfs_query_and_fetch")) {
            throw new IllegalSearchArgumentException("Unsupported search type [" + searchType + "]");
        }
        throw new IllegalSearchArgumentException("No search type for [" + searchType + "]");
    }

    /** A boolean option given as a URL parameter or a body member (the URL wins). */
    private static boolean flag(Map<String, String> parameters, Map<String, Object> request, String name) {
        if (parameters.containsKey(name)) {
            return booleanParameter(parameters, name, false);
        }
        Object value = request.get(name);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean bool)) {
            throw new QueryParsingException("[" + name + "] must be a boolean, got [" + value + "]");
        }
        return bool;
    }

    /** Field names as a list, from a comma-separated URL value, one string or a list of strings. */
    /** {@code docvalue_fields}: names, or objects {@code {"field": …, "format": …}}. */
    private static List<SearchRequest.DocValueField> docValueFields(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String text) {
            return RequestBodies.names(text, "docvalue_fields").stream()
                    .map(name -> new SearchRequest.DocValueField(name, null)).toList();
        }
        if (!(value instanceof List<?> list)) {
            throw new QueryParsingException("[docvalue_fields] must be an array");
        }
        List<SearchRequest.DocValueField> fields = new ArrayList<>(list.size());
        for (Object item : list) {
            if (item instanceof String name) {
                fields.add(new SearchRequest.DocValueField(name, null));
            } else if (item instanceof Map<?, ?> spec && spec.get("field") instanceof String name) {
                Object format = spec.get("format");
                fields.add(new SearchRequest.DocValueField(name, format == null ? null : format.toString()));
            } else {
                throw new QueryParsingException("[docvalue_fields] entries must be field names or objects with a "
                        + "[field]");
            }
        }
        return fields;
    }

    /** The largest {@code window_size} of a {@code rescore} (an object or a list of them; default 10), -1 without. */
    private static int rescoreWindow(Object rescore) {
        if (rescore == null) {
            return -1;
        }
        List<?> rescorers = rescore instanceof List<?> list ? list : List.of(rescore);
        int window = 0;
        for (Object rescorer : rescorers) {
            Object size = rescorer instanceof Map<?, ?> spec ? spec.get("window_size") : null;
            window = Math.max(window, size instanceof Number number ? number.intValue() : 10);
        }
        return window;
    }

    private static SourceFilter sourceFilter(Object bodySource, String source, String includes, String excludes) {
        // the URL's _source parameters replace the body's _source, as in Elasticsearch
        if (bodySource == null || source != null || includes != null || excludes != null) {
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
            if (value instanceof Number number) {
                if (number.longValue() != number.intValue() || number instanceof java.math.BigInteger) {
                    throw new InputCoercionException("Numeric value (" + number + ") out of range of int "
                            + "(-2147483648 - 2147483647)");
                }
                return number.intValue();
            }
            return Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("[" + name + "] must be a number");
        }
    }
}
