package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.AliasAction;
import dev.infraplatform.search.engine.AliasMetadata;
import dev.infraplatform.search.engine.IndicesOptions;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Index aliases in Elasticsearch's shapes: {@code POST /_aliases} (atomic add, remove and
 * remove_index actions), {@code PUT|POST /{index}/_alias/{name}}, {@code DELETE /{index}/_alias/{name}},
 * {@code GET /_alias}, {@code /_alias/{name}}, {@code /{index}/_alias[/{name}]}, {@code HEAD /_alias/{name}}
 * and {@code GET /_cat/aliases}. The aliases live in the indexes' metadata (see the engine).
 */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: aliases", description = "Elasticsearch-compatible index aliases")
class AliasController {

    /** The keys of a put-alias body besides the alias's own ({@link AliasMetadata#parse}). */
    private static final Set<String> PUT_KEYS = Set.of("index", "indices", "alias", "aliases");

    private final SearchEngine engine;

    AliasController(SearchEngine engine) {
        this.engine = engine;
    }

    @PostMapping("/_aliases")
    @Operation(summary = "Add and remove aliases atomically", description = "Body: `{\"actions\": [{\"add\": {\"index\": "
            + "\"logs-2024\", \"alias\": \"logs\", \"is_write_index\": true}}, {\"remove\": {\"index\": \"logs-2023\", "
            + "\"alias\": \"logs\"}}, {\"remove_index\": {\"index\": \"old\"}}]}`: all or nothing")
    Map<String, Object> update(@RequestBody(required = false) byte[] body) {
        engine.updateAliases(AliasAction.parseAll(RequestBodies.object(body)));
        return Map.of("acknowledged", true);
    }

    @RequestMapping(path = {"/{index}/_alias/{name}", "/{index}/_aliases/{name}", "/_alias/{name}", "/_aliases/{name}",
            "/{index}/_alias", "/{index}/_aliases", "/_alias"}, method = {RequestMethod.PUT, RequestMethod.POST})
    @Operation(summary = "Add an alias to indexes", description = "Body (optional): `filter` (a query), `routing`, "
            + "`index_routing`, `search_routing`, `is_write_index`; `index` and `alias` in the body win over the path")
    Map<String, Object> put(@PathVariable(required = false) String index, @PathVariable(required = false) String name,
                            @RequestBody(required = false) byte[] body) {
        Map<String, Object> request = body == null || body.length == 0 ? Map.of() : RequestBodies.object(body);
        List<String> indices = names(request, "index", "indices", index);
        List<String> aliases = names(request, "alias", "aliases", name);
        if (indices.isEmpty() || aliases.isEmpty()) {
            throw new ActionRequestValidationException(indices.isEmpty()
                    ? "Alias action [add] requires an [index] or [indices] to be set"
                    : "Alias action [add] requires an [alias] or [aliases] to be set");
        }
        AliasMetadata metadata = AliasMetadata.parse(aliases.getFirst(), request, PUT_KEYS);
        engine.updateAliases(List.of(new AliasAction(AliasAction.Type.ADD, indices, aliases, metadata, null)));
        return Map.of("acknowledged", true);
    }

    @DeleteMapping({"/{index}/_alias/{name}", "/{index}/_aliases/{name}"})
    @Operation(summary = "Remove aliases from indexes", description = "`{name}` is a name, a comma list, a wildcard or "
            + "`_all`; 404 aliases_not_found_exception if none matches")
    Map<String, Object> delete(@PathVariable String index, @PathVariable String name) {
        List<String> aliases = new ArrayList<>();
        for (String alias : name.split(",")) {
            if (!alias.isBlank()) {
                aliases.add(alias.trim().equals("_all") ? "*" : alias.trim());
            }
        }
        engine.updateAliases(List.of(new AliasAction(AliasAction.Type.REMOVE, List.of(index.split(",")), aliases,
                AliasMetadata.PLAIN, null)));
        return Map.of("acknowledged", true);
    }

    @GetMapping({"/_alias", "/_alias/{name}", "/{index}/_alias", "/{index}/_alias/{name}", "/_aliases"})
    @Operation(summary = "Get aliases by index", description = "`{index}` and `{name}` are names, comma lists, wildcards "
            + "or `_all`; a named alias that does not exist answers 404 with the aliases found")
    ResponseEntity<Map<String, Object>> get(@PathVariable(required = false) String index,
                                            @PathVariable(required = false) String name,
                                            @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                            @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                            @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        Lookup lookup = lookup(index, name, ignoreUnavailable, allowNoIndices, expandWildcards);
        if (lookup.missing().isEmpty()) {
            return ResponseEntity.ok(lookup.found());
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("error", (lookup.missing().size() == 1 ? "alias [" : "aliases [")
                + String.join(",", lookup.missing()) + "] missing");
        response.put("status", 404);
        response.putAll(lookup.found());
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(response);
    }

    @RequestMapping(path = {"/_alias/{name}", "/{index}/_alias/{name}"}, method = RequestMethod.HEAD)
    @Operation(summary = "Whether aliases exist (200 if one named does, else 404)")
    ResponseEntity<Void> exists(@PathVariable(required = false) String index, @PathVariable String name,
                                @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        try {
            Lookup lookup = lookup(index, name, ignoreUnavailable, allowNoIndices, expandWildcards);
            return lookup.found().isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok().build();
        } catch (dev.infraplatform.search.engine.IndexNotFoundException e) {
            return ResponseEntity.notFound().build();
        }
    }

    @GetMapping({"/_cat/aliases", "/_cat/aliases/{name}"})
    @Operation(summary = "Aliases as a table (`format=json` for JSON)")
    ResponseEntity<?> cat(@PathVariable(required = false) String name,
                          @RequestParam(required = false) String format,
                          @RequestParam(name = "v", required = false) String verbose) {
        List<Pattern> patterns = name == null ? List.of() : patterns(name);
        List<Map<String, Object>> rows = new ArrayList<>();
        engine.aliasTable().forEach((alias, members) -> {
            if (patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(alias).matches())) {
                members.forEach((index, metadata) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("alias", alias);
                    row.put("index", index);
                    row.put("filter", metadata.filter() == null ? "-" : "*");
                    row.put("routing.index", metadata.indexRouting() == null ? "-" : metadata.indexRouting());
                    row.put("routing.search", metadata.searchRouting() == null ? "-" : metadata.searchRouting());
                    row.put("is_write_index", metadata.isWriteIndex() == null ? "-" : metadata.isWriteIndex().toString());
                    rows.add(row);
                });
            }
        });
        if ("json".equals(format)) {
            return ResponseEntity.ok(rows);
        }
        StringBuilder text = new StringBuilder();
        if (verbose != null && !verbose.equals("false")) {
            text.append("alias index filter routing.index routing.search is_write_index\n");
        }
        rows.forEach(row -> text.append(String.join(" ", row.values().stream().map(String::valueOf).toList())).append('\n'));
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.TEXT_PLAIN).body(text.toString());
    }

    /** An index's aliases in Elasticsearch's shape, those {@code names} select ({@code null}: all). */
    static Map<String, Object> aliases(SearchIndex index, AliasNames names) {
        Map<String, Object> aliases = new LinkedHashMap<>();
        Set<String> selected = names == null ? index.metadata().aliases().keySet()
                : names.select(index.metadata().aliases().keySet());
        index.metadata().aliases().forEach((alias, metadata) -> {
            if (selected.contains(alias)) {
                aliases.put(alias, metadata.toMap());
            }
        });
        return aliases;
    }

    /**
     * Alias names as Elasticsearch reads them in {@code GET _alias/{name}}: names, patterns and
     * {@code _all}, applied in order; {@code -name} after a pattern (or {@code -pattern}) removes what
     * it matches, before any pattern it is a plain name.
     */
    record AliasNames(List<Step> steps) {

        record Step(boolean include, Pattern pattern, String literal) {
        }

        static AliasNames parse(String names) {
            List<Step> steps = new ArrayList<>();
            boolean wildcardSeen = false;
            for (String part : names.split(",")) {
                String name = part.trim();
                if (name.isEmpty()) {
                    continue;
                }
                boolean include = true;
                if (name.startsWith("-") && (wildcardSeen || name.contains("*"))) {
                    name = name.substring(1);
                    include = false;
                }
                String glob = name.equals("_all") ? "*" : name;
                boolean wildcard = glob.contains("*");
                wildcardSeen |= wildcard;
                steps.add(new Step(include, Pattern.compile(("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q")),
                        include && !wildcard ? name : null));
            }
            return new AliasNames(steps);
        }

        Set<String> select(Set<String> aliases) {
            Set<String> selected = new TreeSet<>();
            for (Step step : steps) {
                for (String alias : aliases) {
                    if (step.pattern().matcher(alias).matches()) {
                        if (step.include()) {
                            selected.add(alias);
                        } else {
                            selected.remove(alias);
                        }
                    }
                }
            }
            return selected;
        }

        /** The plain names included, which must exist. */
        List<String> literals() {
            return steps.stream().map(Step::literal).filter(java.util.Objects::nonNull).toList();
        }
    }

    private record Lookup(Map<String, Object> found, List<String> missing) {
    }

    /**
     * The aliases of the indexes {@code index} names (every index if none) that {@code name} names
     * (all if none): without names every index shows, with its aliases or none; with names only the
     * indexes that have one. Concrete names matching no alias are {@code missing}.
     */
    private Lookup lookup(String index, String name, String ignoreUnavailable, String allowNoIndices,
                          String expandWildcards) {
        IndicesOptions options = IndicesOptions.of(ignoreUnavailable, allowNoIndices,
                expandWildcards == null ? "all" : expandWildcards, true).withForbidClosed(false);
        List<SearchIndex> indexes = engine.resolve(index == null ? List.of() : List.of(index.split(",")), options)
                .stream().sorted(Comparator.comparing(SearchIndex::name)).toList();
        boolean named = name != null && !name.isBlank();
        AliasNames names = named ? AliasNames.parse(name) : null;
        Map<String, Object> found = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        for (SearchIndex candidate : indexes) {
            Map<String, Object> aliases = aliases(candidate, names);
            seen.addAll(candidate.metadata().aliases().keySet());
            if (!named || !aliases.isEmpty()) {
                found.put(candidate.name(), Map.of("aliases", aliases));
            }
        }
        Set<String> missing = new TreeSet<>();
        if (named) {
            names.literals().stream().filter(alias -> !alias.equals("_all") && !seen.contains(alias))
                    .forEach(missing::add);
        }
        return new Lookup(found, List.copyOf(missing));
    }

    private static List<Pattern> patterns(String names) {
        List<Pattern> patterns = new ArrayList<>();
        for (String part : names.split(",")) {
            String alias = part.trim();
            if (!alias.isEmpty()) {
                String glob = alias.equals("_all") ? "*" : alias;
                patterns.add(Pattern.compile(("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q")));
            }
        }
        return patterns;
    }

    /** A name or list under two body keys, else the path's comma list. */
    private static List<String> names(Map<String, Object> body, String single, String plural, String path) {
        List<String> names = new ArrayList<>();
        for (String key : List.of(single, plural)) {
            Object value = body.get(key);
            if (value instanceof List<?> list) {
                list.forEach(item -> split(names, String.valueOf(item)));
            } else if (value != null) {
                split(names, value.toString());
            }
        }
        if (names.isEmpty() && path != null) {
            split(names, path);
        }
        return names;
    }

    private static void split(List<String> names, String value) {
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                names.add(part.trim());
            }
        }
    }
}
