package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.SortedSetSortField;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code sort}: a list of {@code "field"}, {@code {"field": "asc"|"desc"}} or
 * {@code {"field": {"order": …, "missing": "_last"|"_first"}}}, plus {@code _score} (descending by
 * default) and {@code _doc}. Fields sort on their doc values (keyword, numbers, dates, booleans);
 * text fields cannot be sorted on, as in Elasticsearch without fielddata.
 */
final class SortParser {

    private SortParser() {
    }

    /** {@code null} when the sort is empty or only {@code _score} descending (plain relevance order). */
    static Sort parse(Object sort, Mapping mapping) {
        if (sort == null) {
            return null;
        }
        List<?> entries = sort instanceof List<?> list ? list : List.of(sort);
        List<SortField> fields = new ArrayList<>();
        for (Object entry : entries) {
            if (entry instanceof String name) {
                fields.add(field(name, null, null, null, mapping));
            } else if (entry instanceof Map<?, ?> map && map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String name = only.getKey().toString();
                if (only.getValue() instanceof Map<?, ?> options) {
                    fields.add(field(name, (String) options.get("order"), (String) options.get("missing"),
                            (String) options.get("mode"), mapping));
                } else {
                    fields.add(field(name, only.getValue().toString(), null, null, mapping));
                }
            } else {
                throw new QueryParsingException("[sort] malformed: expected a field name or {field: order}");
            }
        }
        if (fields.isEmpty() || (fields.size() == 1 && fields.getFirst() == SortField.FIELD_SCORE)) {
            return null;
        }
        return new Sort(fields.toArray(SortField[]::new));
    }

    /**
     * One sort field. A document with several values sorts by one of them, as Elasticsearch's
     * {@code mode}: the smallest ascending, the largest descending, unless {@code mode} says
     * {@code min} or {@code max}; numeric fields also sort by the {@code sum}, {@code avg} or
     * {@code median} of their values ({@link MultiValueModeSort}).
     */
    private static SortField field(String name, String order, String missing, String mode, Mapping mapping) {
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw new QueryParsingException("[sort] unknown order [" + order + "], expected [asc] or [desc]");
        }
        MultiValueModeSort.Mode numericMode = mode == null ? null : MultiValueModeSort.Mode.of(mode);
        if (mode != null && numericMode == null && !mode.equals("min") && !mode.equals("max")) {
            throw new IllegalSearchArgumentException("Unknown SortMode [" + mode + "]");
        }
        if (name.equals("_score")) {
            return "asc".equals(order) ? new SortField(null, SortField.Type.SCORE, true) : SortField.FIELD_SCORE;
        }
        if (name.equals("_doc")) {
            return "desc".equals(order) ? new SortField(null, SortField.Type.DOC, true) : SortField.FIELD_DOC;
        }
        boolean reverse = "desc".equals(order);
        boolean missingFirst = "_first".equals(missing);
        boolean largest = mode == null ? reverse : mode.equals("max");
        if (!(mapping.lookup(name) instanceof FieldMapping field)) {
            throw new IllegalSearchArgumentException("No mapping found for [" + name + "] in order to sort on");
        }
        if (field.type() != FieldType.TEXT && !field.hasDocValues()) {
            throw new IllegalSearchArgumentException("Can't load fielddata on [" + name + "] because fielddata is "
                    + "unsupported on fields of type [" + field.type().esName() + "]. Use doc values instead.");
        }
        if (field.type() == FieldType.BINARY || field.type() == FieldType.GEO_POINT || field.type().range()) {
            throw new IllegalSearchArgumentException("Field [" + name + "] of type [" + field.type().esName()
                    + "] does not support sorting");
        }
        if (numericMode != null) {
            if (!field.type().numeric()) {
                throw new IllegalSearchArgumentException("Sort mode [" + mode + "] is not supported by the field ["
                        + name + "] of type [" + field.type().esName() + "]: only numeric fields support it");
            }
            FieldType base = field.type().indexedAs();
            if (base == FieldType.UNSIGNED_LONG) {
                throw new IllegalSearchArgumentException("Sort mode [" + mode + "] is not supported by the field ["
                        + name + "] of type [unsigned_long]: use [min] or [max]");
            }
            boolean whole = base == FieldType.LONG || base == FieldType.INTEGER || base == FieldType.DATE;
            Number missingValue = (Number) (whole ? missing(reverse, missingFirst, Long.MIN_VALUE, Long.MAX_VALUE)
                    : missing(reverse, missingFirst, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
            return new MultiValueModeSort(numericMode, whole, base == FieldType.FLOAT, missingValue)
                    .sortField(name, reverse);
        }
        return switch (field.type().indexedAs()) {
            case TEXT -> throw new IllegalSearchArgumentException("Text fields are not optimised for operations that "
                    + "require per-document field data like aggregations and sorting, so these operations are "
                    + "disabled by default. Please use a keyword field instead.");
            case KEYWORD, BOOLEAN, IP -> {
                SortedSetSelector.Type selector = largest ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN;
                SortedSetSortField sortField = field.type() == FieldType.IP ? new IpSortField(name, reverse, selector)
                        : new SortedSetSortField(name, reverse, selector);
                sortField.setMissingValue(missingFirst != reverse ? SortField.STRING_FIRST : SortField.STRING_LAST);
                yield sortField;
            }
            case LONG, DATE -> numeric(name, SortField.Type.LONG, reverse, largest, missingFirst,
                    Long.MIN_VALUE, Long.MAX_VALUE);
            case UNSIGNED_LONG -> {
                SortedNumericSortField sortField = new UnsignedLongSortField(name, reverse, selector(largest));
                sortField.setMissingValue(missing(reverse, missingFirst, Long.MIN_VALUE, Long.MAX_VALUE));
                yield sortField;
            }
            case INTEGER -> numeric(name, SortField.Type.INT, reverse, largest, missingFirst,
                    Integer.MIN_VALUE, Integer.MAX_VALUE);
            case DOUBLE -> numeric(name, SortField.Type.DOUBLE, reverse, largest, missingFirst,
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            case FLOAT -> numeric(name, SortField.Type.FLOAT, reverse, largest, missingFirst,
                    Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY);
            default -> throw new IllegalSearchArgumentException("Field [" + name + "] of type ["
                    + field.type().esName() + "] does not support sorting");
        };
    }

    /** An {@code unsigned_long} field's sort: by encoded value; hits show their sort value decoded. */
    static final class UnsignedLongSortField extends SortedNumericSortField {
        UnsignedLongSortField(String field, boolean reverse, SortedNumericSelector.Type selector) {
            super(field, SortField.Type.LONG, reverse, selector);
        }
    }

    /** An {@code ip} field's sort: by encoded address; hits show their sort value as the address. */
    static final class IpSortField extends SortedSetSortField {
        IpSortField(String field, boolean reverse, SortedSetSelector.Type selector) {
            super(field, reverse, selector);
        }
    }

    private static SortField numeric(String name, SortField.Type type, boolean reverse, boolean byLargest,
                                     boolean missingFirst, Object smallest, Object largest) {
        SortedNumericSortField field = new SortedNumericSortField(name, type, reverse, selector(byLargest));
        field.setMissingValue(missing(reverse, missingFirst, smallest, largest));
        return field;
    }

    private static SortedNumericSelector.Type selector(boolean byLargest) {
        return byLargest ? SortedNumericSelector.Type.MAX : SortedNumericSelector.Type.MIN;
    }

    /** The value a document without one sorts as: last (or first) whatever the order, as in Elasticsearch. */
    private static Object missing(boolean reverse, boolean missingFirst, Object smallest, Object largest) {
        return missingFirst != reverse ? smallest : largest;
    }
}
