package dev.infraplatform.search.engine;

import java.util.List;
import java.util.Map;

/**
 * The hits of a search, merged over shards: the total (exact up to {@link #TRACK_TOTAL_HITS_UP_TO},
 * a lower bound beyond, as Elasticsearch's default {@code track_total_hits}), the best score, the
 * page of hits asked for and the aggregations' results in Elasticsearch's response shape
 * ({@code null} when none were asked for).
 */
public record SearchHits(long total, boolean totalIsExact, float maxScore, List<Hit> hits, int shards,
                         Map<String, Object> aggregations) {

    public static final int TRACK_TOTAL_HITS_UP_TO = 10_000;
    public static final int MAX_RESULT_WINDOW = 10_000;

    /**
     * One hit: its id, score ({@code NaN} when sorted by fields without {@code _score}), routing,
     * source, when the search was sorted, its sort values (strings, longs, doubles), and its
     * highlighted fragments by field ({@code null} when no highlight was asked for).
     */
    public record Hit(String index, String id, float score, String routing, byte[] source, List<Object> sortValues,
                      Map<String, List<String>> highlight) {
    }
}
