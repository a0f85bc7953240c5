package dev.infraplatform.search.api;

import dev.infraplatform.search.engine.GetResult;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.RefreshPolicy;
import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import dev.infraplatform.search.engine.WriteCondition;
import dev.infraplatform.search.engine.WriteResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's partial update request, shared by {@code _update/{id}} and {@code _bulk}'s
 * {@code update} items: the body ({@code doc}, {@code upsert}, {@code doc_as_upsert},
 * {@code detect_noop}, {@code _source}) is checked, applied through {@link SearchIndex#update}, and
 * answered in Elasticsearch's shape — with the updated document under {@code get} when
 * {@code _source} asks for it.
 */
final class DocumentUpdates {

    private static final List<String> KEYS = List.of("doc", "upsert", "doc_as_upsert", "detect_noop", "_source",
            "scripted_upsert", "script");

    private DocumentUpdates() {
    }

    /** What one update asks for, besides its body. */
    record Target(String index, String id, String routing, WriteCondition condition, int retries, RefreshPolicy refresh,
                  SourceFilter sourceFilter) {
    }

    /** An update applied: its result and its answer (without {@code status}). */
    record Outcome(WriteResult result, Map<String, Object> response) {
    }

    static Outcome apply(SearchEngine engine, Target target, Map<String, Object> request) {
        for (String key : request.keySet()) {
            if (!KEYS.contains(key)) {
                String suggestion = KEYS.stream().filter(k -> distance(k, key) <= 2).findFirst()
                        .map(k -> " did you mean [" + k + "]?").orElse("");
                throw new IllegalSearchArgumentException("[UpdateRequest] unknown field [" + key + "]" + suggestion);
            }
        }
        if (request.containsKey("script")) {
            throw new IllegalSearchArgumentException("script updates are not supported");
        }
        if (!request.containsKey("doc") && !request.containsKey("upsert")) {
            throw new IllegalSearchArgumentException("Validation Failed: 1: script or doc is missing;");
        }
        Map<String, Object> doc = RequestBodies.objectMember(request, "doc");
        Map<String, Object> upsert = request.containsKey("upsert") ? RequestBodies.objectMember(request, "upsert") : null;
        boolean docAsUpsert = Boolean.TRUE.equals(request.get("doc_as_upsert"));
        SearchIndex index = upsert != null || docAsUpsert ? engine.indexOrCreate(target.index()) : engine.index(target.index());
        WriteResult result = index.update(target.id(), engine.indexRouting(target.index(), target.routing()), doc, upsert, docAsUpsert,
                !Boolean.FALSE.equals(request.get("detect_noop")), target.condition(), target.refresh(), target.retries());
        Map<String, Object> response = DocumentController.writeResponse(index, result);
        if (result.result() == WriteResult.Result.NOOP) {
            response.put("_shards", Map.of("total", 0, "successful", 0, "failed", 0));
        }
        SourceFilter filter = request.containsKey("_source") ? SourceFilter.fromBody(request.get("_source"))
                : target.sourceFilter();
        if (filter != null && filter.fetch()) {
            GetResult current = index.get(target.id(), target.routing());
            if (current.found()) {
                Map<String, Object> get = new LinkedHashMap<>();
                get.put("_seq_no", current.seqNo());
                get.put("_primary_term", current.primaryTerm());
                get.put("found", true);
                Map<String, Object> source = RequestBodies.source(current.source());
                get.put("_source", filter.filters() ? filter.apply(source) : source);
                response.put("get", get);
            }
        }
        return new Outcome(result, response);
    }

    /** Levenshtein distance, for "did you mean" on short field names. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
