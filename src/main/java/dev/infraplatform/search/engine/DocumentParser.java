package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.Mapping.Mapper;
import dev.infraplatform.search.engine.Mapping.ObjectMapping;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FloatField;
import org.apache.lucene.document.FloatPoint;
import org.apache.lucene.document.InetAddressPoint;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a document's {@code _source} into Lucene fields under an index's mapping, mapping unmapped
 * fields dynamically as Elasticsearch does: strings → {@code date} if they read as
 * {@code strict_date_optional_time}, else {@code text} with a {@code keyword} subfield (ignore_above
 * 256); whole numbers → {@code long}; decimals → {@code float}; booleans; objects → object
 * mappings with dotted field paths; arrays → their elements' type. O(size of the source).
 *
 * <p>Lucene fields by type: text → {@link TextField}; keyword → {@link KeywordField} (terms and
 * sorted-set doc values); long, integer, double, float → points and doc values; date → epoch
 * milliseconds as a long; boolean → the terms {@code T} and {@code F}, as Elasticsearch indexes them.
 */
public final class DocumentParser {

    /** The fields of one document and the mapping it leaves behind (the same one if nothing was added). */
    public record Parsed(List<IndexableField> fields, Mapping mapping) {
    }

    /**
     * The field listing, per document, the fields it has a value in that have no doc values, so that
     * {@code exists} can find them (Elasticsearch's {@code _field_names}).
     */
    public static final String FIELD_NAMES = "_field_names";

    private final String id;
    private Mapping mapping;
    private final List<IndexableField> fields = new ArrayList<>(16);
    /** Paths listed in {@link #FIELD_NAMES} and binary doc values given, made when first needed (most documents need neither). */
    private Set<String> fieldNames;
    private Set<String> binaryDocValues;

    private DocumentParser(String id, Mapping mapping) {
        this.id = id;
        this.mapping = mapping;
    }

    public static Parsed parse(String id, Map<String, Object> source, Mapping mapping) {
        DocumentParser parser = new DocumentParser(id, mapping);
        parser.parseObject("", source);
        return new Parsed(Collections.unmodifiableList(parser.fields), parser.mapping);
    }

    private void parseObject(String prefix, Map<String, Object> object) {
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.isBlank()) {
                throw new MapperParsingException("failed to parse: field name cannot be an empty string");
            }
            if (onlyDots(name)) {
                throw new MapperParsingException("field name cannot contain only the character [.]");
            }
            if (prefix.isEmpty() && name.startsWith("_")) {
                throw new MapperParsingException("Field [" + name + "] is a metadata field and cannot be added inside"
                        + " a document. Use the index API request parameters.");
            }
            parseValue(prefix.isEmpty() ? name : prefix + name, entry.getValue());
        }
    }

    private static boolean onlyDots(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) != '.') {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private void parseValue(String path, Object value) {
        Mapper mapper = mapping.lookup(path);
        if (value == null) {
            if (mapper instanceof FieldMapping field && field.options().nullValue() != null) {
                indexAll(path, field, field.options().nullValue());
            }
            return;
        }
        if (value instanceof List<?> list) {
            if (mapper instanceof FieldMapping field && field.type() == FieldType.GEO_POINT && isPointArray(list)) {
                indexAll(path, field, value);
                return;
            }
            for (Object element : list) {
                parseValue(path, element);
            }
            return;
        }
        if (value instanceof Map<?, ?> object) {
            if (mapper instanceof FieldMapping field) {
                if (field.type() == FieldType.GEO_POINT || field.type().range()) {
                    indexAll(path, field, value);
                    return;
                }
                throw new MapperParsingException("failed to parse field [" + path + "] of type ["
                        + field.type().esName() + "] in document with id '" + id
                        + "'. Preview of field's value: '" + value + "'");
            }
            if (mapper == null && !addDynamic(path, dynamicObject(path))) {
                return;
            }
            parseObject(path + ".", (Map<String, Object>) object);
            return;
        }
        if (mapper instanceof ObjectMapping) {
            throw new MapperParsingException("object mapping for [" + path + "] tried to parse field [" + path
                    + "] as object, but found a concrete value");
        }
        FieldMapping field = (FieldMapping) mapper;
        if (field == null) {
            Mapper dynamic = dynamicMapping(path, value);
            if (!addDynamic(path, dynamic)) {
                return;
            }
            if (!(dynamic instanceof FieldMapping dynamicField)) {
                throw new MapperParsingException("object mapping for [" + path + "] tried to parse field [" + path
                        + "] as object, but found a concrete value");
            }
            field = dynamicField;
        }
        indexAll(path, field, value);
    }

    /** The field, its multi-fields and its {@code copy_to} targets. */
    private void indexAll(String path, FieldMapping field, Object value) {
        index(path, field, value);
        field.fields().forEach((name, sub) -> index(path + "." + name, sub, value));
        for (String target : field.options().copyTo()) {
            Mapper targetMapper = mapping.lookup(target);
            if (targetMapper instanceof FieldMapping targetField) {
                index(target, targetField, value);
                targetField.fields().forEach((name, sub) -> index(target + "." + name, sub, value));
            } else if (targetMapper == null && !(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
                Mapper dynamic = dynamicMapping(target, value);
                if (dynamic instanceof FieldMapping dynamicField && addDynamic(target, dynamicField)) {
                    index(target, dynamicField, value);
                }
            } else if (targetMapper instanceof ObjectMapping) {
                throw new MapperParsingException("Cannot copy field [" + path + "] to object [" + target + "]");
            }
        }
    }

    private static boolean isPointArray(List<?> list) {
        return list.size() >= 2 && list.size() <= 3 && list.stream().allMatch(Number.class::isInstance);
    }

    /** The JSON type dynamic mapping sees in a value, by the names of {@code match_mapping_type}. */
    private static String dynamicType(Object value) {
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return "long";
        }
        if (value instanceof Number) {
            return "double";
        }
        return DateFormat.looksLikeDate(value.toString()) ? "date" : "string";
    }

    /** The mapper of the first dynamic template that matches, or {@code null}. */
    private Mapper fromTemplate(String path, String dynamicType) {
        for (DynamicTemplate template : mapping.dynamicTemplates()) {
            if (template.matches(path, dynamicType)) {
                return template.mappingFor(path, dynamicType);
            }
        }
        return null;
    }

    private Mapper dynamicObject(String path) {
        Mapper templated = fromTemplate(path, "object");
        if (templated != null) {
            return templated;
        }
        requireTemplateIfStrict(path);
        return new ObjectMapping(Map.of());
    }

    private Mapper dynamicMapping(String path, Object value) {
        Mapper templated = fromTemplate(path, dynamicType(value));
        if (templated != null) {
            return templated;
        }
        requireTemplateIfStrict(path);
        if (value instanceof Boolean) {
            return FieldMapping.of(FieldType.BOOLEAN);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return FieldMapping.of(FieldType.LONG);
        }
        if (value instanceof Number) {
            return FieldMapping.of(FieldType.FLOAT);
        }
        String text = value.toString();
        return DateFormat.looksLikeDate(text) ? FieldMapping.of(FieldType.DATE) : FieldMapping.dynamicText();
    }

    /** {@code strict_allow_templates}: a new field no template maps is refused. */
    private void requireTemplateIfStrict(String path) {
        if (mapping.dynamic().equals("strict_allow_templates")) {
            int dot = path.lastIndexOf('.');
            throw new StrictDynamicMappingException("strict_allow_templates", path.substring(dot + 1),
                    dot < 0 ? "_doc" : path.substring(0, dot));
        }
    }

    /** Adds a dynamic mapper at {@code path}; false if the mapping's {@code dynamic: false} says to skip the field. */
    private boolean addDynamic(String path, Mapper mapper) {
        switch (mapping.dynamic()) {
            case "false" -> {
                return false;
            }
            case "strict" -> {
                int dot = path.lastIndexOf('.');
                throw new StrictDynamicMappingException(path.substring(dot + 1),
                        dot < 0 ? "_doc" : path.substring(0, dot));
            }
            default -> {
                String[] parts = path.split("\\.");
                Mapper node = mapper;
                for (int i = parts.length - 1; i > 0; i--) {
                    node = new ObjectMapping(Map.of(parts[i], node));
                }
                mapping = mapping.mergeProperties(new ObjectMapping(Map.of(parts[0], node)));
                return true;
            }
        }
    }

    private void index(String path, FieldMapping field, Object value) {
        try {
            indexValue(path, field, value);
        } catch (IllegalArgumentException | ArithmeticException | ClassCastException e) {
            if (Boolean.TRUE.equals(field.options().ignoreMalformed())) {
                return;
            }
            throw new MapperParsingException("failed to parse field [" + path + "] of type [" + field.type().esName()
                    + "] in document with id '" + id + "'. Preview of field's value: '" + value + "'");
        }
    }

    /**
     * The Lucene fields of one value. Searchable ({@code index}) values get points or terms, others
     * doc values only ({@code doc_values}); a field with no doc values is recorded in
     * {@code _field_names} so that {@code exists} finds it, as Elasticsearch does.
     */
    private void indexValue(String path, FieldMapping field, Object value) {
        boolean indexed = field.indexed();
        boolean docValues = field.hasDocValues();
        FieldType type = field.type();
        switch (type) {
            case TEXT -> {
                if (indexed) {
                    fields.add(new TextField(path, value.toString(), Field.Store.NO));
                }
                store(path, field, value.toString());
            }
            case KEYWORD -> {
                String text = value.toString();
                if (field.ignoreAbove() == null || text.length() <= field.ignoreAbove()) {
                    terms(path, new BytesRef(text), indexed, docValues);
                    store(path, field, text);
                }
            }
            case BOOLEAN -> {
                boolean bool = toBoolean(value);
                terms(path, new BytesRef(bool ? "T" : "F"), indexed, docValues);
                store(path, field, bool ? 1 : 0);
            }
            case LONG -> {
                long parsed = toLong(value, field);
                longs(path, parsed, indexed, docValues);
                store(path, field, parsed);
            }
            case UNSIGNED_LONG -> {
                long encoded = UnsignedLongs.encode(value, !Boolean.FALSE.equals(field.options().coerce()));
                longs(path, encoded, indexed, docValues);
                store(path, field, encoded);
            }
            case INTEGER, SHORT, BYTE -> {
                long parsed = toLong(value, field);
                long min = type == FieldType.BYTE ? Byte.MIN_VALUE : type == FieldType.SHORT ? Short.MIN_VALUE
                        : Integer.MIN_VALUE;
                long max = type == FieldType.BYTE ? Byte.MAX_VALUE : type == FieldType.SHORT ? Short.MAX_VALUE
                        : Integer.MAX_VALUE;
                if (parsed < min || parsed > max) {
                    throw new IllegalArgumentException("Value [" + value + "] is out of range for a " + type.esName());
                }
                ints(path, (int) parsed, indexed, docValues);
                store(path, field, (int) parsed);
            }
            case DOUBLE -> {
                double parsed = toDouble(value, field);
                doubles(path, parsed, indexed, docValues);
                store(path, field, parsed);
            }
            case SCALED_FLOAT -> {
                double factor = field.options().scalingFactor();
                double scaled = Math.round(toDouble(value, field) * factor) / factor;
                doubles(path, scaled, indexed, docValues);
                store(path, field, scaled);
            }
            case FLOAT -> {
                float parsed = (float) toDouble(value, field);
                floats(path, parsed, indexed, docValues);
                store(path, field, parsed);
            }
            case HALF_FLOAT -> {
                float single = (float) toDouble(value, field);
                float half = Float.float16ToFloat(Float.floatToFloat16(single));
                if (Float.isInfinite(half)) {
                    throw new IllegalArgumentException("[half_float] supports only finite values");
                }
                floats(path, half, indexed, docValues);
                store(path, field, half);
            }
            case DATE, DATE_NANOS -> {
                long millis = field.dateFormat().toEpochMillis(value);
                longs(path, millis, indexed, docValues);
                store(path, field, millis);
            }
            case IP -> {
                InetAddress address = IpAddresses.parse(value.toString());
                if (indexed) {
                    fields.add(new InetAddressPoint(path, address));
                }
                if (docValues) {
                    fields.add(new SortedSetDocValuesField(path, new BytesRef(InetAddressPoint.encode(address))));
                }
                store(path, field, new BytesRef(InetAddressPoint.encode(address)));
            }
            case BINARY -> {
                byte[] bytes = Base64.getDecoder().decode(value.toString().replaceAll("\\s", ""));
                if (docValues && firstBinaryDocValue(path)) {
                    fields.add(new BinaryDocValuesField(path, new BytesRef(bytes)));
                }
                if (Boolean.TRUE.equals(field.options().store())) {
                    fields.add(new StoredField(path, bytes));
                }
            }
            case GEO_POINT -> {
                double[] point = GeoPoints.parse(value);
                if (indexed) {
                    fields.add(new LatLonPoint(path, point[0], point[1]));
                }
                if (docValues) {
                    fields.add(new LatLonDocValuesField(path, point[0], point[1]));
                }
            }
            case INTEGER_RANGE, LONG_RANGE, DOUBLE_RANGE, DATE_RANGE -> fields.add(RangeValues.field(path, field, value));
        }
        if ((!docValues || type.range()) && type != FieldType.TEXT && firstFieldName(path)) {
            fields.add(new StringField(FIELD_NAMES, path, Field.Store.NO));
        }
    }

    /**
     * A {@code store: true} field's value, kept apart from {@code _source} ({@link StoredFields}
     * reads it back): strings as strings, numbers in their type (booleans as 1 or 0, dates as
     * epoch milliseconds), addresses encoded.
     */
    private void store(String path, FieldMapping field, Object value) {
        if (!Boolean.TRUE.equals(field.options().store())) {
            return;
        }
        fields.add(switch (value) {
            case String text -> new StoredField(path, text);
            case Integer number -> new StoredField(path, number);
            case Long number -> new StoredField(path, number);
            case Float number -> new StoredField(path, number);
            case Double number -> new StoredField(path, number);
            case BytesRef bytes -> new StoredField(path, bytes);
            default -> throw new IllegalStateException("no stored form for " + value.getClass());
        });
    }

    private boolean firstFieldName(String path) {
        if (fieldNames == null) {
            fieldNames = new HashSet<>();
        }
        return fieldNames.add(path);
    }

    private boolean firstBinaryDocValue(String path) {
        if (binaryDocValues == null) {
            binaryDocValues = new HashSet<>();
        }
        return binaryDocValues.add(path);
    }

    private void terms(String path, BytesRef term, boolean indexed, boolean docValues) {
        if (indexed && docValues) {
            fields.add(new KeywordField(path, term, Field.Store.NO));
        } else if (indexed) {
            fields.add(new StringField(path, term, Field.Store.NO));
        } else if (docValues) {
            fields.add(new SortedSetDocValuesField(path, term));
        }
    }

    private void longs(String path, long value, boolean indexed, boolean docValues) {
        if (indexed && docValues) {
            fields.add(new LongField(path, value, Field.Store.NO));
        } else if (indexed) {
            fields.add(new LongPoint(path, value));
        } else if (docValues) {
            fields.add(new SortedNumericDocValuesField(path, value));
        }
    }

    private void ints(String path, int value, boolean indexed, boolean docValues) {
        if (indexed && docValues) {
            fields.add(new IntField(path, value, Field.Store.NO));
        } else if (indexed) {
            fields.add(new IntPoint(path, value));
        } else if (docValues) {
            fields.add(new SortedNumericDocValuesField(path, value));
        }
    }

    private void doubles(String path, double value, boolean indexed, boolean docValues) {
        if (indexed && docValues) {
            fields.add(new DoubleField(path, value, Field.Store.NO));
        } else if (indexed) {
            fields.add(new DoublePoint(path, value));
        } else if (docValues) {
            fields.add(new SortedNumericDocValuesField(path, NumericUtils.doubleToSortableLong(value)));
        }
    }

    private void floats(String path, float value, boolean indexed, boolean docValues) {
        if (indexed && docValues) {
            fields.add(new FloatField(path, value, Field.Store.NO));
        } else if (indexed) {
            fields.add(new FloatPoint(path, value));
        } else if (docValues) {
            fields.add(new SortedNumericDocValuesField(path, NumericUtils.floatToSortableInt(value)));
        }
    }

    private static long toLong(Object value, FieldMapping field) {
        if (Boolean.FALSE.equals(field.options().coerce()) && !(value instanceof Integer || value instanceof Long
                || value instanceof BigInteger)) {
            throw new IllegalArgumentException("Value [" + value + "] is not a whole number and [coerce] is false");
        }
        return toLong(value);
    }

    private static double toDouble(Object value, FieldMapping field) {
        if (Boolean.FALSE.equals(field.options().coerce()) && !(value instanceof Number)) {
            throw new IllegalArgumentException("Value [" + value + "] is not a number and [coerce] is false");
        }
        return toDouble(value);
    }

    /** Whole numbers as they are; decimals and numeric strings truncated, as Elasticsearch's {@code coerce}. */
    private static long toLong(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.longValueExact();
        }
        if (value instanceof Boolean) {
            throw new IllegalArgumentException("boolean");
        }
        BigDecimal decimal = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(value.toString().trim());
        return decimal.toBigInteger().longValueExact();
    }

    private static double toDouble(Object value) {
        if (value instanceof Boolean) {
            throw new IllegalArgumentException("boolean");
        }
        double parsed = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString().trim());
        if (!Double.isFinite(parsed)) {
            throw new IllegalArgumentException("not finite");
        }
        return parsed;
    }

    private static boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString()) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException("Failed to parse value [" + value
                    + "] as only [true] or [false] are allowed.");
        };
    }
}
