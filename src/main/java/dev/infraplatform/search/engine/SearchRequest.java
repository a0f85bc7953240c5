package dev.infraplatform.search.engine;

import java.util.List;
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
 * @param options        what each hit shows and the request's other options
 */
public record SearchRequest(Map<String, Object> query, Object sort, int from, int size, Object trackTotalHits,
                            Map<String, Object> aggregations, Map<String, Object> highlight, Options options) {

    public SearchRequest {
        options = options == null ? Options.DEFAULTS : options;
    }

    /** A search with the default options. */
    public SearchRequest(Map<String, Object> query, Object sort, int from, int size, Object trackTotalHits,
                         Map<String, Object> aggregations, Map<String, Object> highlight) {
        this(query, sort, from, size, trackTotalHits, aggregations, highlight, Options.DEFAULTS);
    }

    /** A page of hits for a query, by score. */
    public static SearchRequest of(Map<String, Object> query, int from, int size) {
        return new SearchRequest(query, null, from, size, null, null, null);
    }

    /** A page of hits for a query, sorted. */
    public static SearchRequest sorted(Map<String, Object> query, Object sort, int from, int size) {
        return new SearchRequest(query, sort, from, size, null, null, null);
    }

    /**
     * The options of Elasticsearch's search request beyond the query and the page.
     *
     * @param typedKeys        {@code typed_keys}: aggregation names as {@code type#name} in the result
     * @param version          {@code version}: each hit shows its {@code _version}
     * @param seqNoPrimaryTerm {@code seq_no_primary_term}: each hit shows {@code _seq_no} and {@code _primary_term}
     * @param explain          {@code explain}: each hit shows how its score was computed
     * @param fetchIds         {@code false} for {@code stored_fields: _none_}: hits without {@code _id} (nor source)
     * @param docValueFields   {@code docvalue_fields}: fields read from doc values into each hit's {@code fields}
     * @param postFilter       {@code post_filter}: a query that filters the hits but not the aggregations
     * @param scroll           whether a {@code scroll} was asked for (its page counts against the result window)
     * @param scriptFields     how many {@code script_fields} were asked for (checked against the index's limit)
     * @param rescoreWindow    the largest {@code rescore} window asked for ({@code -1}: none)
     * @param routing          {@code routing}: comma-separated routing values; only the shards they
     *                         route to are searched ({@code null}: every shard)
     * @param minScore         {@code min_score}: hits (and the documents aggregations see) score at
     *                         least this much ({@code null}: no minimum)
     * @param terminateAfter   {@code terminate_after}: each shard stops collecting after this many
     *                         documents ({@code 0}: never)
     * @param storedFields     {@code stored_fields}: the stored fields each hit shows in its {@code fields}
     * @param indicesBoost     {@code indices_boost}: index expressions (names, aliases, patterns) in
     *                         order, each with the factor the scores of its indexes' hits are
     *                         multiplied by; the first expression naming an index applies
     */
    public record Options(boolean typedKeys, boolean version, boolean seqNoPrimaryTerm, boolean explain,
                          boolean fetchIds, List<DocValueField> docValueFields, Map<String, Object> postFilter,
                          boolean scroll, int scriptFields, int rescoreWindow, String routing, Float minScore,
                          int terminateAfter, List<String> storedFields, Map<String, Float> indicesBoost) {

        /** Elasticsearch's defaults: ids and sources, nothing more. */
        public static final Options DEFAULTS = new Options(false, false, false, false, true, List.of(), null, false, 0,
                -1, null, null, 0, List.of(), Map.of());

        public Options {
            docValueFields = List.copyOf(docValueFields);
            storedFields = List.copyOf(storedFields);
            indicesBoost = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(indicesBoost));
            if (terminateAfter < 0) {
                throw new IllegalSearchArgumentException("terminateAfter must be > 0");
            }
        }

        /** Options on every shard, without a minimum score. */
        public Options(boolean typedKeys, boolean version, boolean seqNoPrimaryTerm, boolean explain, boolean fetchIds,
                       List<DocValueField> docValueFields, Map<String, Object> postFilter, boolean scroll,
                       int scriptFields, int rescoreWindow) {
            this(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, postFilter, scroll,
                    scriptFields, rescoreWindow, null, null, 0, List.of(), Map.of());
        }

        /** These options with {@code routing}. */
        public Options withRouting(String value) {
            return new Options(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, postFilter,
                    scroll, scriptFields, rescoreWindow, value, minScore, terminateAfter, storedFields, indicesBoost);
        }

        /** These options with {@code min_score}. */
        public Options withMinScore(Float value) {
            return new Options(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, postFilter,
                    scroll, scriptFields, rescoreWindow, routing, value, terminateAfter, storedFields, indicesBoost);
        }

        /** These options with {@code terminate_after}. */
        public Options withTerminateAfter(int value) {
            return new Options(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, postFilter,
                    scroll, scriptFields, rescoreWindow, routing, minScore, value, storedFields, indicesBoost);
        }

        /** These options with {@code stored_fields}. */
        public Options withStoredFields(List<String> value) {
            return new Options(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, postFilter,
                    scroll, scriptFields, rescoreWindow, routing, minScore, terminateAfter, value, indicesBoost);
        }

        /** These options with {@code post_filter}. */
        public Options withPostFilter(Map<String, Object> value) {
            return new Options(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, value,
                    scroll, scriptFields, rescoreWindow, routing, minScore, terminateAfter, storedFields, indicesBoost);
        }

        /** These options with {@code indices_boost}. */
        public Options withIndicesBoost(Map<String, Float> value) {
            return new Options(typedKeys, version, seqNoPrimaryTerm, explain, fetchIds, docValueFields, postFilter,
                    scroll, scriptFields, rescoreWindow, routing, minScore, terminateAfter, storedFields, value);
        }
    }

    /** One {@code docvalue_fields} entry: a field name and an optional {@code format}. */
    public record DocValueField(String field, String format) {
    }
}
