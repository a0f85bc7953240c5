package dev.infraplatform.search.engine;

import java.util.Map;

/**
 * One search, as the parts of Elasticsearch's {@code _search} body the engine acts on, still in
 * their JSON form (maps, lists, strings, numbers) so that every front door hands them over the same
 * way.
 *
 * @param query          the query DSL object ({@code null}: match_all)
 * @param sort           Elasticsearch's {@code sort} value ({@code null}: by score)
 * @param from           the first hit of the page
 * @param size           how many hits the page holds
 * @param trackTotalHits Elasticsearch's {@code track_total_hits}: {@code true}, {@code false} or a
 *                       number ({@code null}: up to {@link SearchHits#TRACK_TOTAL_HITS_UP_TO})
 * @param aggregations   the {@code aggs}/{@code aggregations} object ({@code null}: none)
 * @param highlight      the {@code highlight} object ({@code null}: none)
 */
public record SearchRequest(Map<String, Object> query, Object sort, int from, int size, Object trackTotalHits,
                            Map<String, Object> aggregations, Map<String, Object> highlight) {

    /** A page of hits for a query, by score. */
    public static SearchRequest of(Map<String, Object> query, int from, int size) {
        return new SearchRequest(query, null, from, size, null, null, null);
    }

    /** A page of hits for a query, sorted. */
    public static SearchRequest sorted(Map<String, Object> query, Object sort, int from, int size) {
        return new SearchRequest(query, sort, from, size, null, null, null);
    }
}
