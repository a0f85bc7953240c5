package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.Mapping.Mapper;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.FloatField;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.function.FunctionScoreQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Elasticsearch's query DSL into Lucene queries under an index's mapping. This class reads the
 * term-level and compound queries; {@link FullTextQueries} the full-text ones ({@code match},
 * {@code multi_match}, {@code match_phrase}, {@code match_phrase_prefix}, {@code match_bool_prefix},
 * {@code query_string}, {@code simple_query_string}).
 *
 * <ul>
 *   <li>Term level: {@code term} and {@code terms} (exact values, per field type;
 *       {@code case_insensitive} on keywords), {@code range} (numbers; dates with date math,
 *       {@code time_zone} and {@code format}, see {@link DateMath}; strings), {@code exists},
 *       {@code ids}, {@code prefix}, {@code wildcard}, {@code regexp}, {@code fuzzy}.</li>
 *   <li>Compound: {@code bool} ({@code minimum_should_match} in all of Elasticsearch's forms, see
 *       {@link MinimumShouldMatch}), {@code constant_score}, {@code dis_max}, {@code boosting},
 *       {@code match_all}, {@code match_none}.</li>
 * </ul>
 * Every query takes {@code boost} where Elasticsearch does, and accepts {@code _name} (named queries
 * are not reported in hits). An unmapped field matches nothing, as in Elasticsearch. An unknown
 * query or option is a {@link QueryParsingException} ({@code parsing_exception}).
 */
final class QueryParser {

    private static final Set<String> FIELD_TERM_KEYS = Set.of("value", "boost", "_name", "case_insensitive");
    private static final Set<String> MULTI_TERM_KEYS = Set.of("value", "boost", "_name", "case_insensitive",
            "rewrite");
    private static final Set<String> WILDCARD_KEYS = Set.of("value", "wildcard", "boost", "_name",
            "case_insensitive", "rewrite");
    private static final Set<String> REGEXP_KEYS = Set.of("value", "boost", "_name", "case_insensitive", "rewrite",
            "flags", "flags_value", "max_determinized_states");
    private static final Set<String> FUZZY_KEYS = Set.of("value", "boost", "_name", "fuzziness", "prefix_length",
            "max_expansions", "transpositions", "rewrite");

    private final Mapping mapping;
    private final Analyzer analyzer;
    private final LongSupplier now;
    private final MappedFields fields;
    private final FullTextQueries fullText;

    QueryParser(Mapping mapping, Analyzer analyzer) {
        this(mapping, analyzer, System::currentTimeMillis);
    }

    /** @param now the clock {@code now} in date math reads (epoch milliseconds) */
    QueryParser(Mapping mapping, Analyzer analyzer, LongSupplier now) {
        this.mapping = mapping;
        this.analyzer = analyzer;
        this.now = now;
        this.fields = new MappedFields(mapping, analyzer);
        this.fullText = new FullTextQueries(this, fields, analyzer);
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
            case "term" -> term(body);
            case "terms" -> terms(body);
            case "range" -> range(body);
            case "exists" -> exists(body);
            case "ids" -> ids(body);
            case "prefix" -> prefix(body);
            case "wildcard" -> wildcard(body);
            case "regexp" -> regexp(body);
            case "fuzzy" -> fuzzy(body);
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

    // ---- term level ----------------------------------------------------------------------------

    private Query term(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "term", "value", FIELD_TERM_KEYS);
        clause.requireValue();
        if (isTrue(clause.options().get("case_insensitive")) && isKeywordLike(clause.field())) {
            return boosted(caseInsensitive(clause.field(), escapeRegexp(clause.value().toString())), clause.options());
        }
        return boosted(exact(clause.field(), clause.value()), clause.options());
    }

    private Query terms(Map<String, Object> body) {
        Map<String, Object> fieldsOnly = new LinkedHashMap<>(body);
        Object boost = fieldsOnly.remove("boost");
        fieldsOnly.remove("_name");
        Map.Entry<String, Object> field = single(fieldsOnly, "terms");
        if (!(field.getValue() instanceof List<?> values)) {
            throw new QueryParsingException("[terms] query does not support [" + field.getKey() + "]");
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Object value : values) {
            any.add(exact(field.getKey(), value), BooleanClause.Occur.SHOULD);
        }
        // terms is a filter in Elasticsearch: every match scores the same
        return boosted(new ConstantScoreQuery(any.build()), boost);
    }

    private Query range(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "range");
        Map<String, Object> bounds = object(field.getValue(), "range");
        Object lower = null;
        Object upper = null;
        boolean includeLower = true;
        boolean includeUpper = true;
        String format = null;
        String timeZone = null;
        for (Map.Entry<String, Object> bound : bounds.entrySet()) {
            switch (bound.getKey()) {
                case "gte", "from" -> lower = bound.getValue();
                case "gt" -> {
                    lower = bound.getValue();
                    includeLower = false;
                }
                case "lte", "to" -> upper = bound.getValue();
                case "lt" -> {
                    upper = bound.getValue();
                    includeUpper = false;
                }
                case "include_lower" -> includeLower = isTrue(bound.getValue());
                case "include_upper" -> includeUpper = isTrue(bound.getValue());
                case "format" -> format = String.valueOf(bound.getValue());
                case "time_zone" -> timeZone = String.valueOf(bound.getValue());
                case "boost", "_name", "relation" -> {
                    // boost is applied below; relation only matters for range fields, which do not exist here
                }
                default -> throw new QueryParsingException("[range] query does not support [" + bound.getKey() + "]");
            }
        }
        return boosted(range(field.getKey(), lower, includeLower, upper, includeUpper, format, timeZone), bounds);
    }

    /**
     * A range over one field, by its type: points for numbers and dates (date bounds with
     * {@link DateMath}, in {@code timeZone}, read with {@code format} or else the field's format),
     * terms for strings. {@code null} bounds are open.
     */
    Query range(String path, Object lower, boolean includeLower, Object upper, boolean includeUpper,
                String format, String timeZone) {
        if (!(mapping.lookup(path) instanceof FieldMapping mapped)) {
            return new MatchNoDocsQuery();
        }
        try {
            return switch (mapped.type()) {
                case DATE -> {
                    DateFormat dateFormat = format == null ? mapped.dateFormat() : DateFormat.of(format);
                    ZoneId zone = zone(timeZone);
                    // gt and lte round up (the bound's last millisecond), gte and lt round down, as Elasticsearch
                    long min = lower == null ? Long.MIN_VALUE
                            : DateMath.parse(lower, dateFormat, zone, now, !includeLower);
                    long max = upper == null ? Long.MAX_VALUE
                            : DateMath.parse(upper, dateFormat, zone, now, includeUpper);
                    yield longRange(path, FieldType.DATE, min, lower != null && !includeLower, max,
                            upper != null && !includeUpper);
                }
                case LONG, INTEGER -> longRange(path, mapped.type(),
                        lower == null ? Long.MIN_VALUE : new BigDecimal(lower.toString()).longValue(),
                        lower != null && !includeLower,
                        upper == null ? Long.MAX_VALUE : new BigDecimal(upper.toString()).longValue(),
                        upper != null && !includeUpper);
                case DOUBLE, FLOAT -> {
                    double min = lower == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(lower.toString());
                    double max = upper == null ? Double.POSITIVE_INFINITY : Double.parseDouble(upper.toString());
                    if (lower != null && !includeLower) {
                        min = Math.nextUp(min);
                    }
                    if (upper != null && !includeUpper) {
                        max = Math.nextDown(max);
                    }
                    yield mapped.type() == FieldType.FLOAT
                            ? FloatField.newRangeQuery(path, (float) min, (float) max)
                            : DoubleField.newRangeQuery(path, min, max);
                }
                case TEXT, KEYWORD, BOOLEAN -> TermRangeQuery.newStringRange(path,
                        lower == null ? null : lower.toString(), upper == null ? null : upper.toString(),
                        includeLower, includeUpper);
            };
        } catch (MapperParsingException e) {
            throw new QueryParsingException("[range] query malformed: " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("failed to parse range bound of [" + path + "]: " + e.getMessage());
        }
    }

    private static Query longRange(String path, FieldType type, long min, boolean excludeMin, long max,
                                   boolean excludeMax) {
        if (excludeMin) {
            if (min == Long.MAX_VALUE) {
                return new MatchNoDocsQuery();
            }
            min++;
        }
        if (excludeMax) {
            if (max == Long.MIN_VALUE) {
                return new MatchNoDocsQuery();
            }
            max--;
        }
        return type == FieldType.INTEGER
                ? IntField.newRangeQuery(path, (int) Math.max(Integer.MIN_VALUE, min),
                        (int) Math.min(Integer.MAX_VALUE, max))
                : LongField.newRangeQuery(path, min, max);
    }

    private static ZoneId zone(String timeZone) {
        if (timeZone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalSearchArgumentException("unknown time zone [" + timeZone + "]");
        }
    }

    private Query exists(Map<String, Object> body) {
        options(body, "exists", Set.of("field"));
        Object field = body.get("field");
        if (field == null) {
            throw new QueryParsingException("[exists] must be provided with a [field]");
        }
        List<String> leaves = new ArrayList<>();
        String path = field.toString();
        if (path.contains("*")) {
            leaves.addAll(fields.expand(path));
        } else {
            Mapper mapper = mapping.lookup(path);
            if (mapper != null) {
                collectLeaves(path, mapper, leaves);
            }
        }
        if (leaves.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        leaves.forEach(leaf -> any.add(new FieldExistsQuery(leaf), BooleanClause.Occur.SHOULD));
        return boosted(new ConstantScoreQuery(any.build()), body);
    }

    private static void collectLeaves(String path, Mapper mapper, List<String> leaves) {
        if (mapper instanceof FieldMapping) {
            leaves.add(path);
        } else if (mapper instanceof Mapping.ObjectMapping object) {
            object.properties().forEach((name, child) -> collectLeaves(path + "." + name, child, leaves));
        }
    }

    private Query ids(Map<String, Object> body) {
        options(body, "ids", Set.of("values"));
        if (!(body.get("values") instanceof List<?> values)) {
            throw new QueryParsingException("[ids] query malformed, no [values] array");
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        values.forEach(id -> any.add(new TermQuery(new Term(Shard.ID, id.toString())), BooleanClause.Occur.SHOULD));
        return boosted(new ConstantScoreQuery(any.build()), body);
    }

    private Query prefix(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "prefix", "value", MULTI_TERM_KEYS);
        clause.requireValue();
        if (!isKeywordLike(clause.field())) {
            return new MatchNoDocsQuery();
        }
        String value = clause.value().toString();
        Query query = isTrue(clause.options().get("case_insensitive"))
                ? caseInsensitive(clause.field(), escapeRegexp(value) + ".*")
                : new PrefixQuery(new Term(clause.field(), value));
        return boosted(query, clause.options());
    }

    private Query wildcard(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "wildcard", "value", WILDCARD_KEYS);
        Object value = clause.value() != null ? clause.value() : clause.options().get("wildcard");
        if (value == null) {
            throw new QueryParsingException("[wildcard] requires a [value] or [wildcard]");
        }
        String path = clause.field();
        if (!isKeywordLike(path)) {
            return new MatchNoDocsQuery();
        }
        String pattern = fields.isText(path) ? analyzer.normalize(path, value.toString()).utf8ToString()
                : value.toString();
        Query query = isTrue(clause.options().get("case_insensitive"))
                ? caseInsensitive(path, wildcardToRegexp(pattern))
                : new WildcardQuery(new Term(path, pattern));
        return boosted(query, clause.options());
    }

    private Query regexp(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "regexp", "value", REGEXP_KEYS);
        clause.requireValue();
        if (!isKeywordLike(clause.field())) {
            return new MatchNoDocsQuery();
        }
        int flags = regexpFlags(clause.options().get("flags"));
        int matchFlags = isTrue(clause.options().get("case_insensitive")) ? RegExp.ASCII_CASE_INSENSITIVE : 0;
        int maxStates = clause.options().get("max_determinized_states") == null ? Operations.DEFAULT_DETERMINIZE_WORK_LIMIT
                : integer(clause.options().get("max_determinized_states"), "max_determinized_states");
        try {
            return boosted(new RegexpQuery(new Term(clause.field(), clause.value().toString()), flags, matchFlags,
                    maxStates), clause.options());
        } catch (IllegalArgumentException e) {
            throw new QueryParsingException("[regexp] invalid regular expression [" + clause.value() + "]: "
                    + e.getMessage());
        }
    }

    private static int regexpFlags(Object flags) {
        if (flags == null) {
            return RegExp.ALL;
        }
        int result = 0;
        for (String flag : flags.toString().split("\\|")) {
            result |= switch (flag.trim().toUpperCase(java.util.Locale.ROOT)) {
                case "ALL" -> RegExp.ALL;
                case "NONE", "" -> RegExp.NONE;
                case "ANYSTRING" -> RegExp.ANYSTRING;
                case "EMPTY" -> RegExp.EMPTY;
                case "INTERSECTION" -> RegExp.INTERSECTION;
                case "INTERVAL" -> RegExp.INTERVAL;
                case "COMPLEMENT" -> RegExp.DEPRECATED_COMPLEMENT;
                default -> throw new IllegalSearchArgumentException("Unknown regexp flag [" + flag + "]");
            };
        }
        return result;
    }

    private Query fuzzy(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "fuzzy", "value", FUZZY_KEYS);
        clause.requireValue();
        if (!isKeywordLike(clause.field())) {
            return exact(clause.field(), clause.value());
        }
        Map<String, Object> options = clause.options();
        String value = clause.value().toString();
        Fuzziness fuzziness = Fuzziness.parse(options.getOrDefault("fuzziness", "AUTO"));
        Query query = new FuzzyQuery(new Term(clause.field(), value), fuzziness.editsFor(value),
                intOption(options, "prefix_length", 0), intOption(options, "max_expansions", 50),
                !options.containsKey("transpositions") || isTrue(options.get("transpositions")));
        return boosted(query, options);
    }

    // ---- compound ------------------------------------------------------------------------------

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

    // ---- shared --------------------------------------------------------------------------------

    /** The query for one exact value of a field, by the field's type. */
    Query exact(String path, Object value) {
        if (value == null) {
            throw new QueryParsingException("value cannot be null");
        }
        if (path.equals(Shard.ID)) {
            return new TermQuery(new Term(Shard.ID, value.toString()));
        }
        if (!(mapping.lookup(path) instanceof FieldMapping field)) {
            return new MatchNoDocsQuery();
        }
        try {
            return switch (field.type()) {
                case TEXT, KEYWORD -> new TermQuery(new Term(path, value.toString()));
                case LONG -> LongField.newExactQuery(path, new BigDecimal(value.toString()).longValueExact());
                case INTEGER -> IntField.newExactQuery(path, new BigDecimal(value.toString()).intValueExact());
                case DOUBLE -> DoubleField.newExactQuery(path, Double.parseDouble(value.toString()));
                case FLOAT -> FloatField.newExactQuery(path, Float.parseFloat(value.toString()));
                case DATE -> {
                    long millis = DateMath.parse(value, field.dateFormat(), ZoneOffset.UTC, now, false);
                    yield LongField.newRangeQuery(path, millis,
                            DateMath.parse(value, field.dateFormat(), ZoneOffset.UTC, now, true));
                }
                case BOOLEAN -> new TermQuery(new Term(path, booleanTerm(value)));
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new QueryParsingException("failed to create query: For input string: \"" + value + "\"");
        }
    }

    private static String booleanTerm(Object value) {
        return switch (value.toString()) {
            case "true" -> "T";
            case "false", "" -> "F";
            default -> throw new IllegalArgumentException("Can't parse boolean value [" + value
                    + "], expected [true] or [false]");
        };
    }

    private boolean isKeywordLike(String path) {
        FieldMapping field = fields.field(path);
        return field != null && (field.type() == FieldType.TEXT || field.type() == FieldType.KEYWORD);
    }

    private static Query caseInsensitive(String field, String regexp) {
        return new RegexpQuery(new Term(field, regexp), RegExp.NONE, RegExp.ASCII_CASE_INSENSITIVE,
                Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    }

    /** The regular expression (Lucene's syntax) matching exactly this text. */
    private static String escapeRegexp(String text) {
        StringBuilder escaped = new StringBuilder(text.length() * 2);
        text.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c)) {
                escaped.append('\\');
            }
            escaped.appendCodePoint(c);
        });
        return escaped.toString();
    }

    /** A wildcard pattern ({@code *}, {@code ?}, {@code \} escapes) as a regular expression. */
    private static String wildcardToRegexp(String pattern) {
        StringBuilder regexp = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                regexp.append(".*");
            } else if (c == '?') {
                regexp.append('.');
            } else if (c == '\\' && i + 1 < pattern.length()) {
                regexp.append(escapeRegexp(String.valueOf(pattern.charAt(++i))));
            } else {
                regexp.append(escapeRegexp(String.valueOf(c)));
            }
        }
        return regexp.toString();
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
