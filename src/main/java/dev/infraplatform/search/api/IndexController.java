package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IndexSettings;
import dev.infraplatform.search.engine.Mapping;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Index administration in Elasticsearch's shapes: create, get, exists, delete, mappings, refresh. */
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
        if (!RequestBodies.objectMember(request, "aliases").isEmpty()) {
            throw new IllegalSearchArgumentException("aliases are not supported yet");
        }
        IndexSettings settings = IndexSettings.parse(RequestBodies.objectMember(request, "settings"));
        Mapping mapping = Mapping.parse(RequestBodies.objectMember(request, "mappings"));
        engine.createIndex(index, settings, mapping);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("acknowledged", true);
        response.put("shards_acknowledged", true);
        response.put("index", index);
        return response;
    }

    @GetMapping("/{index}")
    @Operation(summary = "Get an index: aliases, mappings and settings")
    Map<String, Object> get(@PathVariable String index) {
        SearchIndex found = engine.index(index);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("aliases", Map.of());
        description.put("mappings", found.mapping().toMap());
        description.put("settings", Map.of("index", settings(found)));
        return Map.of(index, description);
    }

    @RequestMapping(path = "/{index}", method = RequestMethod.HEAD)
    @Operation(summary = "Whether an index exists (200 or 404)")
    ResponseEntity<Void> exists(@PathVariable String index) {
        return engine.indexes().stream().anyMatch(i -> i.name().equals(index))
                ? ResponseEntity.ok().build() : ResponseEntity.notFound().build();
    }

    @DeleteMapping("/{index}")
    @Operation(summary = "Delete an index with its documents")
    Map<String, Object> delete(@PathVariable String index) {
        engine.deleteIndex(index);
        return Map.of("acknowledged", true);
    }

    @GetMapping("/{index}/_mapping")
    @Operation(summary = "Get an index's mapping")
    Map<String, Object> getMapping(@PathVariable String index) {
        return Map.of(index, Map.of("mappings", engine.index(index).mapping().toMap()));
    }

    @RequestMapping(path = "/{index}/_mapping", method = {RequestMethod.PUT, RequestMethod.POST})
    @Operation(summary = "Add fields to an index's mapping", description = "Body: `{\"properties\": {…}}`; "
            + "an existing field cannot change its type (400 illegal_argument_exception)")
    Map<String, Object> putMapping(@PathVariable String index, @RequestBody(required = false) byte[] body) {
        SearchIndex found = engine.index(index);
        found.putMapping(Mapping.parse(RequestBodies.object(body)));
        return Map.of("acknowledged", true);
    }

    @RequestMapping(path = "/{index}/_refresh", method = {RequestMethod.POST, RequestMethod.GET})
    @Operation(summary = "Make every write so far visible to search")
    Map<String, Object> refresh(@PathVariable String index) {
        SearchIndex found = engine.index(index);
        found.refresh();
        return Map.of("_shards", DocumentController.shards(found, found.numberOfShards()));
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
        settings.put("number_of_shards", Integer.toString(indexSettings.numberOfShards()));
        settings.put("number_of_replicas", Integer.toString(indexSettings.numberOfReplicas()));
        settings.put("provided_name", index.name());
        settings.put("creation_date", Long.toString(index.metadata().creationDate()));
        settings.put("uuid", index.metadata().uuid());
        return settings;
    }
}
