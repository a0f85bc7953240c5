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
 * {@code match_all}, {@code term} (exact value, per field type), {@code match} (the text analyzed
 * as the field is, terms joined by {@code operator} {@code or}/{@code and}; exact on non-text
 * fields) and {@code bool} ({@code must}, {@code should}, {@code filter}, {@code must_not}). An
 * unmapped field matches nothing, as in Elasticsearch.
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
