package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.Mapping.Mapper;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.FloatPoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.FloatField;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.RegExp;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static dev.infraplatform.search.engine.QueryParser.FieldClause;
import static dev.infraplatform.search.engine.QueryParser.boosted;
import static dev.infraplatform.search.engine.QueryParser.integer;
import static dev.infraplatform.search.engine.QueryParser.intOption;
import static dev.infraplatform.search.engine.QueryParser.isTrue;
import static dev.infraplatform.search.engine.QueryParser.object;
import static dev.infraplatform.search.engine.QueryParser.options;
import static dev.infraplatform.search.engine.QueryParser.single;

/**
 * Elasticsearch's term-level queries, on exact values under the mapping: {@code term} and
 * {@code terms} (per field type; {@code case_insensitive} on keywords; a date term covers its
 * rounding), {@code range} (numbers; dates with {@link DateMath}, {@code time_zone} and
 * {@code format}; strings), {@code exists}, {@code ids}, {@code prefix}, {@code wildcard},
 * {@code regexp} and {@code fuzzy}. Patterns apply to text and keyword fields; text patterns
 * are normalized as the field's analyzer normalizes (lower case for {@code standard}).
 */
final class TermLevelQueries {

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
    private final QueryLimits limits;

    TermLevelQueries(Mapping mapping, Analyzer analyzer, LongSupplier now, MappedFields fields, QueryLimits limits) {
        this.limits = limits;
        this.mapping = mapping;
        this.analyzer = analyzer;
        this.now = now;
        this.fields = fields;
    }

    Query term(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "term", "value", FIELD_TERM_KEYS);
        clause.requireValue();
        if (isTrue(clause.options().get("case_insensitive")) && isKeywordLike(clause.field())) {
            return boosted(caseInsensitive(clause.field(), escapeRegexp(clause.value().toString())), clause.options());
        }
        return boosted(exact(clause.field(), clause.value()), clause.options());
    }

    Query terms(Map<String, Object> body) {
        Map<String, Object> fieldsOnly = new LinkedHashMap<>(body);
        Object boost = fieldsOnly.remove("boost");
        fieldsOnly.remove("_name");
        Map.Entry<String, Object> field = single(fieldsOnly, "terms");
        if (!(field.getValue() instanceof List<?> values)) {
            throw new QueryParsingException("[terms] query does not support [" + field.getKey() + "]");
        }
        if (values.size() > limits.maxTermsCount()) {
            throw new IllegalSearchArgumentException("The number of terms [" + values.size() + "] used in the Terms "
                    + "Query request has exceeded the allowed maximum of [" + limits.maxTermsCount() + "]. This "
                    + "maximum can be set by changing the [index.max_terms_count] index level setting.");
        }
        // terms is a filter in Elasticsearch: every match scores the same
        return boosted(new ConstantScoreQuery(anyOf(field.getKey(), values)), boost);
    }

    /** Any of the values: one set query where the field type has one, so large lists cost no clause each. */
    private Query anyOf(String path, List<?> values) {
        FieldMapping mapping = fields.field(path);
        FieldType type = path.equals(Shard.ID) ? FieldType.KEYWORD : mapping == null ? null : mapping.type();
        if (type == null) {
            return new MatchNoDocsQuery();
        }
        if (mapping != null) {
            requireSearchable(path, mapping);
        }
        try {
            switch (type == FieldType.IP || type == FieldType.HALF_FLOAT || type == FieldType.SCALED_FLOAT ? type
                    : type.indexedAs()) {
                case IP -> {
                    if (values.stream().noneMatch(v -> String.valueOf(v).contains("/"))) {
                        return InetAddressPoint.newSetQuery(path, values.stream()
                                .map(v -> IpAddresses.parse(String.valueOf(v))).toArray(InetAddress[]::new));
                    }
                    BooleanQuery.Builder any = new BooleanQuery.Builder();
                    for (Object value : values) {
                        any.add(exact(path, value), BooleanClause.Occur.SHOULD);
                    }
                    return any.build();
                }
                case TEXT, KEYWORD -> {
                    return new TermInSetQuery(path, values.stream().map(v -> new BytesRef(String.valueOf(v))).toList());
                }
                case LONG -> {
                    boolean dv = mapping == null || mapping.hasDocValues();
                    long[] longs = values.stream()
                            .mapToLong(v -> new BigDecimal(String.valueOf(v)).longValueExact()).toArray();
                    return dv ? LongField.newSetQuery(path, longs) : LongPoint.newSetQuery(path, longs);
                }
                case UNSIGNED_LONG -> {
                    boolean dv = mapping == null || mapping.hasDocValues();
                    long[] longs = values.stream().mapToLong(v -> UnsignedLongs.encode(v, true)).toArray();
                    return dv ? LongField.newSetQuery(path, longs) : LongPoint.newSetQuery(path, longs);
                }
                case INTEGER -> {
                    boolean dv = mapping == null || mapping.hasDocValues();
                    int[] ints = values.stream()
                            .mapToInt(v -> new BigDecimal(String.valueOf(v)).intValueExact()).toArray();
                    return dv ? IntField.newSetQuery(path, ints) : IntPoint.newSetQuery(path, ints);
                }
                default -> {
                    BooleanQuery.Builder any = new BooleanQuery.Builder();
                    for (Object value : values) {
                        any.add(exact(path, value), BooleanClause.Occur.SHOULD);
                    }
                    return any.build();
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new QueryParsingException("failed to create query: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new QueryParsingException("failed to create query: " + e.getMessage());
        } catch (IndexSearcher.TooManyClauses e) {
            throw new IllegalSearchArgumentException("too many terms for a [" + type.esName() + "] field: "
                    + e.getMessage());
        }
    }

    Query range(Map<String, Object> body) {
        Map.Entry<String, Object> field = single(body, "range");
        Map<String, Object> bounds = object(field.getValue(), "range");
        Object lower = null;
        Object upper = null;
        boolean includeLower = true;
        boolean includeUpper = true;
        String format = null;
        String timeZone = null;
        String relation = null;
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
                case "relation" -> relation = String.valueOf(bound.getValue());
                case "boost", "_name" -> {
                    // applied below
                }
                default -> throw new QueryParsingException("[range] query does not support [" + bound.getKey() + "]");
            }
        }
        if (mapping.lookup(field.getKey()) instanceof FieldMapping mapped && mapped.type().range()) {
            requireSearchable(field.getKey(), mapped);
            try {
                DateFormat dateFormat = format == null ? mapped.dateFormat() : DateFormat.of(format);
                return boosted(RangeValues.query(field.getKey(), mapped, lower, includeLower, upper, includeUpper,
                        relation, dateFormat, zone(timeZone), now), bounds);
            } catch (MapperParsingException | IllegalArgumentException | ArithmeticException e) {
                throw new QueryParsingException("failed to parse range bound of [" + field.getKey() + "]: "
                        + e.getMessage());
            }
        }
        return boosted(range(field.getKey(), lower, includeLower, upper, includeUpper, format, timeZone), bounds);
    }

    /**
     * Refuses a query on a field that is not searchable: {@code index: false}, {@code binary}
     * (never indexed) and {@code geo_point} (only geometry queries), with Elasticsearch's messages.
     */
    private static void requireSearchable(String path, FieldMapping field) {
        if (field.type() == FieldType.BINARY) {
            throw new IllegalSearchArgumentException("Binary fields do not support searching");
        }
        if (field.type() == FieldType.GEO_POINT) {
            throw new IllegalSearchArgumentException("Geometry fields do not support exact searching, use dedicated "
                    + "geometry queries instead: [" + path + "]");
        }
        if (!field.indexed()) {
            throw new IllegalSearchArgumentException("Cannot search on field [" + path + "] since it is not indexed.");
        }
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
        requireSearchable(path, mapped);
        try {
            if (mapped.type().range()) {
                return RangeValues.query(path, mapped, lower, includeLower, upper, includeUpper, null,
                        format == null ? mapped.dateFormat() : DateFormat.of(format), zone(timeZone), now);
            }
            if (mapped.type() == FieldType.IP) {
                return ipRange(path, lower, includeLower, upper, includeUpper);
            }
            FieldType base = mapped.type().indexedAs();
            return switch (base) {
                case DATE -> {
                    DateFormat dateFormat = format == null ? mapped.dateFormat() : DateFormat.of(format);
                    ZoneId zone = zone(timeZone);
                    // gt and lte round up (the bound's last millisecond), gte and lt round down, as Elasticsearch
                    long min = lower == null ? Long.MIN_VALUE
                            : DateMath.parse(lower, dateFormat, zone, now, !includeLower);
                    long max = upper == null ? Long.MAX_VALUE
                            : DateMath.parse(upper, dateFormat, zone, now, includeUpper);
                    yield longRange(path, FieldType.DATE, min, lower != null && !includeLower, max,
                            upper != null && !includeUpper, mapped.hasDocValues());
                }
                case UNSIGNED_LONG -> unsignedRange(path, lower, includeLower, upper, includeUpper,
                        mapped.hasDocValues());
                case LONG, INTEGER -> longRange(path, base,
                        lower == null ? Long.MIN_VALUE : new BigDecimal(lower.toString()).longValue(),
                        lower != null && !includeLower,
                        upper == null ? Long.MAX_VALUE : new BigDecimal(upper.toString()).longValue(),
                        upper != null && !includeUpper, mapped.hasDocValues());
                case DOUBLE, FLOAT -> {
                    double min = lower == null ? Double.NEGATIVE_INFINITY : Double.parseDouble(lower.toString());
                    double max = upper == null ? Double.POSITIVE_INFINITY : Double.parseDouble(upper.toString());
                    if (lower != null && !includeLower) {
                        min = Math.nextUp(min);
                    }
                    if (upper != null && !includeUpper) {
                        max = Math.nextDown(max);
                    }
                    if (!mapped.hasDocValues()) {
                        yield base == FieldType.FLOAT ? FloatPoint.newRangeQuery(path, (float) min, (float) max)
                                : DoublePoint.newRangeQuery(path, min, max);
                    }
                    yield base == FieldType.FLOAT
                            ? FloatField.newRangeQuery(path, (float) min, (float) max)
                            : DoubleField.newRangeQuery(path, min, max);
                }
                case TEXT, KEYWORD, BOOLEAN -> TermRangeQuery.newStringRange(path,
                        lower == null ? null : lower.toString(), upper == null ? null : upper.toString(),
                        includeLower, includeUpper);
                default -> throw new IllegalSearchArgumentException("Field [" + path + "] of type ["
                        + mapped.type().esName() + "] does not support range queries");
            };
        } catch (MapperParsingException e) {
            throw new QueryParsingException("[range] query malformed: " + e.getMessage());
        } catch (NumberFormatException e) {
            throw new QueryParsingException("failed to parse range bound of [" + path + "]: " + e.getMessage());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new QueryParsingException("failed to parse range bound of [" + path + "]: " + e.getMessage());
        }
    }

    /** A range of addresses; exclusive bounds move to the next address. */
    private static Query ipRange(String path, Object lower, boolean includeLower, Object upper, boolean includeUpper) {
        InetAddress min = lower == null ? InetAddressPoint.MIN_VALUE : IpAddresses.parse(lower.toString());
        InetAddress max = upper == null ? InetAddressPoint.MAX_VALUE : IpAddresses.parse(upper.toString());
        if (lower != null && !includeLower) {
            if (min.equals(InetAddressPoint.MAX_VALUE)) {
                return new MatchNoDocsQuery();
            }
            min = InetAddressPoint.nextUp(min);
        }
        if (upper != null && !includeUpper) {
            if (max.equals(InetAddressPoint.MIN_VALUE)) {
                return new MatchNoDocsQuery();
            }
            max = InetAddressPoint.nextDown(max);
        }
        return InetAddressPoint.newRangeQuery(path, min, max);
    }

    /**
     * A range over an {@code unsigned_long} field: the bounds as whole numbers (decimals rounded
     * inwards), clamped to 0 … 2^64 − 1, then encoded ({@link UnsignedLongs}).
     */
    private static Query unsignedRange(String path, Object lower, boolean includeLower, Object upper,
                                       boolean includeUpper, boolean docValues) {
        long min = Long.MIN_VALUE;
        if (lower != null) {
            BigDecimal low = new BigDecimal(lower.toString());
            BigInteger bound = includeLower ? low.setScale(0, RoundingMode.CEILING).toBigInteger()
                    : low.setScale(0, RoundingMode.FLOOR).toBigInteger().add(BigInteger.ONE);
            if (bound.compareTo(UnsignedLongs.MAX) > 0) {
                return new MatchNoDocsQuery();
            }
            if (bound.signum() > 0) {
                min = bound.longValue() ^ Long.MIN_VALUE;
            }
        }
        long max = Long.MAX_VALUE;
        if (upper != null) {
            BigDecimal high = new BigDecimal(upper.toString());
            BigInteger bound = includeUpper ? high.setScale(0, RoundingMode.FLOOR).toBigInteger()
                    : high.setScale(0, RoundingMode.CEILING).toBigInteger().subtract(BigInteger.ONE);
            if (bound.signum() < 0) {
                return new MatchNoDocsQuery();
            }
            if (bound.compareTo(UnsignedLongs.MAX) < 0) {
                max = bound.longValue() ^ Long.MIN_VALUE;
            }
        }
        return longRange(path, FieldType.LONG, min, false, max, false, docValues);
    }

    private static Query longRange(String path, FieldType type, long min, boolean excludeMin, long max,
                                   boolean excludeMax, boolean docValues) {
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
        if (type == FieldType.INTEGER) {
            int low = (int) Math.max(Integer.MIN_VALUE, min);
            int high = (int) Math.min(Integer.MAX_VALUE, max);
            return docValues ? IntField.newRangeQuery(path, low, high) : IntPoint.newRangeQuery(path, low, high);
        }
        return docValues ? LongField.newRangeQuery(path, min, max) : LongPoint.newRangeQuery(path, min, max);
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

    Query exists(Map<String, Object> body) {
        options(body, "exists", Set.of("field"));
        Object field = body.get("field");
        if (field == null) {
            throw new QueryParsingException("[exists] must be provided with a [field]");
        }
        List<String> leaves = new ArrayList<>();
        String path = field.toString();
        switch (path) {
            case "_id", "_index", "_seq_no", "_version", "_primary_term" -> {
                // every document has these metadata fields
                return boosted(new ConstantScoreQuery(new org.apache.lucene.search.MatchAllDocsQuery()), body);
            }
            case Shard.ROUTING -> {
                return boosted(new ConstantScoreQuery(new TermRangeQuery(Shard.ROUTING, null, null, true, true)), body);
            }
            case "_source" -> throw new QueryShardException(
                    "Field [_source] of type [_source] does not support exists queries", null);
            default -> {
                // a mapped field or pattern
            }
        }
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
        leaves.forEach(leaf -> any.add(existsQuery(leaf), BooleanClause.Occur.SHOULD));
        return boosted(new ConstantScoreQuery(any.build()), body);
    }

    /** Doc values or norms where the field has them, else the {@code _field_names} the document parser records. */
    private Query existsQuery(String leaf) {
        FieldMapping field = fields.field(leaf);
        if (field != null && (!field.hasDocValues() || field.type().range()) && field.type() != FieldType.TEXT) {
            return new TermQuery(new Term(DocumentParser.FIELD_NAMES, leaf));
        }
        return new FieldExistsQuery(leaf);
    }

    private static void collectLeaves(String path, Mapper mapper, List<String> leaves) {
        if (mapper instanceof FieldMapping) {
            leaves.add(path);
        } else if (mapper instanceof Mapping.ObjectMapping object) {
            object.properties().forEach((name, child) -> collectLeaves(path + "." + name, child, leaves));
        }
    }

    Query ids(Map<String, Object> body) {
        options(body, "ids", Set.of("values"));
        if (!(body.get("values") instanceof List<?> values)) {
            throw new QueryParsingException("[ids] query malformed, no [values] array");
        }
        return boosted(new ConstantScoreQuery(new TermInSetQuery(Shard.ID,
                values.stream().map(id -> new BytesRef(String.valueOf(id))).toList())), body);
    }

    Query prefix(Map<String, Object> body) {
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

    Query wildcard(Map<String, Object> body) {
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
        try {
            Query query = isTrue(clause.options().get("case_insensitive"))
                    ? caseInsensitive(path, wildcardToRegexp(pattern))
                    : new WildcardQuery(new Term(path, pattern));
            return boosted(query, clause.options());
        } catch (TooComplexToDeterminizeException e) {
            throw new QueryParsingException("[wildcard] pattern [" + pattern + "] is too complex: " + e.getMessage());
        }
    }

    Query regexp(Map<String, Object> body) {
        FieldClause clause = FieldClause.of(body, "regexp", "value", REGEXP_KEYS);
        clause.requireValue();
        int length = clause.value().toString().length();
        if (length > limits.maxRegexLength()) {
            throw new IllegalSearchArgumentException("The length of regex [" + length + "] used in the Regexp Query "
                    + "request has exceeded the allowed maximum of [" + limits.maxRegexLength() + "]. This maximum can "
                    + "be set by changing the [index.max_regex_length] index level setting.");
        }
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
        } catch (IllegalArgumentException | TooComplexToDeterminizeException e) {
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

    Query fuzzy(Map<String, Object> body) {
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
        requireSearchable(path, field);
        try {
            return switch (field.type()) {
                case TEXT, KEYWORD -> new TermQuery(new Term(path, value.toString()));
                case LONG -> longRange(path, FieldType.LONG, new BigDecimal(value.toString()).longValueExact(), false,
                        new BigDecimal(value.toString()).longValueExact(), false, field.hasDocValues());
                case UNSIGNED_LONG -> {
                    long encoded = UnsignedLongs.encode(value, true);
                    yield longRange(path, FieldType.LONG, encoded, false, encoded, false, field.hasDocValues());
                }
                case INTEGER, SHORT, BYTE -> longRange(path, FieldType.INTEGER,
                        new BigDecimal(value.toString()).intValueExact(), false,
                        new BigDecimal(value.toString()).intValueExact(), false, field.hasDocValues());
                case DOUBLE -> field.hasDocValues() ? DoubleField.newExactQuery(path, Double.parseDouble(value.toString()))
                        : DoublePoint.newExactQuery(path, Double.parseDouble(value.toString()));
                case SCALED_FLOAT -> {
                    double factor = field.options().scalingFactor();
                    double scaled = Math.round(Double.parseDouble(value.toString()) * factor) / factor;
                    yield field.hasDocValues() ? DoubleField.newExactQuery(path, scaled)
                            : DoublePoint.newExactQuery(path, scaled);
                }
                case FLOAT, HALF_FLOAT -> {
                    float parsed = Float.parseFloat(value.toString());
                    if (field.type() == FieldType.HALF_FLOAT) {
                        parsed = Float.float16ToFloat(Float.floatToFloat16(parsed));
                    }
                    yield field.hasDocValues() ? FloatField.newExactQuery(path, parsed)
                            : FloatPoint.newExactQuery(path, parsed);
                }
                case IP -> {
                    Query cidr = IpAddresses.cidrQuery(path, value.toString());
                    yield cidr != null ? cidr : InetAddressPoint.newExactQuery(path, IpAddresses.parse(value.toString()));
                }
                case INTEGER_RANGE, LONG_RANGE, DOUBLE_RANGE, DATE_RANGE -> RangeValues.query(path, field, value, true,
                        value, true, "intersects", field.dateFormat(), ZoneOffset.UTC, now);
                case BINARY, GEO_POINT -> throw new IllegalStateException("not searchable");
                case DATE, DATE_NANOS -> {
                    long millis = DateMath.parse(value, field.dateFormat(), ZoneOffset.UTC, now, false);
                    yield longRange(path, FieldType.LONG, millis, false,
                            DateMath.parse(value, field.dateFormat(), ZoneOffset.UTC, now, true), false,
                            field.hasDocValues());
                }
                case BOOLEAN -> new TermQuery(new Term(path, booleanTerm(value)));
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            if (field.type() == FieldType.IP) {
                throw new QueryParsingException("failed to create query: " + e.getMessage());
            }
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
}
