package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.AliasMetadata;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IndexNotFoundException;
import dev.infraplatform.search.engine.IndexSettings;
import dev.infraplatform.search.engine.IndicesOptions;
import dev.infraplatform.search.engine.Mapping;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Index administration in Elasticsearch's shapes: create, get, exists, delete, close, open, mappings, refresh. */
@RestController
@RequestMapping("/api/v1/search")
@Tag(name = "Search: indexes", description = "Elasticsearch-compatible index administration")
class IndexController {

    private static final Set<String> CREATE_MEMBERS = Set.of("settings", "mappings", "aliases");

    private final SearchEngine engine;

    IndexController(SearchEngine engine) {
        this.engine = engine;
    }

    @PutMapping("/{index}")
    @Operation(summary = "Create an index", description = "Body: `{\"settings\": {…}, \"mappings\": {\"properties\": {…}}}`")
    Map<String, Object> create(@PathVariable String index, @RequestBody(required = false) byte[] body) {
        Map<String, Object> request = RequestBodies.object(body);
        for (String key : request.keySet()) {
            if (!CREATE_MEMBERS.contains(key)) {
                throw new IllegalSearchArgumentException("unknown key [" + key + "] for create index");
            }
        }
        Map<String, AliasMetadata> aliases = new LinkedHashMap<>();
        RequestBodies.objectMember(request, "aliases").forEach((alias, value) -> {
            if (!(value instanceof Map<?, ?> map)) {
                throw new IllegalSearchArgumentException("[aliases] failed to parse field [" + alias + "]");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) map;
            aliases.put(alias, AliasMetadata.parse(alias, members, Set.of()));
        });
        IndexSettings settings = IndexSettings.parse(RequestBodies.objectMember(request, "settings"));
        Mapping mapping = Mapping.parse(RequestBodies.objectMember(request, "mappings"));
        engine.createIndex(index, settings, mapping, aliases);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("acknowledged", true);
        response.put("shards_acknowledged", true);
        response.put("index", index);
        return response;
    }

    @GetMapping("/{index}")
    @Operation(summary = "Get indexes: aliases, mappings and settings", description = "`{index}` is a name, a comma "
            + "list, a wildcard pattern or `_all`; `ignore_unavailable`, `allow_no_indices`, `expand_wildcards`")
    Map<String, Object> get(@PathVariable String index,
                            @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                            @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                            @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        Map<String, Object> response = new LinkedHashMap<>();
        for (SearchIndex found : IndexExpressions.resolve(engine, index,
                IndexExpressions.Options.of(ignoreUnavailable, allowNoIndices, expandWildcards))) {
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("aliases", AliasController.aliases(found, null));
            description.put("mappings", found.mapping().toMap());
            description.put("settings", Map.of("index", settings(found)));
            response.put(found.name(), description);
        }
        return response;
    }

    @RequestMapping(path = "/{index}", method = RequestMethod.HEAD)
    @Operation(summary = "Whether indexes exist (200 if every one named does, else 404)")
    ResponseEntity<Void> exists(@PathVariable String index,
                                @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        try {
            // as Elasticsearch: a wildcard matching nothing is "does not exist" unless allow_no_indices=true
            boolean any = !IndexExpressions.resolve(engine, index, IndexExpressions.Options.of(ignoreUnavailable,
                    allowNoIndices == null ? "false" : allowNoIndices, expandWildcards)).isEmpty();
            return any || Boolean.parseBoolean(allowNoIndices) ? ResponseEntity.ok().build() : ResponseEntity.notFound().build();
        } catch (IndexNotFoundException e) {
            return ResponseEntity.notFound().build();
        }
    }

    @DeleteMapping("/{index}")
    @Operation(summary = "Delete indexes with their documents", description = "`{index}` is a name, a comma list, "
            + "a wildcard pattern or `_all`; a missing name is 404 unless `ignore_unavailable=true`")
    Map<String, Object> delete(@PathVariable String index,
                               @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                               @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                               @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        for (SearchIndex found : IndexExpressions.resolve(engine, index,
                IndexExpressions.Options.of(ignoreUnavailable, allowNoIndices, expandWildcards).withoutAliases())) {
            try {
                engine.deleteIndex(found.name());
            } catch (IndexNotFoundException e) {
                // deleted meanwhile by another request: the outcome is the one asked for
            }
        }
        return Map.of("acknowledged", true);
    }

    @GetMapping({"/{index}/_mapping", "/_mapping"})
    @Operation(summary = "Get the mappings of indexes", description = "`{index}` is a name, a comma list, a wildcard "
            + "pattern or `_all`; without it, every index")
    Map<String, Object> getMapping(@PathVariable(required = false) String index,
                                   @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                   @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                   @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        Map<String, Object> response = new LinkedHashMap<>();
        for (SearchIndex found : IndexExpressions.resolve(engine, index,
                IndexExpressions.Options.of(ignoreUnavailable, allowNoIndices, expandWildcards))) {
            response.put(found.name(), Map.of("mappings", found.mapping().toMap()));
        }
        return response;
    }

    @RequestMapping(path = "/{index}/_mapping", method = {RequestMethod.PUT, RequestMethod.POST})
    @Operation(summary = "Add fields to an index's mapping", description = "Body: `{\"properties\": {…}}`; "
            + "an existing field cannot change its type (400 illegal_argument_exception)")
    Map<String, Object> putMapping(@PathVariable String index, @RequestBody(required = false) byte[] body) {
        SearchIndex found = engine.index(index);
        found.putMapping(Mapping.parse(RequestBodies.object(body)));
        return Map.of("acknowledged", true);
    }

    @PostMapping({"/{index}/_forcemerge", "/_forcemerge"})
    @Operation(summary = "Merge the segments of indexes", description = "`max_num_segments=1` merges each shard into "
            + "one segment (for indexes no longer written); `only_expunge_deletes=true` merges away deleted documents; "
            + "`flush` (default true) commits afterwards. Answers when the merges are done")
    Map<String, Object> forceMerge(@PathVariable(required = false) String index,
                                   @RequestParam(name = "max_num_segments", required = false) Integer maxNumSegments,
                                   @RequestParam(name = "only_expunge_deletes", required = false) boolean onlyExpungeDeletes,
                                   @RequestParam(name = "flush", required = false, defaultValue = "true") boolean flush,
                                   @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                   @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                   @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        if (onlyExpungeDeletes && maxNumSegments != null) {
            throw new ActionRequestValidationException("cannot set only_expunge_deletes and max_num_segments at the "
                    + "same time, those two parameters are mutually exclusive");
        }
        if (maxNumSegments != null && maxNumSegments <= 0 && maxNumSegments != -1) {
            throw new IllegalSearchArgumentException("[max_num_segments] must be a positive number, got ["
                    + maxNumSegments + "]");
        }
        int segments = maxNumSegments == null ? 0 : Math.max(0, maxNumSegments);
        return onEveryShard(IndexExpressions.resolve(engine, index,
                IndexExpressions.Options.of(ignoreUnavailable, allowNoIndices, expandWildcards)),
                found -> found.forceMerge(segments, onlyExpungeDeletes, flush));
    }

    @RequestMapping(path = {"/{index}/_refresh", "/_refresh"}, method = {RequestMethod.POST, RequestMethod.GET})
    @Operation(summary = "Make every write so far visible to search", description = "`{index}` is a name, a comma "
            + "list, a wildcard pattern or `_all`; without it, every index")
    Map<String, Object> refresh(@PathVariable(required = false) String index,
                                @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        return onEveryShard(IndexExpressions.resolve(engine, index,
                IndexExpressions.Options.of(ignoreUnavailable, allowNoIndices, expandWildcards)), SearchIndex::refresh);
    }

    /**
     * A broadcast operation's answer, as Elasticsearch's {@code _shards}: the action done on each
     * index; {@code total} counts the (unassigned) replicas, {@code successful} the primaries.
     */
    private static Map<String, Object> onEveryShard(List<SearchIndex> indexes, Consumer<SearchIndex> action) {
        int total = 0;
        int successful = 0;
        for (SearchIndex found : indexes) {
            action.accept(found);
            total += found.numberOfShards() * (1 + found.settings().numberOfReplicas());
            successful += found.numberOfShards();
        }
        Map<String, Object> shards = new LinkedHashMap<>();
        shards.put("total", total);
        shards.put("successful", successful);
        shards.put("failed", 0);
        return Map.of("_shards", shards);
    }

    @GetMapping({"/{index}/_settings", "/_settings"})
    @Operation(summary = "Get the settings of indexes", description = "`flat_settings=true` answers dotted keys "
            + "(`index.number_of_shards`)")
    Map<String, Object> getSettings(@PathVariable(required = false) String index,
                                    @RequestParam(name = "flat_settings", required = false) boolean flat,
                                    @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                    @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                    @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        Map<String, Object> response = new LinkedHashMap<>();
        for (SearchIndex found : IndexExpressions.resolve(engine, index,
                IndexExpressions.Options.of(ignoreUnavailable, allowNoIndices, expandWildcards))) {
            Map<String, Object> settings = new LinkedHashMap<>();
            if (flat) {
                settings(found).forEach((key, value) -> settings.put("index." + key, value));
            } else {
                settings.put("index", settings(found));
            }
            response.put(found.name(), Map.of("settings", settings));
        }
        return response;
    }

    @PutMapping({"/{index}/_settings", "/_settings"})
    @Operation(summary = "Update the settings of indexes", description = "Body: the settings to change, as at "
            + "creation (`{\"index\": {\"refresh_interval\": \"-1\", \"number_of_replicas\": 0}}`, also under "
            + "`settings`); `null` resets one to its default. `number_of_shards` and `number_of_routing_shards` cannot "
            + "change (400), the analysis only while the index is closed")
    Map<String, Object> updateSettings(@PathVariable(required = false) String index,
                                       @RequestParam(name = "preserve_existing", required = false) boolean preserveExisting,
                                       @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                                       @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                                       @RequestParam(name = "expand_wildcards", required = false) String expandWildcards,
                                       @RequestBody(required = false) byte[] body) {
        Map<String, Object> request = RequestBodies.object(body);
        Map<String, Object> changes = request.size() == 1 && request.get("settings") instanceof Map<?, ?>
                ? RequestBodies.objectMember(request, "settings") : request;
        if (changes.isEmpty()) {
            throw new ActionRequestValidationException("no settings to update");
        }
        engine.updateSettings(index == null ? List.of() : List.of(index.split(",")),
                IndicesOptions.of(ignoreUnavailable, allowNoIndices, expandWildcards, true), changes, preserveExisting);
        return Map.of("acknowledged", true);
    }

    @PostMapping("/{index}/_close")
    @Operation(summary = "Close indexes", description = "A closed index keeps its documents but answers neither reads "
            + "nor writes (400 index_closed_exception) until opened; wildcards match open indexes")
    Map<String, Object> close(@PathVariable String index,
                              @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                              @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                              @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        List<String> closed = engine.closeIndexes(List.of(index.split(",")),
                IndicesOptions.of(ignoreUnavailable, allowNoIndices, expandWildcards, true));
        Map<String, Object> indices = new LinkedHashMap<>();
        closed.forEach(name -> indices.put(name, Map.of("closed", true)));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("acknowledged", true);
        response.put("shards_acknowledged", true);
        response.put("indices", indices);
        return response;
    }

    @PostMapping("/{index}/_open")
    @Operation(summary = "Open closed indexes", description = "With all their documents; wildcards match closed "
            + "indexes (`expand_wildcards`, default `closed`)")
    Map<String, Object> open(@PathVariable String index,
                             @RequestParam(name = "ignore_unavailable", required = false) String ignoreUnavailable,
                             @RequestParam(name = "allow_no_indices", required = false) String allowNoIndices,
                             @RequestParam(name = "expand_wildcards", required = false) String expandWildcards) {
        engine.openIndexes(List.of(index.split(",")), IndicesOptions.of(ignoreUnavailable, allowNoIndices,
                expandWildcards == null ? "closed" : expandWildcards, true));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("acknowledged", true);
        response.put("shards_acknowledged", true);
        return response;
    }

    /** Elasticsearch's {@code settings.index}: values as strings. */
    private static Map<String, Object> settings(SearchIndex index) {
        Map<String, Object> settings = new LinkedHashMap<>();
        IndexSettings indexSettings = index.settings();
        indexSettings.explicit().forEach((key, value) -> {
            if (!key.equals("number_of_shards") && !key.equals("number_of_replicas")) {
                settings.put(key, value);
            }
        });
        if (!indexSettings.analysis().isEmpty()) {
            settings.put("analysis", indexSettings.analysis());
        }
        if (index.metadata().closed()) {
            settings.put("verified_before_close", "true");
        }
        settings.put("number_of_shards", Integer.toString(indexSettings.numberOfShards()));
        settings.put("number_of_replicas", Integer.toString(indexSettings.numberOfReplicas()));
        settings.put("provided_name", index.name());
        settings.put("creation_date", Long.toString(index.metadata().creationDate()));
        settings.put("uuid", index.metadata().uuid());
        return settings;
    }
}
