package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.Mapping.Mapper;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.FloatField;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.QueryBuilder;

import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's query DSL, the part built so far, into Lucene queries under an index's mapping:
 * {@code match_all}, {@code term} and {@code terms} (exact values, per field type), {@code match}
 * (the text analyzed as the field is, terms joined by {@code operator} {@code or}/{@code and};
 * exact on non-text fields), {@code match_phrase} (with {@code slop}), {@code range} (numbers,
 * dates in the field's format — no date math yet —, strings), {@code exists}, {@code ids},
 * {@code prefix} and {@code bool} ({@code must}, {@code should}, {@code filter}, {@code must_not},
 * {@code minimum_should_match} as a number). An unmapped field matches nothing, as in Elasticsearch.
 */
final class QueryParser {

    private final Mapping mapping;
    private final Analyzer analyzer;

    QueryParser(Mapping mapping, Analyzer analyzer) {
        this.mapping = mapping;
        this.analyzer = analyzer;
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
            case "match_all" -> boosted(new MatchAllDocsQuery(), body.get("boost"));
            case "match_none" -> new MatchNoDocsQuery();
            case "term" -> term(body);
            case "match" -> match(body);
            case "bool" -> bool(body);
            case "terms" -> terms(body);
            case "range" -> range(body);
            case "exists" -> exists(body);
            case "ids" -> ids(body);
            case "prefix" -> prefix(body);
            case "match_phrase" -> matchPhrase(body);
            default -> throw new QueryParsingException("unknown query [" + clause.getKey() + "]");
        };
    }

    private Query term(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "term");
        Object value = field.getValue();
        Object boost = null;
        if (value instanceof Map<?, ?> options) {
            value = options.get("value");
            boost = options.get("boost");
            if (value == null) {
                throw new QueryParsingException("[term] query does not support [" + options.keySet() + "]");
            }
        }
        return boosted(exact(field.getKey(), value), boost);
    }

    private Query match(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "match");
        Object text = field.getValue();
        String operator = "or";
        Object boost = null;
        if (text instanceof Map<?, ?> options) {
            text = options.get("query");
            operator = String.valueOf(options.get("operator") == null ? "or" : options.get("operator")).toLowerCase();
            boost = options.get("boost");
            if (text == null) {
                throw new QueryParsingException("No text specified for text query");
            }
        }
        String path = field.getKey();
        Mapper mapper = mapping.lookup(path);
        if (mapper instanceof FieldMapping fieldMapping && fieldMapping.type() == FieldType.TEXT) {
            BooleanClause.Occur occur = switch (operator) {
                case "or" -> BooleanClause.Occur.SHOULD;
                case "and" -> BooleanClause.Occur.MUST;
                default -> throw new QueryParsingException("[match] query does not support operator [" + operator + "]");
            };
            Query query = new QueryBuilder(analyzer).createBooleanQuery(path, text.toString(), occur);
            return boosted(query == null ? new MatchNoDocsQuery() : query, boost);
        }
        return boosted(exact(path, text), boost);
    }

    private Query terms(Map<String, Object> body) {
        Object boost = body.get("boost");
        Map<String, Object> fields = new java.util.LinkedHashMap<>(body);
        fields.remove("boost");
        Map.Entry<String, Object> field = single(fields, "terms");
        if (!(field.getValue() instanceof List<?> values)) {
            throw new QueryParsingException("[terms] query does not support [" + field.getKey() + "]");
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Object value : values) {
            any.add(exact(field.getKey(), value), BooleanClause.Occur.SHOULD);
        }
        // terms is a filter in Elasticsearch: every match scores the same
        return boosted(new org.apache.lucene.search.ConstantScoreQuery(any.build()), boost);
    }

    private Query range(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "range");
        Map<String, Object> bounds = object(field.getValue(), "range");
        String path = field.getKey();
        if (!(mapping.lookup(path) instanceof FieldMapping mapped)) {
            return new MatchNoDocsQuery();
        }
        Object lower = null;
        Object upper = null;
        boolean includeLower = true;
        boolean includeUpper = true;
        Object boost = null;
        for (Map.Entry<String, Object> bound : bounds.entrySet()) {
            switch (bound.getKey()) {
                case "gte" -> lower = bound.getValue();
                case "gt" -> {
                    lower = bound.getValue();
                    includeLower = false;
                }
                case "lte" -> upper = bound.getValue();
                case "lt" -> {
                    upper = bound.getValue();
                    includeUpper = false;
                }
                case "boost" -> boost = bound.getValue();
                case "format", "time_zone", "relation" -> {
                    // accepted; dates are read with the field's format, in UTC
                }
                default -> throw new QueryParsingException("[range] query does not support [" + bound.getKey() + "]");
            }
        }
        try {
            Query query = switch (mapped.type()) {
                case LONG, INTEGER, DATE -> {
                    long min = lower == null ? Long.MIN_VALUE : longBound(mapped, lower);
                    long max = upper == null ? Long.MAX_VALUE : longBound(mapped, upper);
                    if (lower != null && !includeLower) {
                        if (min == Long.MAX_VALUE) {
                            yield new MatchNoDocsQuery();
                        }
                        min++;
                    }
                    if (upper != null && !includeUpper) {
                        if (max == Long.MIN_VALUE) {
                            yield new MatchNoDocsQuery();
                        }
                        max--;
                    }
                    yield mapped.type() == FieldType.INTEGER
                            ? IntField.newRangeQuery(path, (int) Math.max(Integer.MIN_VALUE, min),
                                    (int) Math.min(Integer.MAX_VALUE, max))
                            : LongField.newRangeQuery(path, min, max);
                }
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
                case TEXT, KEYWORD, BOOLEAN -> org.apache.lucene.search.TermRangeQuery.newStringRange(path,
                        lower == null ? null : lower.toString(), upper == null ? null : upper.toString(),
                        includeLower, includeUpper);
            };
            return boosted(query, boost);
        } catch (IllegalArgumentException e) {
            throw new QueryParsingException("failed to parse range bound of [" + path + "]: " + e.getMessage());
        }
    }

    private static long longBound(FieldMapping field, Object value) {
        if (field.type() == FieldType.DATE) {
            return field.dateFormat().toEpochMillis(value);
        }
        return new java.math.BigDecimal(value.toString()).longValue();
    }

    private Query exists(Map<String, Object> body) {
        Object field = body.get("field");
        if (field == null) {
            throw new QueryParsingException("[exists] must be provided with a [field]");
        }
        String path = field.toString();
        Mapper mapper = mapping.lookup(path);
        if (mapper == null) {
            return new MatchNoDocsQuery();
        }
        List<String> leaves = new java.util.ArrayList<>();
        collectLeaves(path, mapper, leaves);
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        leaves.forEach(leaf -> any.add(new org.apache.lucene.search.FieldExistsQuery(leaf), BooleanClause.Occur.SHOULD));
        return new org.apache.lucene.search.ConstantScoreQuery(any.build());
    }

    private static void collectLeaves(String path, Mapper mapper, List<String> leaves) {
        if (mapper instanceof FieldMapping) {
            leaves.add(path);
        } else if (mapper instanceof Mapping.ObjectMapping object) {
            object.properties().forEach((name, child) -> collectLeaves(path + "." + name, child, leaves));
        }
    }

    private Query ids(Map<String, Object> body) {
        if (!(body.get("values") instanceof List<?> values)) {
            throw new QueryParsingException("[ids] query malformed, no [values] array");
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        values.forEach(id -> any.add(new TermQuery(new Term(Shard.ID, id.toString())), BooleanClause.Occur.SHOULD));
        return new org.apache.lucene.search.ConstantScoreQuery(any.build());
    }

    private Query prefix(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "prefix");
        Object value = field.getValue() instanceof Map<?, ?> options ? options.get("value") : field.getValue();
        if (value == null) {
            throw new QueryParsingException("[prefix] query requires a value");
        }
        if (!(mapping.lookup(field.getKey()) instanceof FieldMapping)) {
            return new MatchNoDocsQuery();
        }
        return new org.apache.lucene.search.PrefixQuery(new Term(field.getKey(), value.toString()));
    }

    private Query matchPhrase(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "match_phrase");
        Object text = field.getValue();
        int slop = 0;
        if (text instanceof Map<?, ?> options) {
            text = options.get("query");
            slop = options.get("slop") == null ? 0 : Integer.parseInt(options.get("slop").toString());
            if (text == null) {
                throw new QueryParsingException("No text specified for text query");
            }
        }
        Mapper mapper = mapping.lookup(field.getKey());
        if (mapper instanceof FieldMapping mapped && mapped.type() == FieldType.TEXT) {
            Query query = new QueryBuilder(analyzer).createPhraseQuery(field.getKey(), text.toString(), slop);
            return query == null ? new MatchNoDocsQuery() : query;
        }
        return exact(field.getKey(), text);
    }

    private Query bool(Map<String, Object> body) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            BooleanClause.Occur occur = switch (entry.getKey()) {
                case "must" -> BooleanClause.Occur.MUST;
                case "should" -> BooleanClause.Occur.SHOULD;
                case "filter" -> BooleanClause.Occur.FILTER;
                case "must_not" -> BooleanClause.Occur.MUST_NOT;
                case "minimum_should_match" -> {
                    builder.setMinimumNumberShouldMatch(Integer.parseInt(entry.getValue().toString()));
                    yield null;
                }
                case "boost" -> null;
                default -> throw new QueryParsingException("[bool] query does not support [" + entry.getKey() + "]");
            };
            if (occur == null) {
                continue;
            }
            List<?> clauses = entry.getValue() instanceof List<?> list ? list : List.of(entry.getValue());
            for (Object clause : clauses) {
                builder.add(parse(object(clause, entry.getKey())), occur);
            }
        }
        BooleanQuery query = builder.build();
        if (query.clauses().isEmpty()) {
            return boosted(new MatchAllDocsQuery(), body.get("boost"));
        }
        Query result = query;
        if (query.clauses().stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
            // a purely negative bool matches everything else, as Elasticsearch's fixNegativeQueryIfNeeded
            BooleanQuery.Builder positive = new BooleanQuery.Builder();
            query.clauses().forEach(positive::add);
            positive.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
            result = positive.build();
        }
        return boosted(result, body.get("boost"));
    }

    /** The query for one exact value of a field, by the field's type. */
    private Query exact(String path, Object value) {
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
                case LONG -> LongField.newExactQuery(path, Long.parseLong(value.toString()));
                case INTEGER -> IntField.newExactQuery(path, Integer.parseInt(value.toString()));
                case DOUBLE -> DoubleField.newExactQuery(path, Double.parseDouble(value.toString()));
                case FLOAT -> FloatField.newExactQuery(path, Float.parseFloat(value.toString()));
                case DATE -> LongField.newExactQuery(path, field.dateFormat().toEpochMillis(value));
                case BOOLEAN -> new TermQuery(new Term(path, Boolean.parseBoolean(value.toString()) ? "T" : "F"));
            };
        } catch (IllegalArgumentException e) {
            throw new QueryParsingException("failed to create query: For input string: \"" + value + "\"");
        }
    }

    private static Query boosted(Query query, Object boost) {
        if (boost == null) {
            return query;
        }
        float value = Float.parseFloat(boost.toString());
        return value == 1f ? query : new BoostQuery(query, value);
    }

    private static Map.Entry<String, Object> single(Map<String, Object> body, String query) {
        if (body.size() != 1) {
            throw new QueryParsingException("[" + query + "] query doesn't support multiple fields, found ["
                    + String.join("] and [", body.keySet()) + "]");
        }
        return body.entrySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String name) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new QueryParsingException("[" + name + "] query malformed, no start_object after query name");
    }
}
