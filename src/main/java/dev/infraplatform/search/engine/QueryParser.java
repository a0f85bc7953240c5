package dev.infraplatform.search.engine;

import dev.infraplatform.search.analysis.IndexAnalyzers;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Elasticsearch's query DSL into Lucene queries under an index's mapping: this class dispatches by
 * query name and reads the compound queries; {@link TermLevelQueries} reads the term-level ones
 * ({@code term}, {@code terms}, {@code range} with {@link DateMath}, {@code exists}, {@code ids},
 * {@code prefix}, {@code wildcard}, {@code regexp}, {@code fuzzy}) and {@link FullTextQueries} the
 * full-text ones ({@code match}, {@code multi_match}, {@code match_phrase},
 * {@code match_phrase_prefix}, {@code match_bool_prefix}, {@code query_string},
 * {@code simple_query_string}).
 *
 * <p>Compound: {@code bool} ({@code minimum_should_match} in all of Elasticsearch's forms, see
 * {@link MinimumShouldMatch}), {@code constant_score}, {@code dis_max}, {@code boosting},
 * {@code match_all}, {@code match_none}. Every query takes {@code boost} where Elasticsearch does,
 * and accepts {@code _name} (named queries are not reported in hits). An unmapped field matches
 * nothing, as in Elasticsearch. An unknown query or option is a {@link QueryParsingException}
 * ({@code parsing_exception}). Cheap to build (one walk over the mapping); one per search.
 */
final class QueryParser {

    private final TermLevelQueries termLevel;
    private final FullTextQueries fullText;
    private final QueryLimits limits;

    QueryParser(Mapping mapping, Analyzer analyzer) {
        this(mapping, analyzer, System::currentTimeMillis);
    }

    /** @param now the clock {@code now} in date math reads (epoch milliseconds) */
    QueryParser(Mapping mapping, Analyzer analyzer, LongSupplier now) {
        this(mapping, analyzer, now, QueryLimits.DEFAULTS, IndexAnalyzers.global()::get);
    }

    /** @param limits the index's {@code max_terms_count} and {@code max_regex_length} */
    QueryParser(Mapping mapping, Analyzer analyzer, QueryLimits limits) {
        this(mapping, analyzer, System::currentTimeMillis, limits, IndexAnalyzers.global()::get);
    }

    /**
     * @param limits the index's {@code max_terms_count} and {@code max_regex_length}
     * @param namedAnalyzers the analyzers a full-text query may name: the index's own and the built-in ones
     */
    QueryParser(Mapping mapping, Analyzer analyzer, QueryLimits limits, Function<String, Analyzer> namedAnalyzers) {
        this(mapping, analyzer, System::currentTimeMillis, limits, namedAnalyzers);
    }

    private QueryParser(Mapping mapping, Analyzer analyzer, LongSupplier now, QueryLimits limits,
                        Function<String, Analyzer> namedAnalyzers) {
        this.limits = limits;
        MappedFields fields = new MappedFields(mapping, analyzer);
        this.termLevel = new TermLevelQueries(mapping, analyzer, now, fields, limits);
        this.fullText = new FullTextQueries(this, fields, analyzer, namedAnalyzers);
    }

    /** The index's limits the queries are built under. */
    QueryLimits limits() {
        return limits;
    }

    /**
     * @throws IllegalSearchArgumentException if a regular expression is longer than the index's
     *                                        {@code max_regex_length}
     */
    void checkRegexLength(String regex) {
        if (regex.length() > limits.maxRegexLength()) {
            throw new IllegalSearchArgumentException("The length of regex [" + regex.length() + "] used in the Regexp "
                    + "Query request has exceeded the allowed maximum of [" + limits.maxRegexLength() + "]. This "
                    + "maximum can be set by changing the [index.max_regex_length] index level setting.");
        }
    }

    /** {@code null} or empty → match_all. */
    Query parse(Map<String, Object> query) {
        if (query == null || query.isEmpty()) {
            return new MatchAllDocsQuery();
        }
        if (query.size() != 1) {
            throw new QueryParsingException("[_na] query malformed, must start with start_object");
        }
        Map.Entry<String, Object> clause = query.entrySet().iterator().next();
        Map<String, Object> body = object(clause.getValue(), clause.getKey());
        return switch (clause.getKey()) {
            case "match_all" -> boosted(new MatchAllDocsQuery(), options(body, "match_all", Set.of()));
            case "match_none" -> {
                options(body, "match_none", Set.of());
                yield new MatchNoDocsQuery();
            }
            case "term" -> termLevel.term(body);
            case "terms" -> termLevel.terms(body);
            case "range" -> termLevel.range(body);
            case "exists" -> termLevel.exists(body);
            case "ids" -> termLevel.ids(body);
            case "prefix" -> termLevel.prefix(body);
            case "wildcard" -> termLevel.wildcard(body);
            case "regexp" -> termLevel.regexp(body);
            case "fuzzy" -> termLevel.fuzzy(body);
            case "bool" -> bool(body);
            case "constant_score" -> constantScore(body);
            case "dis_max" -> disMax(body);
            case "boosting" -> boosting(body);
            case "match" -> fullText.match(body);
            case "match_phrase" -> fullText.matchPhrase(body);
            case "match_phrase_prefix" -> fullText.matchPhrasePrefix(body);
            case "match_bool_prefix" -> fullText.matchBoolPrefix(body);
            case "multi_match" -> fullText.multiMatch(body);
            case "query_string" -> fullText.queryString(body);
            case "simple_query_string" -> fullText.simpleQueryString(body);
            default -> throw new QueryParsingException("unknown query [" + clause.getKey() + "]");
        };
    }

    private Query bool(Map<String, Object> body) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        int should = 0;
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            BooleanClause.Occur occur = switch (entry.getKey()) {
                case "must" -> BooleanClause.Occur.MUST;
                case "should" -> BooleanClause.Occur.SHOULD;
                case "filter" -> BooleanClause.Occur.FILTER;
                case "must_not" -> BooleanClause.Occur.MUST_NOT;
                case "minimum_should_match", "boost", "_name", "adjust_pure_negative" -> null;
                default -> throw new QueryParsingException("[bool] query does not support [" + entry.getKey() + "]");
            };
            if (occur == null) {
                continue;
            }
            List<?> clauses = entry.getValue() instanceof List<?> list ? list : List.of(entry.getValue());
            for (Object clause : clauses) {
                builder.add(parse(object(clause, entry.getKey())), occur);
                if (occur == BooleanClause.Occur.SHOULD) {
                    should++;
                }
            }
        }
        if (body.get("minimum_should_match") != null) {
            builder.setMinimumNumberShouldMatch(MinimumShouldMatch.calculate(should, body.get("minimum_should_match")));
        }
        BooleanQuery query = builder.build();
        if (query.clauses().isEmpty()) {
            return boosted(new MatchAllDocsQuery(), body);
        }
        Query result = query;
        if (query.clauses().stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
            // a purely negative bool matches everything else, as Elasticsearch's fixNegativeQueryIfNeeded
            BooleanQuery.Builder positive = new BooleanQuery.Builder();
            query.clauses().forEach(positive::add);
            positive.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
            result = positive.build();
        }
        return boosted(result, body);
    }

    private Query constantScore(Map<String, Object> body) {
        options(body, "constant_score", Set.of("filter"));
        if (body.get("filter") == null) {
            throw new QueryParsingException("[constant_score] requires a 'filter' element");
        }
        return boosted(new ConstantScoreQuery(parse(object(body.get("filter"), "filter"))), body);
    }

    private Query disMax(Map<String, Object> body) {
        options(body, "dis_max", Set.of("queries", "tie_breaker"));
        if (!(body.get("queries") instanceof List<?> queries) || queries.isEmpty()) {
            throw new QueryParsingException("[dis_max] requires 'queries' field with at least one clause");
        }
        List<Query> disjuncts = new ArrayList<>();
        for (Object query : queries) {
            disjuncts.add(parse(object(query, "queries")));
        }
        float tieBreaker = floatOption(body, "tie_breaker", 0f);
        return boosted(new DisjunctionMaxQuery(disjuncts, tieBreaker), body);
    }

    private Query boosting(Map<String, Object> body) {
        options(body, "boosting", Set.of("positive", "negative", "negative_boost"));
        if (body.get("positive") == null) {
            throw new QueryParsingException("[boosting] query requires 'positive' query");
        }
        if (body.get("negative") == null) {
            throw new QueryParsingException("[boosting] query requires 'negative' query");
        }
        if (body.get("negative_boost") == null) {
            throw new QueryParsingException("[boosting] query requires 'negative_boost' to be set to be a positive value'");
        }
        float negativeBoost = floatOption(body, "negative_boost", 0f);
        if (negativeBoost < 0) {
            throw new IllegalSearchArgumentException("[boosting] query requires [negative_boost] to be non-negative");
        }
        return boosted(FunctionScoreQuery.boostByQuery(parse(object(body.get("positive"), "positive")),
                parse(object(body.get("negative"), "negative")), negativeBoost), body);
    }

    /** The query for one exact value of a field, by the field's type (see {@link TermLevelQueries}). */
    Query exact(String path, Object value) {
        return termLevel.exact(path, value);
    }

    /** A range over one field, by its type (see {@link TermLevelQueries#range(String, Object, boolean, Object, boolean, String, String)}). */
    Query range(String path, Object lower, boolean includeLower, Object upper, boolean includeUpper, String format,
                String timeZone) {
        return termLevel.range(path, lower, includeLower, upper, includeUpper, format, timeZone);
    }

    /** The query with the options' {@code boost}, if any. */
    static Query boosted(Query query, Map<String, Object> options) {
        return boosted(query, options.get("boost"));
    }

    static Query boosted(Query query, Object boost) {
        if (boost == null) {
            return query;
        }
        float value;
        try {
            value = boost instanceof Number number ? number.floatValue() : Float.parseFloat(boost.toString());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("[boost] must be a number but was [" + boost + "]");
        }
        if (value < 0) {
            throw new IllegalSearchArgumentException("negative [boost] are not allowed in [" + query + "]");
        }
        return value == 1f ? query : new BoostQuery(query, value);
    }

    /**
     * Checks that {@code body} holds only {@code allowed} keys plus {@code boost} and {@code _name},
     * as Elasticsearch's {@code [x] query does not support [y]}; returns {@code body}.
     */
    static Map<String, Object> options(Map<String, Object> body, String query, Set<String> allowed) {
        for (String key : body.keySet()) {
            if (!allowed.contains(key) && !key.equals("boost") && !key.equals("_name")) {
                throw new QueryParsingException("[" + query + "] query does not support [" + key + "]");
            }
        }
        return body;
    }

    static Map.Entry<String, Object> single(Map<String, Object> body, String query) {
        if (body.size() != 1) {
            throw new QueryParsingException("[" + query + "] query doesn't support multiple fields, found ["
                    + String.join("] and [", body.keySet()) + "]");
        }
        return body.entrySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String name) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new QueryParsingException("[" + name + "] query malformed, no start_object after query name");
    }

    static boolean isTrue(Object value) {
        if (value == null) {
            return false;
        }
        return switch (value.toString()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new QueryParsingException("Failed to parse value [" + value
                    + "] as only [true] or [false] are allowed.");
        };
    }

    static int integer(Object value, String name) {
        try {
            return value instanceof Number number ? number.intValue() : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("[" + name + "] must be an integer but was [" + value + "]");
        }
    }

    static int intOption(Map<String, Object> options, String name, int defaultValue) {
        return options.get(name) == null ? defaultValue : integer(options.get(name), name);
    }

    static float floatOption(Map<String, Object> options, String name, float defaultValue) {
        Object value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return value instanceof Number number ? number.floatValue() : Float.parseFloat(value.toString());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("[" + name + "] must be a number but was [" + value + "]");
        }
    }

    /**
     * A query on one field, {@code {"field": value}} or {@code {"field": {"<valueKey>": value, …options}}},
     * its option keys checked against {@code allowed}.
     */
    record FieldClause(String query, String field, Object value, Map<String, Object> options) {

        static FieldClause of(Map<String, Object> body, String query, String valueKey, Set<String> allowed) {
            Map.Entry<String, Object> field = single(body, query);
            if (field.getValue() instanceof Map<?, ?> map) {
                Map<String, Object> options = object(map, query);
                for (String key : options.keySet()) {
                    if (!allowed.contains(key)) {
                        throw new QueryParsingException("[" + query + "] query does not support [" + key + "]");
                    }
                }
                return new FieldClause(query, field.getKey(), options.get(valueKey), options);
            }
            if (field.getValue() instanceof List<?>) {
                throw new QueryParsingException("[" + query + "] query does not support array of values");
            }
            return new FieldClause(query, field.getKey(), field.getValue(), Map.of());
        }

        void requireValue() {
            if (value == null) {
                throw new QueryParsingException("[" + query + "] requires a value for field [" + field + "]");
            }
        }
    }
}
