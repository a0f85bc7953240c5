package dev.infraplatform.search.engine;

import java.util.List;
import java.util.Map;

/**
 * The hits of a search, merged over shards (and indexes): the total (exact up to the
 * {@code track_total_hits} threshold, that threshold with {@code totalIsExact == false} beyond, or
 * {@link #TOTAL_NOT_TRACKED} when {@code track_total_hits} is false), the best score, the page of hits
 * asked for and the aggregations' results in Elasticsearch's response shape ({@code null} when none
 * were asked for). {@code terminatedEarly}: with {@code terminate_after}, whether a shard stopped
 * collecting at it ({@code null} without {@code terminate_after}). {@code failures}: the indexes of a
 * search over several whose shards could not be searched ({@code shards} counts the others).
 */
public record SearchHits(long total, boolean totalIsExact, float maxScore, List<Hit> hits, int shards,
                         Map<String, Object> aggregations, Boolean terminatedEarly, List<ShardFailure> failures) {

    public SearchHits {
        failures = List.copyOf(failures);
    }

    /** Hits without failures. */
    public SearchHits(long total, boolean totalIsExact, float maxScore, List<Hit> hits, int shards,
                      Map<String, Object> aggregations, Boolean terminatedEarly) {
        this(total, totalIsExact, maxScore, hits, shards, aggregations, terminatedEarly, List.of());
    }

    /** These hits with the failures of the indexes that could not be searched. */
    SearchHits withFailures(List<ShardFailure> value) {
        return new SearchHits(total, totalIsExact, maxScore, hits, shards, aggregations, terminatedEarly, value);
    }

    /** Elasticsearch's default {@code track_total_hits}. */
    public static final int TRACK_TOTAL_HITS_UP_TO = 10_000;
    /** {@code track_total_hits: true}: count every match. */
    public static final int TRACK_TOTAL_HITS_ACCURATE = Integer.MAX_VALUE;
    /** {@code track_total_hits: false} (or -1): count nothing, answer no {@code hits.total}. */
    public static final int TRACK_TOTAL_HITS_DISABLED = -1;
    /** {@link #total()} of a search that did not count its hits. */
    public static final long TOTAL_NOT_TRACKED = -1;
    /** Elasticsearch's default {@code index.max_result_window}. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    /** Whether the total was counted ({@code track_total_hits} not false). */
    public boolean totalTracked() {
        return total != TOTAL_NOT_TRACKED;
    }

    /**
     * The threshold up to which a {@code track_total_hits} value ({@code null}, {@code true},
     * {@code false}, a number, or those as strings from a URL parameter) counts matches exactly.
     *
     * @throws IllegalSearchArgumentException on a number below -1 or a value of another kind
     */
    public static int trackTotalHitsUpTo(Object trackTotalHits) {
        if (trackTotalHits == null) {
            return TRACK_TOTAL_HITS_UP_TO;
        }
        String text = trackTotalHits.toString();
        if (text.equals("true")) {
            return TRACK_TOTAL_HITS_ACCURATE;
        }
        if (text.equals("false")) {
            return TRACK_TOTAL_HITS_DISABLED;
        }
        int value;
        try {
            value = trackTotalHits instanceof Number number ? Math.toIntExact(number.longValue())
                    : Integer.parseInt(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalSearchArgumentException("Failed to parse value [" + text + "] as only [true] or [false] "
                    + "are allowed.");
        }
        if (value < TRACK_TOTAL_HITS_DISABLED) {
            throw new IllegalSearchArgumentException("[track_total_hits] parameter must be positive or equals to -1, "
                    + "got " + value);
        }
        return value;
    }

    /**
     * One hit: its id ({@code null} with {@code stored_fields: _none_}), score ({@code NaN} when
     * sorted by fields without {@code _score}), routing, source ({@code null} when not fetched), when
     * the search was sorted, its sort values (strings, longs, doubles), and its highlighted fragments
     * by field ({@code null} when no highlight was asked for or none matched). {@code version} and
     * {@code seqNo} are set when the request asked for them ({@code version},
     * {@code seq_no_primary_term}), {@code fields} holds the {@code docvalue_fields} (by field, in
     * request order; {@code null} when none), {@code explanation} the score's explanation in
     * Elasticsearch's shape when {@code explain} was asked for.
     */
    public record Hit(String index, String id, float score, String routing, byte[] source, List<Object> sortValues,
                      Map<String, List<String>> highlight, Long version, Long seqNo,
                      Map<String, List<Object>> fields, Map<String, Object> explanation) {

        public Hit(String index, String id, float score, String routing, byte[] source, List<Object> sortValues,
                   Map<String, List<String>> highlight) {
            this(index, id, score, routing, source, sortValues, highlight, null, null, null, null);
        }

        /** {@code _primary_term}: one node, one term. */
        public long primaryTerm() {
            return Shard.PRIMARY_TERM;
        }
    }
}
