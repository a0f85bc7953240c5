package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.Mapping.Mapper;
import dev.infraplatform.search.engine.Mapping.ObjectMapping;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FloatField;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexableField;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    private final String id;
    private Mapping mapping;
    private final List<IndexableField> fields = new ArrayList<>();

    private DocumentParser(String id, Mapping mapping) {
        this.id = id;
        this.mapping = mapping;
    }

    public static Parsed parse(String id, Map<String, Object> source, Mapping mapping) {
        DocumentParser parser = new DocumentParser(id, mapping);
        parser.parseObject("", source);
        return new Parsed(List.copyOf(parser.fields), parser.mapping);
    }

    private void parseObject(String prefix, Map<String, Object> object) {
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.isBlank()) {
                throw new MapperParsingException("failed to parse: field name cannot be an empty string");
            }
            if (prefix.isEmpty() && name.startsWith("_")) {
                throw new MapperParsingException("Field [" + name + "] is a metadata field and cannot be added inside"
                        + " a document. Use the index API request parameters.");
            }
            parseValue(prefix + name, entry.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private void parseValue(String path, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (Object element : list) {
                parseValue(path, element);
            }
            return;
        }
        Mapper mapper = mapping.lookup(path);
        if (value instanceof Map<?, ?> object) {
            if (mapper instanceof FieldMapping field) {
                throw new MapperParsingException("failed to parse field [" + path + "] of type ["
                        + field.type().esName() + "] in document with id '" + id
                        + "'. Preview of field's value: '" + value + "'");
            }
            if (mapper == null && !addDynamic(path, new ObjectMapping(Map.of()))) {
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
            field = dynamicMapping(value);
            if (!addDynamic(path, field)) {
                return;
            }
        }
        index(path, field, value);
        field.fields().forEach((name, sub) -> index(path + "." + name, sub, value));
    }

    private static FieldMapping dynamicMapping(Object value) {
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
            switch (field.type()) {
                case TEXT -> fields.add(new TextField(path, value.toString(), Field.Store.NO));
                case KEYWORD -> {
                    String text = value.toString();
                    if (field.ignoreAbove() == null || text.length() <= field.ignoreAbove()) {
                        fields.add(new KeywordField(path, text, Field.Store.NO));
                    }
                }
                case LONG -> fields.add(new LongField(path, toLong(value), Field.Store.NO));
                case INTEGER -> fields.add(new IntField(path, Math.toIntExact(toLong(value)), Field.Store.NO));
                case DOUBLE -> fields.add(new DoubleField(path, toDouble(value), Field.Store.NO));
                case FLOAT -> fields.add(new FloatField(path, (float) toDouble(value), Field.Store.NO));
                case BOOLEAN -> fields.add(new KeywordField(path, toBoolean(value) ? "T" : "F", Field.Store.NO));
                case DATE -> fields.add(new LongField(path, field.dateFormat().toEpochMillis(value), Field.Store.NO));
            }
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new MapperParsingException("failed to parse field [" + path + "] of type [" + field.type().esName()
                    + "] in document with id '" + id + "'. Preview of field's value: '" + value + "'");
        }
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
