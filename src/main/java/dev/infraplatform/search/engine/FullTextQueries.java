package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.queries.spans.SpanMultiTermQueryWrapper;
import org.apache.lucene.queries.spans.SpanNearQuery;
import org.apache.lucene.queries.spans.SpanQuery;
import org.apache.lucene.queries.spans.SpanTermQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.util.QueryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.infraplatform.search.engine.QueryParser.boosted;
import static dev.infraplatform.search.engine.QueryParser.floatOption;
import static dev.infraplatform.search.engine.QueryParser.intOption;
import static dev.infraplatform.search.engine.QueryParser.isTrue;
import static dev.infraplatform.search.engine.QueryParser.options;

/**
 * Elasticsearch's full-text queries: the text is analyzed as the field is (text fields through the
 * index's analyzer; keyword, numeric, date and boolean fields take the text as one exact value).
 *
 * <ul>
 *   <li>{@code match}: {@code operator}, {@code minimum_should_match}, {@code fuzziness}
 *       ({@code AUTO}, {@code AUTO:low,high}, 0–2) with {@code prefix_length},
 *       {@code max_expansions}, {@code fuzzy_transpositions}; {@code lenient} (a value a numeric or
 *       date field cannot hold matches nothing instead of failing), {@code zero_terms_query}
 *       ({@code none}/{@code all}, when analysis leaves no terms). {@code analyzer} is accepted; the
 *       text is analyzed with the field's analyzer.</li>
 *   <li>{@code match_phrase} ({@code slop}), {@code match_phrase_prefix} (the last term a prefix
 *       of at most {@code max_expansions} terms), {@code match_bool_prefix}.</li>
 *   <li>{@code multi_match}: {@code fields} with {@code ^boost} and {@code *} patterns (none: all
 *       fields, leniently), {@code type} {@code best_fields} (default: the best field's score plus
 *       {@code tie_breaker} × the others'), {@code most_fields} (the sum), {@code phrase},
 *       {@code phrase_prefix}, {@code bool_prefix}. {@code cross_fields} is approximated by
 *       {@code most_fields}: the terms are matched per field, not blended over the fields as one.</li>
 *   <li>{@code query_string} and {@code simple_query_string}: Lucene's classic and simple syntax,
 *       see {@link QueryStringParser}.</li>
 * </ul>
 */
final class FullTextQueries {

    private static final Set<String> MATCH_KEYS = Set.of("query", "operator", "minimum_should_match", "fuzziness",
            "prefix_length", "max_expansions", "fuzzy_transpositions", "lenient", "zero_terms_query", "analyzer",
            "boost", "_name", "auto_generate_synonyms_phrase_query", "fuzzy_rewrite");
    private static final Set<String> PHRASE_KEYS = Set.of("query", "slop", "analyzer", "zero_terms_query", "boost",
            "_name");
    private static final Set<String> PHRASE_PREFIX_KEYS = Set.of("query", "slop", "analyzer", "zero_terms_query",
            "max_expansions", "boost", "_name");
    private static final Set<String> BOOL_PREFIX_KEYS = Set.of("query", "analyzer", "operator",
            "minimum_should_match", "fuzziness", "prefix_length", "max_expansions", "fuzzy_transpositions",
            "fuzzy_rewrite", "boost", "_name");
    private static final Set<String> MULTI_MATCH_KEYS = Set.of("query", "fields", "type", "operator",
            "minimum_should_match", "fuzziness", "prefix_length", "max_expansions", "fuzzy_transpositions", "lenient",
            "zero_terms_query", "analyzer", "tie_breaker", "slop", "auto_generate_synonyms_phrase_query",
            "fuzzy_rewrite", "cutoff_frequency");

    private final QueryParser parser;
    private final MappedFields fields;
    private final Analyzer analyzer;

    /** The analyzer a query names ({@code "analyzer": "whitespace"}): the index's own or a built-in one, else {@code null}. */
    private final Function<String, Analyzer> namedAnalyzers;

    FullTextQueries(QueryParser parser, MappedFields fields, Analyzer analyzer, Function<String, Analyzer> namedAnalyzers) {
        this.namedAnalyzers = namedAnalyzers;
        this.parser = parser;
        this.fields = fields;
        this.analyzer = analyzer;
    }

    Query match(Map<String, Object> body) {
        QueryParser.FieldClause clause = QueryParser.FieldClause.of(body, "match", "query", MATCH_KEYS);
        requireText(clause);
        return boosted(matchField(clause.field(), clause.value(), clause.options(), false), clause.options());
    }

    Query matchPhrase(Map<String, Object> body) {
        QueryParser.FieldClause clause = QueryParser.FieldClause.of(body, "match_phrase", "query", PHRASE_KEYS);
        requireText(clause);
        return boosted(phraseField(clause.field(), clause.value(), clause.options(), false), clause.options());
    }

    Query matchPhrasePrefix(Map<String, Object> body) {
        QueryParser.FieldClause clause = QueryParser.FieldClause.of(body, "match_phrase_prefix", "query",
                PHRASE_PREFIX_KEYS);
        requireText(clause);
        return boosted(phrasePrefixField(clause.field(), clause.value(), clause.options(), false), clause.options());
    }

    Query matchBoolPrefix(Map<String, Object> body) {
        QueryParser.FieldClause clause = QueryParser.FieldClause.of(body, "match_bool_prefix", "query",
                BOOL_PREFIX_KEYS);
        requireText(clause);
        return boosted(boolPrefixField(clause.field(), clause.value(), clause.options(), false), clause.options());
    }

    private static void requireText(QueryParser.FieldClause clause) {
        if (clause.value() == null) {
            throw new QueryParsingException("[" + clause.query() + "] requires query value");
        }
        if (clause.value() instanceof Map<?, ?> || clause.value() instanceof List<?>) {
            throw new QueryParsingException("[" + clause.query() + "] unknown token [START_OBJECT] after [query]");
        }
    }

    Query multiMatch(Map<String, Object> body) {
        options(body, "multi_match", MULTI_MATCH_KEYS);
        Object text = body.get("query");
        if (text == null) {
            throw new QueryParsingException("No text specified for multi_match query");
        }
        boolean allFields = body.get("fields") == null;
        Map<String, Float> weights = weightedFields(allFields ? List.of("*") : body.get("fields"));
        boolean lenient = allFields || isTrue(body.get("lenient"));
        String type = String.valueOf(body.getOrDefault("type", "best_fields")).toLowerCase(Locale.ROOT);
        float tieBreaker = switch (type) {
            case "best_fields", "phrase", "phrase_prefix" -> floatOption(body, "tie_breaker", 0f);
            case "most_fields", "cross_fields", "bool_prefix" -> floatOption(body, "tie_breaker", 1f);
            default -> throw new QueryParsingException("failed to parse [multi_match] query type [" + type
                    + "]. unknown type.");
        };
        if (type.equals("bool_prefix")) {
            for (String option : List.of("slop", "cutoff_frequency")) {
                if (body.containsKey(option)) {
                    throw new IllegalSearchArgumentException("[" + option + "] not allowed for type [bool_prefix]");
                }
            }
        }
        List<Query> perField = new ArrayList<>();
        for (Map.Entry<String, Float> field : weights.entrySet()) {
            Query query = switch (type) {
                case "phrase" -> phraseField(field.getKey(), text, body, lenient);
                case "phrase_prefix" -> phrasePrefixField(field.getKey(), text, body, lenient);
                case "bool_prefix" -> boolPrefixField(field.getKey(), text, body, lenient);
                default -> matchField(field.getKey(), text, body, lenient);
            };
            if (!(query instanceof MatchNoDocsQuery)) {
                perField.add(field.getValue() == 1f ? query : new BoostQuery(query, field.getValue()));
            }
        }
        Query combined = perField.isEmpty() ? new MatchNoDocsQuery()
                : perField.size() == 1 ? perField.getFirst() : new DisjunctionMaxQuery(perField, tieBreaker);
        return boosted(combined, body);
    }

    /**
     * {@code ["title^3", "body", "meta*"]} → the mapped fields they name with their boosts, in the
     * order given.
     */
    Map<String, Float> weightedFields(Object spec) {
        List<?> list = spec instanceof List<?> l ? l : List.of(spec);
        Map<String, Float> weights = new LinkedHashMap<>();
        for (Object item : list) {
            if (item == null) {
                throw new QueryParsingException("field name in [fields] cannot be null");
            }
            String text = item.toString();
            float boost = 1f;
            int caret = text.lastIndexOf('^');
            if (caret >= 0) {
                try {
                    boost = Float.parseFloat(text.substring(caret + 1));
                } catch (NumberFormatException e) {
                    throw new QueryParsingException("failed to parse field boost [" + text + "]");
                }
                text = text.substring(0, caret);
            }
            for (String field : fields.expand(text)) {
                weights.merge(field, boost, (a, b) -> a * b);
            }
        }
        return weights;
    }

    /** A {@code match} on one field with the options of {@code match}/{@code multi_match}. */
    private Query matchField(String path, Object text, Map<String, Object> options, boolean lenient) {
        FieldMapping field = fields.field(path);
        if (field == null) {
            return new MatchNoDocsQuery();
        }
        if (field.type() == FieldType.KEYWORD && options.get("fuzziness") != null) {
            String value = text.toString();
            return new FuzzyQuery(new Term(path, value), Fuzziness.parse(options.get("fuzziness")).editsFor(value),
                    intOption(options, "prefix_length", 0), Math.max(1, intOption(options, "max_expansions", 50)),
                    !options.containsKey("fuzzy_transpositions") || isTrue(options.get("fuzzy_transpositions")));
        }
        if (field.type() != FieldType.TEXT) {
            return exactOrNothing(path, text, lenient || isTrue(options.get("lenient")));
        }
        BooleanClause.Occur occur = operator(options.get("operator"));
        Analyzer queryAnalyzer = analyzerFor(options);
        QueryBuilder builder = options.get("fuzziness") == null ? new QueryBuilder(queryAnalyzer)
                : new FuzzyQueryBuilder(queryAnalyzer, Fuzziness.parse(options.get("fuzziness")),
                        intOption(options, "prefix_length", 0), intOption(options, "max_expansions", 50),
                        !options.containsKey("fuzzy_transpositions") || isTrue(options.get("fuzzy_transpositions")));
        Query query = builder.createBooleanQuery(path, text.toString(), occur);
        if (query == null) {
            return zeroTerms(options);
        }
        return MinimumShouldMatch.apply(query, options.get("minimum_should_match"));
    }

    private Query phraseField(String path, Object text, Map<String, Object> options, boolean lenient) {
        FieldMapping field = fields.field(path);
        if (field == null) {
            return new MatchNoDocsQuery();
        }
        if (field.type() != FieldType.TEXT) {
            return exactOrNothing(path, text, lenient);
        }
        Query query = new QueryBuilder(analyzerFor(options)).createPhraseQuery(path, text.toString(),
                intOption(options, "slop", 0));
        return query == null ? zeroTerms(options) : query;
    }

    /**
     * The prefix forms' answer for a field that is not analyzed text: nothing for an unmapped
     * field, a prefix of the whole value on a keyword, the exact value on other types;
     * {@code null} for a text field, whose analyzed terms the caller goes on with.
     */
    private Query prefixOfUnanalyzed(String path, Object text, int maxExpansions, boolean lenient) {
        FieldMapping field = fields.field(path);
        if (field == null) {
            return new MatchNoDocsQuery();
        }
        if (field.type() == FieldType.KEYWORD) {
            return prefix(path, text.toString(), maxExpansions);
        }
        if (field.type() != FieldType.TEXT) {
            return exactOrNothing(path, text, lenient);
        }
        return null;
    }

    /** The analyzed terms in order, the last one a prefix expanded to at most {@code max_expansions} terms. */
    private Query phrasePrefixField(String path, Object text, Map<String, Object> options, boolean lenient) {
        int maxExpansions = intOption(options, "max_expansions", 50);
        Query unanalyzed = prefixOfUnanalyzed(path, text, maxExpansions, lenient);
        if (unanalyzed != null) {
            return unanalyzed;
        }
        List<String> terms = analyze(analyzerFor(options), path, text.toString());
        if (terms.isEmpty()) {
            return zeroTerms(options);
        }
        if (terms.size() == 1) {
            return prefix(path, terms.getFirst(), maxExpansions);
        }
        SpanQuery[] clauses = new SpanQuery[terms.size()];
        for (int i = 0; i < terms.size() - 1; i++) {
            clauses[i] = new SpanTermQuery(new Term(path, terms.get(i)));
        }
        SpanMultiTermQueryWrapper<PrefixQuery> last = new SpanMultiTermQueryWrapper<>(
                new PrefixQuery(new Term(path, terms.getLast())));
        last.setRewriteMethod(new SpanMultiTermQueryWrapper.TopTermsSpanBooleanQueryRewrite(maxExpansions));
        clauses[clauses.length - 1] = last;
        return new SpanNearQuery(clauses, intOption(options, "slop", 0), true);
    }

    private Query boolPrefixField(String path, Object text, Map<String, Object> options, boolean lenient) {
        int maxExpansions = intOption(options, "max_expansions", 50);
        Query unanalyzed = prefixOfUnanalyzed(path, text, maxExpansions, lenient);
        if (unanalyzed != null) {
            return unanalyzed;
        }
        List<String> terms = analyze(analyzerFor(options), path, text.toString());
        if (terms.isEmpty()) {
            return new MatchNoDocsQuery();
        }
        BooleanClause.Occur occur = operator(options.get("operator"));
        Fuzziness fuzziness = options.get("fuzziness") == null ? null : Fuzziness.parse(options.get("fuzziness"));
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (int i = 0; i < terms.size() - 1; i++) {
            Term term = new Term(path, terms.get(i));
            int edits = fuzziness == null ? 0 : fuzziness.editsFor(terms.get(i));
            builder.add(edits == 0 ? new TermQuery(term) : new FuzzyQuery(term, edits,
                    intOption(options, "prefix_length", 0), maxExpansions, true), occur);
        }
        builder.add(prefix(path, terms.getLast(), maxExpansions), occur);
        return MinimumShouldMatch.apply(builder.build(), options.get("minimum_should_match"));
    }

    private static Query prefix(String path, String prefix, int maxExpansions) {
        return new PrefixQuery(new Term(path, prefix), new MultiTermQuery.TopTermsBlendedFreqScoringRewrite(
                Math.max(1, maxExpansions)));
    }

    private Query exactOrNothing(String path, Object text, boolean lenient) {
        try {
            return parser.exact(path, text);
        } catch (QueryParsingException | ParsingException e) {
            if (lenient) {
                return new MatchNoDocsQuery();
            }
            throw e;
        }
    }

    private static Query zeroTerms(Map<String, Object> options) {
        String zeroTerms = String.valueOf(options.getOrDefault("zero_terms_query", "none")).toLowerCase(Locale.ROOT);
        return switch (zeroTerms) {
            case "none" -> new MatchNoDocsQuery();
            case "all" -> new MatchAllDocsQuery();
            default -> throw new QueryParsingException("Unsupported zero_terms_query value [" + zeroTerms + "]");
        };
    }

    static BooleanClause.Occur operator(Object operator) {
        String name = operator == null ? "or" : operator.toString().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "or" -> BooleanClause.Occur.SHOULD;
            case "and" -> BooleanClause.Occur.MUST;
            default -> throw new QueryParsingException("Unknown operator [" + operator + "], expected [or] or [and]");
        };
    }

    /**
     * The analyzer the query's {@code analyzer} option names, else the fields' search analyzers.
     *
     * @throws IllegalSearchArgumentException if there is no analyzer of that name
     */
    private Analyzer analyzerFor(Map<String, Object> options) {
        Object name = options.get("analyzer");
        if (name == null) {
            return analyzer;
        }
        Analyzer named = namedAnalyzers.apply(name.toString());
        if (named == null) {
            throw new IllegalSearchArgumentException("analyzer [" + name + "] not found");
        }
        return named;
    }

    /** The terms the analyzer makes of the text, in order. */
    private static List<String> analyze(Analyzer analyzer, String field, String text) {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    Query queryString(Map<String, Object> body) {
        return QueryStringParser.classic(parser, fields, this, body);
    }

    Query simpleQueryString(Map<String, Object> body) {
        return QueryStringParser.simple(fields, this, body);
    }

    /** A {@link QueryBuilder} whose terms match within the edit distance {@code fuzziness} allows them. */
    private static final class FuzzyQueryBuilder extends QueryBuilder {

        private final Fuzziness fuzziness;
        private final int prefixLength;
        private final int maxExpansions;
        private final boolean transpositions;

        FuzzyQueryBuilder(Analyzer analyzer, Fuzziness fuzziness, int prefixLength, int maxExpansions,
                          boolean transpositions) {
            super(analyzer);
            this.fuzziness = fuzziness;
            this.prefixLength = prefixLength;
            this.maxExpansions = maxExpansions;
            this.transpositions = transpositions;
        }

        @Override
        protected Query newTermQuery(Term term, float boost) {
            int edits = fuzziness.editsFor(term.text());
            if (edits == 0) {
                return super.newTermQuery(term, boost);
            }
            Query fuzzy = new FuzzyQuery(term, edits, prefixLength, Math.max(1, maxExpansions), transpositions);
            return boost == 1f ? fuzzy : new BoostQuery(fuzzy, boost);
        }
    }
}
