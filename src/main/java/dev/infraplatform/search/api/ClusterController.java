package dev.infraplatform.search.api;

import dev.infraplatform.search.config.SearchProperties;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /_cluster/health} as Elasticsearch computes it for one node: every primary is active;
 * replicas cannot be assigned (a replica never shares a node with its primary), so an index with
 * replicas is yellow, one without is green, and the cluster is the worst of its indexes.
 */
@RestController
@RequestMapping("/api/v1/search/_cluster")
@Tag(name = "Search: cluster", description = "Elasticsearch-compatible cluster health")
class ClusterController {

    private static final List<String> ORDER = List.of("green", "yellow", "red");

    private final SearchEngine engine;
    private final SearchProperties properties;

    ClusterController(SearchEngine engine, SearchProperties properties) {
        this.engine = engine;
        this.properties = properties;
    }

    @GetMapping("/health")
    @Operation(summary = "Cluster health", description = "`wait_for_status` is answered at once: 408 with "
            + "`timed_out` if the status is worse (nothing changes it on one node but index creation and deletion)")
    ResponseEntity<Map<String, Object>> health(@RequestParam(name = "wait_for_status", required = false) String waitFor) {
        return health(engine.indexes(), waitFor);
    }

    @GetMapping("/health/{index}")
    @Operation(summary = "Health of one index")
    ResponseEntity<Map<String, Object>> indexHealth(@PathVariable String index,
                                                    @RequestParam(name = "wait_for_status", required = false) String waitFor) {
        return health(List.of(engine.index(index)), waitFor);
    }

    private ResponseEntity<Map<String, Object>> health(Collection<SearchIndex> indexes, String waitFor) {
        int primaries = indexes.stream().mapToInt(SearchIndex::numberOfShards).sum();
        int unassigned = indexes.stream()
                .mapToInt(i -> i.numberOfShards() * i.settings().numberOfReplicas()).sum();
        String status = unassigned > 0 ? "yellow" : "green";
        boolean timedOut = waitFor != null && ORDER.indexOf(status) > ORDER.indexOf(waitFor);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cluster_name", properties.clusterName());
        body.put("status", status);
        body.put("timed_out", timedOut);
        body.put("number_of_nodes", 1);
        body.put("number_of_data_nodes", 1);
        body.put("active_primary_shards", primaries);
        body.put("active_shards", primaries);
        body.put("relocating_shards", 0);
        body.put("initializing_shards", 0);
        body.put("unassigned_shards", unassigned);
        body.put("delayed_unassigned_shards", 0);
        body.put("number_of_pending_tasks", 0);
        body.put("number_of_in_flight_fetch", 0);
        body.put("task_max_waiting_in_queue_millis", 0);
        int total = primaries + unassigned;
        body.put("active_shards_percent_as_number", total == 0 ? 100.0 : 100.0 * primaries / total);
        return ResponseEntity.status(timedOut ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.OK).body(body);
    }
}
