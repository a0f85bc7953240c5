package dev.infraplatform.search.engine;

import java.util.List;

/**
 * The hits of a search, merged over shards: the total (exact up to {@link #TRACK_TOTAL_HITS_UP_TO},
 * a lower bound beyond, as Elasticsearch's default {@code track_total_hits}), the best score and
 * the page of hits asked for.
 */
public record SearchHits(long total, boolean totalIsExact, float maxScore, List<Hit> hits, int shards) {

    public static final int TRACK_TOTAL_HITS_UP_TO = 10_000;
    public static final int MAX_RESULT_WINDOW = 10_000;

    /**
     * One hit: its id, score ({@code NaN} when sorted by fields without {@code _score}), routing,
     * source and, when the search was sorted, its sort values (strings, longs, doubles).
     */
    public record Hit(String index, String id, float score, String routing, byte[] source, List<Object> sortValues) {
    }
}
