package dev.infraplatform.search.compat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which published YAML test files the compatibility report covers, and why the others of the same
 * directories are left out. Covered: every file of the document and index-administration
 * directories; of {@code search/}, the <em>basic</em> files — the search request and response
 * themselves (query DSL leaf and compound queries, {@code _source} filtering, sort, paging, total
 * hits, defaults and limits, index options); of {@code search.aggregation/}, the aggregations named in
 * {@link #AGGREGATIONS}. A file left out still shows in the report: its tests count as skipped, with
 * the file's reason.
 */
final class TestSelection {

    /** The directories below {@code rest-api-spec/test/} the report covers. */
    static final List<String> DIRECTORIES = List.of("bulk", "count", "delete", "exists", "get", "get_source", "index",
            "indices.create", "indices.delete", "indices.delete_alias", "indices.exists", "indices.exists_alias",
            "indices.get_alias", "indices.get_mapping", "indices.open", "indices.put_alias", "indices.refresh",
            "indices.update_aliases", "mget",
            "search", "search.aggregation", "update");

    /** The basic files of {@code search/}: the search request and response themselves. */
    static final Set<String> BASIC_SEARCH = Set.of("10_source_filtering.yml", "20_default_values.yml",
            "30_limits.yml", "50_multi_match.yml", "60_query_string.yml", "80_indices_options.yml",
            "100_stored_fields.yml", "160_exists_query.yml", "170_terms_query.yml", "220_total_hits_object.yml",
            "260_sort_double.yml", "260_sort_long.yml", "260_sort_mixed.yml", "300_sequence_numbers.yml",
            "310_match_bool_prefix.yml", "330_distributed_sort.yml", "360_from_and_size.yml", "issue4895.yml",
            "issue9606.yml");

    /** The aggregations covered in {@code search.aggregation/}, as named in the file names. */
    static final List<String> AGGREGATIONS = List.of("terms", "avg", "min", "max", "sum", "stats", "value_count",
            "cardinality", "histogram", "date_histogram", "range");

    /** Why a search/ file is not basic, by a part of its name; the first that fits wins. */
    private static final Map<String, String> SEARCH_EXCLUSIONS = new java.util.LinkedHashMap<>();

    static {
        SEARCH_EXCLUSIONS.put("match_only_text", "OpenSearch-only field type (match_only_text)");
        SEARCH_EXCLUSIONS.put("unsigned_long", "OpenSearch-only field type (unsigned_long)");
        SEARCH_EXCLUSIONS.put("collapsing", "not basic: field collapsing");
        SEARCH_EXCLUSIONS.put("batch_reduce_size", "not basic: batched reduce of shard results");
        SEARCH_EXCLUSIONS.put("pre_filter_search_shards", "not basic: shard pre-filtering");
        SEARCH_EXCLUSIONS.put("rewrite_on_coordinator", "not basic: coordinator query rewriting");
        SEARCH_EXCLUSIONS.put("rescore", "not basic: rescoring and explain");
        SEARCH_EXCLUSIONS.put("interval_query", "not basic: intervals query");
        SEARCH_EXCLUSIONS.put("date_nanos", "not basic: date_nanos field type");
        SEARCH_EXCLUSIONS.put("distance_feature", "not basic: distance_feature query (geo, dates)");
        SEARCH_EXCLUSIONS.put("wildcard_fieldtype", "not basic: wildcard field type");
        SEARCH_EXCLUSIONS.put("disallow_queries", "not basic: expensive-query cluster setting");
        SEARCH_EXCLUSIONS.put("fetch_fields", "not basic: fields retrieval (fields option)");
        SEARCH_EXCLUSIONS.put("doc_values_field", "not basic: docvalue_fields");
        SEARCH_EXCLUSIONS.put("matched_queries", "not basic: named queries");
        SEARCH_EXCLUSIONS.put("approximate_range", "not basic: OpenSearch approximate range queries");
        SEARCH_EXCLUSIONS.put("bitmap_filtering", "not basic: OpenSearch bitmap terms lookup");
        SEARCH_EXCLUSIONS.put("search_as_you_type", "not basic: search_as_you_type field type");
        SEARCH_EXCLUSIONS.put("locale_dependent", "not basic: locale-dependent date mapping");
        SEARCH_EXCLUSIONS.put("index_prefix", "not basic: index_prefixes mapping");
        SEARCH_EXCLUSIONS.put("index_phrase", "not basic: index_phrases mapping");
        SEARCH_EXCLUSIONS.put("ignore_malformed", "not basic: ignore_malformed mapping");
        SEARCH_EXCLUSIONS.put("indices_boost", "not basic: indices_boost over several indexes");
        SEARCH_EXCLUSIONS.put("response_filtering", "not basic: filter_path response filtering");
        SEARCH_EXCLUSIONS.put("search_after", "not basic: search_after paging");
    }

    /** OpenSearch-only features in the document directories, by a part of the file name. */
    private static final Map<String, String> OPENSEARCH_ONLY = Map.of(
            "flat_object", "OpenSearch-only field type (flat_object)",
            "unsigned_long", "OpenSearch-only field type (unsigned_long)",
            "geo_point", "not covered: geo_point field type",
            "constant_keyword", "not covered: constant_keyword field type");

    private TestSelection() {
    }

    /** Empty if the file is covered, else why its tests are skipped. */
    static Optional<String> exclusion(YamlTestFile file) {
        String name = file.fileName();
        for (Map.Entry<String, String> e : OPENSEARCH_ONLY.entrySet()) {
            if (name.contains(e.getKey())) {
                return Optional.of(e.getValue());
            }
        }
        if (file.directory().equals("search")) {
            if (BASIC_SEARCH.contains(name)) {
                return Optional.empty();
            }
            return SEARCH_EXCLUSIONS.entrySet().stream().filter(e -> name.contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().or(() -> Optional.of("not basic: " + name));
        }
        if (file.directory().equals("search.aggregation")) {
            if (name.contains("_unsigned")) {
                return Optional.of("OpenSearch-only field type (unsigned_long)");
            }
            String aggregation = name.replaceFirst("^\\d+_", "").replaceFirst("\\.yml$", "")
                    .replaceFirst("_(metric|bucket)$", "");
            return AGGREGATIONS.contains(aggregation) ? Optional.empty()
                    : Optional.of("aggregation not covered: " + aggregation);
        }
        return Optional.empty();
    }
}
