package dev.infraplatform.search.compat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of the search module a failure points at, read from its first failing step, so that the
 * report groups failures by who can fix them. The first rule that matches wins; the rules are
 * heuristics over the runner's own messages, checked in the order written.
 */
final class FailureArea {

    private static final Map<Pattern, String> RULES = new LinkedHashMap<>();

    static {
        rule("pipeline", "ingest pipelines");
        rule("\\[(aggregations|aggs)\\b|aggregations\\.|unknown aggregation|\\[precisionThreshold\\]", "aggregations");
        rule("(?<!index_or)_alias|aliases", "aliases"); // not the "index_or_alias" of index_not_found errors
        rule("_close|closed", "closed indexes");
        rule("answered 40[45][:,].*\"detail\":\"(Request method|No endpoint)", "endpoint missing (multi-index search, cluster or index APIs)");
        rule("no such index \\[(_all|_search|[^\\]]*\\*)", "multi-index search (_all, wildcards)");
        rule("expected \\[\\d+\\] but was \\[\\{value=", "search response: rest_total_hits_as_int");
        rule("highlight", "highlight");
        rule("analyzer|analysis|tokenizer", "analysis");
        rule("No handler for type|unknown parameter \\[|Root mapping definition|mapper_parsing_exception",
                "mappings (field types and parameters)");
        rule("unknown query|query_string|multi_match|match_bool_prefix|\\[(slop|cutoff_frequency|range|prefix|wildcard|regexp)\\]",
                "query DSL");
        rule("unknown setting", "index settings");
        rule("Unknown key for a START_OBJECT in \\[|search_type|_source|stored_fields|docvalue_fields|from\\]|size\\]",
                "search request options");
        rule("invalid_index_name|%3C", "index names (non-ASCII, date math)");
        rule("hits\\.|_shards|count", "search results");
    }

    private FailureArea() {
    }

    private static void rule(String regex, String area) {
        RULES.put(Pattern.compile(regex), area);
    }

    static String of(String file, String detail) {
        if (file.contains("pipeline")) {
            return "ingest pipelines";
        }
        if (file.contains("query_string")) {
            return "query DSL";
        }
        for (Map.Entry<Pattern, String> rule : RULES.entrySet()) {
            if (rule.getKey().matcher(detail).find()) {
                return rule.getValue();
            }
        }
        return "other";
    }
}
