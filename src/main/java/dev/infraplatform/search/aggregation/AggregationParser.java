package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateRendering;
import dev.infraplatform.search.engine.FieldType;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IpAddresses;
import dev.infraplatform.search.engine.Mapping;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses Elasticsearch's {@code aggs} object — {@code {"name": {"<type>": {…}, "aggs": {…}}}} —
 * into {@link AggregationSpec}s under the index's mapping, refusing what Elasticsearch refuses
 * (unknown types and parameters, text fields, invalid intervals) before anything runs.
 */
final class AggregationParser {

    private static final Set<String> BUCKET_TYPES = Set.of("terms", "range", "date_range", "ip_range", "histogram",
            "date_histogram", "filter", "filters", "missing");
    private static final Set<String> METRIC_TYPES = Set.of("avg", "sum", "min", "max", "stats", "value_count",
            "extended_stats", "cardinality", "percentiles");

    private final Mapping mapping;
    private final Function<Map<String, Object>, Query> queries;
    private final String index;

    /** @param index the name of the index the aggregations run on (the value of {@code _index}) */
    AggregationParser(Mapping mapping, Function<Map<String, Object>, Query> queries, String index) {
        this.mapping = mapping;
        this.queries = queries;
        this.index = index;
    }

    List<AggregationSpec> parse(Map<String, Object> aggs) {
        List<AggregationSpec> specs = new ArrayList<>(aggs.size());
        for (Map.Entry<String, Object> entry : aggs.entrySet()) {
            specs.add(parseOne(entry.getKey(), entry.getValue()));
        }
        return List.copyOf(specs);
    }

    @SuppressWarnings("unchecked")
    private AggregationSpec parseOne(String name, Object definition) {
        if (name.contains("[") || name.contains("]") || name.contains(">")) {
            throw new AggregationParsingException("Invalid aggregation name [" + name + "]. Aggregation names can "
                    + "contain any character except '[', ']', and '>'");
        }
        if (!(definition instanceof Map<?, ?> body)) {
            throw new AggregationParsingException("Expected [START_OBJECT] under [" + name + "], but got a ["
                    + tokenOf(definition) + "] in [" + name + "]");
        }
        String type = null;
        Object params = null;
        Map<String, Object> subAggs = Map.of();
        Map<String, Object> meta = null;
        for (Map.Entry<?, ?> entry : body.entrySet()) {
            String key = entry.getKey().toString();
            switch (key) {
                case "aggs", "aggregations" -> {
                    if (!(entry.getValue() instanceof Map<?, ?> map)) {
                        throw new AggregationParsingException("Expected [START_OBJECT] under [" + key + "], but got a ["
                                + tokenOf(entry.getValue()) + "] in [" + name + "]");
                    }
                    subAggs = (Map<String, Object>) map;
                }
                case "meta" -> {
                    if (!(entry.getValue() instanceof Map<?, ?> map)) {
                        throw new AggregationParsingException("[meta] must be an object in [" + name + "]");
                    }
                    meta = (Map<String, Object>) map;
                }
                default -> {
                    if (type != null) {
                        throw new AggregationParsingException("Found two aggregation type definitions in [" + name
                                + "]: [" + type + "] and [" + key + "]");
                    }
                    type = key;
                    params = entry.getValue();
                }
            }
        }
        if (type == null) {
            throw new AggregationParsingException("Missing definition for aggregation [" + name + "]");
        }
        if (!BUCKET_TYPES.contains(type) && !METRIC_TYPES.contains(type)) {
            throw new AggregationParsingException("Unknown aggregation type [" + type + "]");
        }
        if (!(params instanceof Map<?, ?>)) {
            throw new AggregationParsingException("Expected [START_OBJECT] under [" + type + "], but got a ["
                    + tokenOf(params) + "] in [" + name + "]");
        }
        List<AggregationSpec> subs = parse(subAggs);
        if (METRIC_TYPES.contains(type) && !subs.isEmpty()) {
            throw new IllegalSearchArgumentException("Aggregator [" + name + "] of type [" + type
                    + "] cannot accept sub-aggregations");
        }
        AggregationParams p = new AggregationParams(name, type, (Map<String, Object>) params);
        AggregationSpec spec = switch (type) {
            case "avg" -> stats(p, StatsAggregation.Kind.AVG);
            case "sum" -> stats(p, StatsAggregation.Kind.SUM);
            case "min" -> stats(p, StatsAggregation.Kind.MIN);
            case "max" -> stats(p, StatsAggregation.Kind.MAX);
            case "stats" -> stats(p, StatsAggregation.Kind.STATS);
            case "value_count" -> stats(p, StatsAggregation.Kind.VALUE_COUNT);
            case "extended_stats" -> extendedStats(p);
            case "cardinality" -> cardinality(p);
            case "percentiles" -> percentiles(p);
            case "terms" -> terms(p, subs);
            case "range" -> range(p, subs, false);
            case "date_range" -> range(p, subs, true);
            case "ip_range" -> ipRange(p, subs);
            case "histogram" -> histogram(p, subs);
            case "date_histogram" -> dateHistogram(p, subs);
            case "filter" -> FilterAggregation.filter(name, subs, queries.apply((Map<String, Object>) params));
            case "filters" -> filters(p, subs);
            case "missing" -> FilterAggregation.missing(name, subs, field(p));
            default -> throw new IllegalStateException(type);
        };
        if (!type.equals("filter")) {
            p.rejectUnknown();
        }
        return meta == null ? spec : new MetaAggregation(spec, meta);
    }

    private static String tokenOf(Object value) {
        if (value == null) {
            return "VALUE_NULL";
        }
        if (value instanceof List<?>) {
            return "START_ARRAY";
        }
        if (value instanceof Number) {
            return "VALUE_NUMBER";
        }
        if (value instanceof Boolean) {
            return "VALUE_BOOLEAN";
        }
        return "VALUE_STRING";
    }

    private FieldSource field(AggregationParams p) {
        return FieldSource.resolve(p.name, p.type, p.get("field"), mapping, index);
    }

    private AggregationSpec stats(AggregationParams p, StatsAggregation.Kind kind) {
        return new StatsAggregation(p.name, kind, metricField(p), p.string("format"));
    }

    /** A metric's field, with its {@code missing} value if any. */
    private FieldSource metricField(AggregationParams p) {
        return field(p).withMissing(p.get("missing"), p.type);
    }

    private AggregationSpec extendedStats(AggregationParams p) {
        double sigma = p.get("sigma") == null ? 2 : p.number(p.get("sigma"), "sigma");
        if (sigma < 0) {
            throw new IllegalSearchArgumentException("[sigma] must be greater than or equal to 0. Found [" + sigma
                    + "] in [" + p.name + "]");
        }
        return new StatsAggregation(p.name, StatsAggregation.Kind.EXTENDED_STATS, metricField(p), p.string("format"),
                sigma);
    }

    private AggregationSpec cardinality(AggregationParams p) {
        FieldSource field = metricField(p);
        long threshold = p.longValue("precision_threshold", CardinalitySketch.DEFAULT_THRESHOLD);
        if (threshold < 0) {
            throw new IllegalSearchArgumentException("[precisionThreshold] must be greater than or equal to 0. Found ["
                    + threshold + "] in [" + p.name + "]");
        }
        return new CardinalityAggregation(p.name, field, threshold);
    }

    private AggregationSpec percentiles(AggregationParams p) {
        FieldSource field = metricField(p);
        double[] percents = PercentilesAggregation.DEFAULT_PERCENTS;
        Object given = p.get("percents");
        if (given != null) {
            if (!(given instanceof List<?> list) || list.isEmpty()) {
                throw new IllegalSearchArgumentException("[percents] must not be empty: [" + p.name + "]");
            }
            percents = new double[list.size()];
            for (int i = 0; i < percents.length; i++) {
                percents[i] = p.number(list.get(i), "percents");
                if (percents[i] < 0 || percents[i] > 100) {
                    throw new IllegalSearchArgumentException("percent must be in [0,100], got [" + percents[i] + "]");
                }
            }
        }
        double compression = 100;
        if (p.get("tdigest") instanceof Map<?, ?> tdigest && tdigest.get("compression") != null) {
            compression = p.number(tdigest.get("compression"), "compression");
        }
        return new PercentilesAggregation(p.name, field, percents, p.bool("keyed", true), compression,
                p.string("format"));
    }

    private AggregationSpec terms(AggregationParams p, List<AggregationSpec> subs) {
        FieldSource field = field(p);
        if (field.unmapped() && p.get("missing") != null) {
            field = field.unmappedAs(p.get("value_type"), p.get("missing"));
        }
        int size = (int) p.longValue("size", 10);
        if (size <= 0) {
            throw new IllegalSearchArgumentException("[size] must be greater than 0. Found [" + size + "] in ["
                    + p.name + "]");
        }
        Object shardSizeParam = p.get("shard_size");
        int shardSize = shardSizeParam == null ? (int) Math.min(Integer.MAX_VALUE, (long) (size * 1.5 + 10))
                : (int) p.number(shardSizeParam, "shard_size");
        if (shardSize <= 0) {
            throw new IllegalSearchArgumentException("[shard_size] must be greater than 0. Found [" + shardSize
                    + "] in [" + p.name + "]");
        }
        shardSize = Math.max(shardSize, size);
        long minDocCount = p.longValue("min_doc_count", 1);
        if (minDocCount < 0) {
            throw new IllegalSearchArgumentException("[min_doc_count] must be greater than or equal to 0. Found ["
                    + minDocCount + "] in [" + p.name + "]");
        }
        p.get("shard_min_doc_count");
        p.get("execution_hint");
        p.get("collect_mode");
        BucketOrder order = order(p, subs, BucketOrder.COUNT_DESC);
        boolean numeric = !field.ordinals() && field.type() != FieldType.BOOLEAN;
        if (field.type() == FieldType.IP && (p.get("include") instanceof String || p.get("exclude") instanceof String)) {
            throw new IllegalSearchArgumentException("Aggregation [" + p.name + "] cannot support regular expression "
                    + "style include/exclude settings as they can only be applied to string fields. Use an array of "
                    + "values for include/exclude clauses");
        }
        IncludeExclude includeExclude = IncludeExclude.parse(datesAsMillis(p.get("include"), field),
                datesAsMillis(p.get("exclude"), field), numeric);
        return new TermsAggregation(p.name, subs, field, size, shardSize, minDocCount, order, p.get("missing"),
                includeExclude, p.string("format"), p.bool("show_term_doc_count_error", false));
    }

    /** A date field's {@code include}/{@code exclude} values read as its dates are ({@code "2016-05-03"} → epoch millis), as Elasticsearch reads them. */
    private static Object datesAsMillis(Object values, FieldSource field) {
        if (!field.date() || !(values instanceof List<?> list)) {
            return values;
        }
        return list.stream().<Object>map(value -> field.format().toEpochMillis(value)).toList();
    }

    /** {@code order}: {@code {"path": "asc"}} or a list of them; paths must name a metric sub-aggregation. */
    private BucketOrder order(AggregationParams p, List<AggregationSpec> subs, BucketOrder defaults) {
        Object value = p.get("order");
        if (value == null) {
            return defaults;
        }
        List<?> entries = value instanceof List<?> list ? list : List.of(value);
        List<BucketOrder.Item> items = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map) || map.isEmpty()) {
                throw new AggregationParsingException("Order elements must be of type object in [" + p.name + "]");
            }
            for (Map.Entry<?, ?> item : map.entrySet()) {
                String path = item.getKey().toString();
                String direction = String.valueOf(item.getValue());
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw new AggregationParsingException("Unknown order direction [" + direction + "] in ["
                            + p.name + "]");
                }
                if (path.equals("_term") || path.equals("_time")) {
                    path = "_key"; // Elasticsearch's deprecated names of the key order
                }
                if (!path.equals("_count") && !path.equals("_key")) {
                    String first = path.split("[.>]")[0];
                    if (subs.stream().noneMatch(sub -> sub.name.equals(first))) {
                        throw new IllegalSearchArgumentException("Invalid aggregation order path [" + path
                                + "]. The provided aggregation [" + first + "] either does not exist, or is a "
                                + "pipeline aggregation and cannot be used to sort the buckets.");
                    }
                }
                items.add(new BucketOrder.Item(path, direction.equals("asc")));
            }
        }
        return new BucketOrder(List.copyOf(items));
    }

    @SuppressWarnings("unchecked")
    private AggregationSpec range(AggregationParams p, List<AggregationSpec> subs, boolean dates) {
        // missing: a document without a value falls in the ranges its missing value is in
        FieldSource field = field(p).withMissing(p.get("missing"), p.type);
        String format = p.string("format");
        DateRendering rendering = null;
        if (dates) {
            if (!field.unmapped() && !field.date()) {
                throw new IllegalSearchArgumentException("Field [" + field.name() + "] of type ["
                        + field.type().esName() + "] is not supported for aggregation [date_range]");
            }
            rendering = format != null ? DateRendering.of(format, timeZone(p)) : DateRendering.of(
                    field.format() == null ? null : field.format().pattern(), timeZone(p));
        }
        Object given = p.get("ranges");
        if (!(given instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalSearchArgumentException("No [ranges] specified for the [" + p.name + "] aggregation");
        }
        List<RangeAggregation.Range> ranges = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> range)) {
                throw new AggregationParsingException("[ranges] elements must be objects in [" + p.name + "]");
            }
            for (Object key : range.keySet()) {
                if (!Set.of("from", "to", "key").contains(key.toString())) {
                    throw new AggregationParsingException("x_content_parse_exception", "[range] unknown field ["
                            + key + "]");
                }
            }
            double from = bound(range.get("from"), Double.NEGATIVE_INFINITY, field, dates, p);
            double to = bound(range.get("to"), Double.POSITIVE_INFINITY, field, dates, p);
            Object key = range.get("key");
            ranges.add(new RangeAggregation.Range(key == null ? null : key.toString(), from, to));
        }
        return new RangeAggregation(p.name, subs, field, ranges, p.bool("keyed", false), rendering);
    }

    private AggregationSpec ipRange(AggregationParams p, List<AggregationSpec> subs) {
        FieldSource field = field(p);
        if (!field.unmapped() && field.type() != FieldType.IP) {
            throw new IllegalSearchArgumentException("Field [" + field.name() + "] of type [" + field.type().esName()
                    + "] is not supported for aggregation [ip_range]");
        }
        Object given = p.get("ranges");
        if (!(given instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalSearchArgumentException("No [ranges] specified for the [" + p.name + "] aggregation");
        }
        List<IpRangeAggregation.Range> ranges = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?> range)) {
                throw new AggregationParsingException("[ranges] elements must be objects in [" + p.name + "]");
            }
            for (Object key : range.keySet()) {
                if (!Set.of("from", "to", "key", "mask").contains(key.toString())) {
                    throw new AggregationParsingException("x_content_parse_exception", "[range] unknown field ["
                            + key + "]");
                }
            }
            String key = range.get("key") == null ? null : range.get("key").toString();
            try {
                if (range.get("mask") != null) {
                    if (range.get("from") != null || range.get("to") != null) {
                        throw new IllegalSearchArgumentException("Cannot specify a [mask] with [from] or [to] in ["
                                + p.name + "]");
                    }
                    String mask = range.get("mask").toString();
                    BytesRef[] bounds = IpAddresses.cidrBounds(mask);
                    ranges.add(new IpRangeAggregation.Range(key, bounds[0], bounds[1], mask));
                } else {
                    BytesRef from = range.get("from") == null ? null : IpAddresses.encode(range.get("from").toString());
                    BytesRef to = range.get("to") == null ? null : IpAddresses.encode(range.get("to").toString());
                    ranges.add(new IpRangeAggregation.Range(key, from, to, null));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalSearchArgumentException(e.getMessage());
            }
        }
        return new IpRangeAggregation(p.name, subs, field, ranges, p.bool("keyed", false));
    }

    private double bound(Object value, double open, FieldSource field, boolean dates, AggregationParams p) {
        if (value == null) {
            return open;
        }
        if (dates && value instanceof String text) {
            return dateValue(text, field, p);
        }
        if (dates && value instanceof Number && field.format() != null) {
            // numbers read in the field's format too: 1000 is 1000 seconds in an epoch_second field
            return dateValue(value, field, p);
        }
        return p.number(value, "ranges");
    }

    private long dateValue(Object value, FieldSource field, AggregationParams p) {
        try {
            return (field.format() != null ? field.format() : dev.infraplatform.search.engine.DateFormat.of(null))
                    .toEpochMillis(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalSearchArgumentException("failed to parse date field [" + value + "] with format ["
                    + (field.format() != null ? field.format().pattern() : "strict_date_optional_time||epoch_millis")
                    + "] in [" + p.name + "]");
        }
    }

    private AggregationSpec histogram(AggregationParams p, List<AggregationSpec> subs) {
        FieldSource field = field(p).requireNumeric("histogram");
        Object intervalParam = p.get("interval");
        if (intervalParam == null) {
            throw new IllegalSearchArgumentException("[interval] must be >0 for histogram aggregation [" + p.name
                    + "]");
        }
        double interval = p.number(intervalParam, "interval");
        if (!(interval > 0)) {
            throw new IllegalSearchArgumentException("[interval] must be >0 for histogram aggregation [" + p.name
                    + "]");
        }
        double offset = p.get("offset") == null ? 0 : p.number(p.get("offset"), "offset");
        String format = p.string("format");
        if (format != null) {
            try {
                HistogramAggregation.decimalFormat(format);
            } catch (IllegalArgumentException e) {
                throw new IllegalSearchArgumentException("Invalid format [" + format + "] in [" + p.name + "]: "
                        + e.getMessage());
            }
        }
        HistogramAggregation.KeysFactory keys = HistogramAggregation.numeric(field, interval, offset, format);
        HistogramAggregation.Keys rounder = keys.create();
        Long extendedMin = null;
        Long extendedMax = null;
        if (p.get("extended_bounds") instanceof Map<?, ?> bounds) {
            if (bounds.get("min") != null) {
                extendedMin = rounder.keyOfRaw(rawOfDouble(field, p.number(bounds.get("min"), "extended_bounds")));
            }
            if (bounds.get("max") != null) {
                extendedMax = rounder.keyOfRaw(rawOfDouble(field, p.number(bounds.get("max"), "extended_bounds")));
            }
        }
        Long missing = p.get("missing") == null ? null : rawOfDouble(field, p.number(p.get("missing"), "missing"));
        return new HistogramAggregation(p.name, subs, field, keys, minDocCount(p), extendedMin, extendedMax,
                p.bool("keyed", false), order(p, subs, new BucketOrder(List.of(new BucketOrder.Item("_key", true)))),
                missing);
    }

    /** The doc-values long of a number in a field's encoding, so that histogram keys can be computed from it. */
    private static long rawOfDouble(FieldSource field, double value) {
        if (field.type() == FieldType.DOUBLE) {
            return NumericUtils.doubleToSortableLong(value);
        }
        if (field.type() == FieldType.FLOAT) {
            return NumericUtils.floatToSortableInt((float) value);
        }
        return (long) Math.floor(value);
    }

    private AggregationSpec dateHistogram(AggregationParams p, List<AggregationSpec> subs) {
        FieldSource field = field(p).requireNumeric("date_histogram");
        if (p.get("interval") != null) {
            throw new AggregationParsingException("x_content_parse_exception", "[date_histogram] unknown field "
                    + "[interval]; use [fixed_interval] or [calendar_interval]");
        }
        ZoneId zone = timeZone(p);
        long offset = p.get("offset") == null ? 0 : DateRounding.parseTime(p.string("offset"),
                "date_histogram.offset");
        String calendar = p.string("calendar_interval");
        String fixed = p.string("fixed_interval");
        if (calendar != null && fixed != null) {
            throw new IllegalSearchArgumentException("Cannot use [fixed_interval] with [calendar_interval] "
                    + "configuration option.");
        }
        if (calendar == null && fixed == null) {
            throw new IllegalSearchArgumentException("Invalid interval specified, must be non-null and non-empty");
        }
        DateRounding rounding = calendar != null ? DateRounding.calendar(calendar, zone, offset)
                : DateRounding.fixed(fixed, zone, offset);
        String format = p.string("format");
        DateRendering rendering = DateRendering.of(format != null ? format
                : field.format() != null ? field.format().pattern() : null, zone);
        HistogramAggregation.KeysFactory keys = HistogramAggregation.dates(rounding, rendering);
        HistogramAggregation.Keys rounder = keys.create();
        Long extendedMin = null;
        Long extendedMax = null;
        if (p.get("extended_bounds") instanceof Map<?, ?> bounds) {
            if (bounds.get("min") != null) {
                extendedMin = rounder.keyOfRaw(dateValue(bounds.get("min"), field, p));
            }
            if (bounds.get("max") != null) {
                extendedMax = rounder.keyOfRaw(dateValue(bounds.get("max"), field, p));
            }
        }
        Long missing = p.get("missing") == null ? null : dateValue(p.get("missing"), field, p);
        return new HistogramAggregation(p.name, subs, field, keys, minDocCount(p), extendedMin, extendedMax,
                p.bool("keyed", false), order(p, subs, new BucketOrder(List.of(new BucketOrder.Item("_key", true)))),
                missing);
    }

    private static long minDocCount(AggregationParams p) {
        long minDocCount = p.longValue("min_doc_count", 0);
        if (minDocCount < 0) {
            throw new IllegalSearchArgumentException("[minDocCount] must be greater than or equal to 0. Found ["
                    + minDocCount + "] in [" + p.name + "]");
        }
        return minDocCount;
    }

    private static ZoneId timeZone(AggregationParams p) {
        String zone = p.string("time_zone");
        if (zone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone).normalized();
        } catch (DateTimeException e) {
            throw new IllegalSearchArgumentException("Unknown time-zone ID: " + zone);
        }
    }

    @SuppressWarnings("unchecked")
    private AggregationSpec filters(AggregationParams p, List<AggregationSpec> subs) {
        Object given = p.get("filters");
        List<String> keys = new ArrayList<>();
        List<Query> parsed = new ArrayList<>();
        boolean keyed;
        if (given instanceof Map<?, ?> named) {
            keyed = true;
            for (Map.Entry<?, ?> entry : named.entrySet()) {
                keys.add(entry.getKey().toString());
                parsed.add(queries.apply((Map<String, Object>) entry.getValue()));
            }
        } else if (given instanceof List<?> list) {
            keyed = false;
            for (int i = 0; i < list.size(); i++) {
                keys.add(Integer.toString(i));
                parsed.add(queries.apply((Map<String, Object>) list.get(i)));
            }
        } else {
            throw new IllegalSearchArgumentException("[filters] cannot be empty.");
        }
        keyed = p.bool("keyed", keyed);
        return FilterAggregation.filters(p.name, subs, keys, parsed, keyed);
    }
}
