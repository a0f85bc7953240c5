package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser.Operator;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.infraplatform.search.engine.QueryParser.boosted;
import static dev.infraplatform.search.engine.QueryParser.floatOption;
import static dev.infraplatform.search.engine.QueryParser.intOption;
import static dev.infraplatform.search.engine.QueryParser.isTrue;
import static dev.infraplatform.search.engine.QueryParser.options;

/**
 * Elasticsearch's {@code query_string}: Lucene's classic query syntax ({@code title:dune AND
 * year:[1960 TO 1970]}, {@code "a phrase"~2}, {@code dun*}, {@code dune~1}, {@code NOT}, {@code +}/{@code -},
 * groups, {@code _exists_:field}) parsed by Lucene's classic parser, with every field clause built
 * under the mapping: text fields analyzed, keyword fields exact, numeric and date fields as exact
 * values and point ranges (dates with date math and {@code time_zone}), so {@code year:[1960 TO 1970]}
 * is a numeric range, not a string range. A clause without a field searches {@code default_field}
 * or {@code fields} (patterns and {@code ^boost}; default {@code *}, every field, leniently), the best
 * field's score plus {@code tie_breaker} × the others'.
 *
 * <p>{@code simple_query_string} goes through Lucene's simple parser over the text and keyword
 * fields among {@code fields}; it never fails on syntax, as in Elasticsearch.
 */
final class QueryStringParser extends org.apache.lucene.queryparser.classic.QueryParser {

    private static final String DEFAULT_FIELDS = "\u0000default";
    private static final Set<String> KEYS = Set.of("query", "default_field", "fields", "default_operator", "analyzer",
            "quote_analyzer", "allow_leading_wildcard", "analyze_wildcard", "lenient", "phrase_slop", "fuzziness",
            "fuzzy_prefix_length", "fuzzy_max_expansions", "fuzzy_transpositions", "minimum_should_match",
            "time_zone", "tie_breaker", "type", "quote_field_suffix", "auto_generate_synonyms_phrase_query",
            "enable_position_increments", "max_determinized_states", "rewrite", "fuzzy_rewrite", "escape");
    private static final Set<String> SIMPLE_KEYS = Set.of("query", "fields", "default_operator", "analyzer", "flags",
            "lenient", "minimum_should_match", "analyze_wildcard", "quote_field_suffix",
            "auto_generate_synonyms_phrase_query", "fuzzy_prefix_length", "fuzzy_max_expansions",
            "fuzzy_transpositions");

    private final QueryParser queries;
    private final MappedFields fields;
    private final Map<String, Float> defaultFields;
    private final boolean lenient;
    private final float tieBreaker;
    private final String timeZone;

    private QueryStringParser(QueryParser queries, MappedFields fields, Map<String, Float> defaultFields,
                              boolean lenient, float tieBreaker, String timeZone) {
        super(DEFAULT_FIELDS, fields.analyzer());
        this.queries = queries;
        this.fields = fields;
        this.defaultFields = defaultFields;
        this.lenient = lenient;
        this.tieBreaker = tieBreaker;
        this.timeZone = timeZone;
    }

    static Query classic(QueryParser queries, MappedFields fields, FullTextQueries fullText, Map<String, Object> body) {
        options(body, "query_string", KEYS);
        Object text = body.get("query");
        if (text == null) {
            throw new QueryParsingException("[query_string] must be provided with a [query]");
        }
        Object fieldSpec = body.get("fields") != null ? body.get("fields") : body.getOrDefault("default_field", "*");
        if (fieldSpec instanceof List<?> list && list.stream().anyMatch(java.util.Objects::isNull)) {
            throw new QueryParsingException("[query_string] field name in [fields] cannot be null");
        }
        boolean all = "*".equals(fieldSpec) || List.of("*").equals(fieldSpec);
        QueryStringParser parser = new QueryStringParser(queries, fields, fullText.weightedFields(fieldSpec),
                all || isTrue(body.get("lenient")), floatOption(body, "tie_breaker", 0f),
                body.get("time_zone") == null ? null : body.get("time_zone").toString());
        parser.setDefaultOperator(FullTextQueries.operator(body.get("default_operator")) == BooleanClause.Occur.MUST
                ? Operator.AND : Operator.OR);
        parser.setAllowLeadingWildcard(!body.containsKey("allow_leading_wildcard")
                || isTrue(body.get("allow_leading_wildcard")));
        parser.setPhraseSlop(intOption(body, "phrase_slop", 0));
        parser.setFuzzyPrefixLength(intOption(body, "fuzzy_prefix_length", 0));
        parser.setSplitOnWhitespace(true);
        Query query;
        try {
            query = parser.parse(text.toString());
        } catch (ParseException e) {
            throw new QueryShardException("Failed to parse query [" + text + "]", e.getMessage());
        } catch (IndexSearcher.TooManyClauses | TooComplexToDeterminizeException e) {
            throw new QueryShardException("Failed to parse query [" + text + "]", e.getMessage());
        }
        query = MinimumShouldMatch.apply(query, body.get("minimum_should_match"));
        return boosted(query, body);
    }

    static Query simple(MappedFields fields, FullTextQueries fullText, Map<String, Object> body) {
        options(body, "simple_query_string", SIMPLE_KEYS);
        Object text = body.get("query");
        if (text == null) {
            throw new QueryParsingException("[simple_query_string] query text missing");
        }
        Map<String, Float> weights = new LinkedHashMap<>();
        fullText.weightedFields(body.getOrDefault("fields", "*")).forEach((field, weight) -> {
            FieldMapping mapped = fields.field(field);
            if (mapped.type() == FieldType.TEXT || mapped.type() == FieldType.KEYWORD) {
                weights.put(field, weight);
            }
        });
        if (weights.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        SimpleQueryParser parser = new SimpleQueryParser(fields.analyzer(), weights, simpleFlags(body.get("flags")));
        parser.setDefaultOperator(FullTextQueries.operator(body.get("default_operator")));
        Query query = parser.parse(text.toString());
        if (query == null) {
            return new MatchNoDocsQuery();
        }
        return boosted(MinimumShouldMatch.apply(query, body.get("minimum_should_match")), body);
    }

    private static int simpleFlags(Object flags) {
        if (flags == null) {
            return -1;
        }
        if (flags instanceof Number number) {
            return number.intValue();
        }
        int result = 0;
        for (String flag : flags.toString().split("\\|")) {
            result |= switch (flag.trim().toUpperCase(Locale.ROOT)) {
                case "ALL" -> -1;
                case "NONE", "" -> 0;
                case "AND" -> SimpleQueryParser.AND_OPERATOR;
                case "OR" -> SimpleQueryParser.OR_OPERATOR;
                case "NOT" -> SimpleQueryParser.NOT_OPERATOR;
                case "PREFIX" -> SimpleQueryParser.PREFIX_OPERATOR;
                case "PHRASE" -> SimpleQueryParser.PHRASE_OPERATOR;
                case "PRECEDENCE" -> SimpleQueryParser.PRECEDENCE_OPERATORS;
                case "ESCAPE" -> SimpleQueryParser.ESCAPE_OPERATOR;
                case "WHITESPACE" -> SimpleQueryParser.WHITESPACE_OPERATOR;
                case "FUZZY" -> SimpleQueryParser.FUZZY_OPERATOR;
                case "NEAR", "SLOP" -> SimpleQueryParser.NEAR_OPERATOR;
                default -> throw new IllegalSearchArgumentException("Unknown simple_query_string flag [" + flag + "]");
            };
        }
        return result;
    }

    /** One clause of the query string, built for one concrete field. */
    @FunctionalInterface
    private interface FieldClause {
        Query build(String field, FieldMapping mapping) throws ParseException;
    }

    /**
     * Builds the clause for each field the clause's field names ({@code null} field or the default:
     * the default fields; a pattern: its fields), boosted per field, the best of them scoring.
     */
    private Query perField(String field, FieldClause clause) throws ParseException {
        Map<String, Float> targets;
        if (field == null || field.equals(DEFAULT_FIELDS)) {
            targets = defaultFields;
        } else {
            targets = new LinkedHashMap<>();
            for (String path : fields.expand(field)) {
                targets.put(path, 1f);
            }
        }
        List<Query> built = new ArrayList<>();
        for (Map.Entry<String, Float> target : targets.entrySet()) {
            Query query;
            try {
                query = clause.build(target.getKey(), fields.field(target.getKey()));
            } catch (QueryParsingException | ParsingException e) {
                if (lenient) {
                    continue;
                }
                throw e;
            }
            if (query != null && !(query instanceof MatchNoDocsQuery)) {
                built.add(target.getValue() == 1f ? query : new BoostQuery(query, target.getValue()));
            }
        }
        if (built.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        return built.size() == 1 ? built.getFirst() : new DisjunctionMaxQuery(built, tieBreaker);
    }

    private static boolean isString(FieldMapping mapping) {
        return mapping.type() == FieldType.TEXT || mapping.type() == FieldType.KEYWORD;
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, boolean quoted) throws ParseException {
        if ("_exists_".equals(field)) {
            return queries.parse(Map.of("exists", Map.of("field", queryText)));
        }
        if (!quoted && queryText.length() > 1 && (queryText.charAt(0) == '>' || queryText.charAt(0) == '<')) {
            // Elasticsearch's one-sided ranges: year:>2001, year:<=1965
            boolean inclusive = queryText.charAt(1) == '=';
            String bound = queryText.substring(inclusive ? 2 : 1);
            boolean lower = queryText.charAt(0) == '>';
            return getRangeQuery(field, lower ? bound : null, lower ? null : bound, !lower || inclusive,
                    lower || inclusive);
        }
        return perField(field, (name, mapping) -> isString(mapping)
                ? super.getFieldQuery(name, queryText, quoted) : queries.exact(name, queryText));
    }

    @Override
    protected Query getFieldQuery(String field, String queryText, int slop) throws ParseException {
        return perField(field, (name, mapping) -> isString(mapping)
                ? super.getFieldQuery(name, queryText, slop) : queries.exact(name, queryText));
    }

    @Override
    protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
                                  boolean endInclusive) throws ParseException {
        return perField(field, (name, mapping) -> queries.range(name, open(part1), startInclusive, open(part2),
                endInclusive, null, timeZone));
    }

    private static String open(String bound) {
        return bound == null || bound.equals("*") ? null : bound;
    }

    @Override
    protected Query getPrefixQuery(String field, String termStr) throws ParseException {
        return perField(field, (name, mapping) -> isString(mapping) ? super.getPrefixQuery(name, termStr) : null);
    }

    @Override
    protected Query getWildcardQuery(String field, String termStr) throws ParseException {
        if ("*".equals(termStr) && field != null && !field.equals(DEFAULT_FIELDS)) {
            return queries.parse(Map.of("exists", Map.of("field", field)));
        }
        return perField(field, (name, mapping) -> isString(mapping) ? super.getWildcardQuery(name, termStr) : null);
    }

    @Override
    protected Query getRegexpQuery(String field, String termStr) throws ParseException {
        queries.checkRegexLength(termStr);
        try {
            return perField(field, (name, mapping) -> isString(mapping) ? super.getRegexpQuery(name, termStr) : null);
        } catch (IllegalArgumentException e) {
            throw new ParseException("invalid regular expression [" + termStr + "]: " + e.getMessage());
        }
    }

    @Override
    protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) throws ParseException {
        return perField(field, (name, mapping) -> isString(mapping)
                ? super.getFuzzyQuery(name, termStr, minSimilarity) : queries.exact(name, termStr));
    }
}
