package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;

import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's {@code stored_fields}: the values of the requested fields mapped with
 * {@code store: true}, as the document parser stored them ({@code DocumentParser#store}), printed
 * as Elasticsearch prints them — strings, numbers, booleans, dates in the field's format,
 * addresses as text. Requested names that are not stored fields (or {@code _source}, which the
 * caller handles) add nothing. O(stored values of the requested fields).
 */
public final class StoredFields {

    /** No {@code stored_fields} asked for. */
    static final StoredFields NONE = new StoredFields(List.of());

    private record Field(String name, FieldMapping mapping) {
    }

    private final List<Field> fields;

    private StoredFields(List<Field> fields) {
        this.fields = fields;
    }

    /** The requested names that are stored fields under the mapping. */
    static StoredFields resolve(List<String> names, Mapping mapping) {
        List<Field> fields = new ArrayList<>();
        for (String name : names) {
            if (mapping.lookup(name) instanceof FieldMapping field && Boolean.TRUE.equals(field.options().store())) {
                fields.add(new Field(name, field));
            }
        }
        return fields.isEmpty() ? NONE : new StoredFields(List.copyOf(fields));
    }

    /**
     * The requested stored fields of a document read from Lucene ({@code null} when none has a
     * value, as Elasticsearch then omits {@code fields}).
     */
    Map<String, List<Object>> read(Document document) {
        if (fields.isEmpty()) {
            return null;
        }
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Field field : fields) {
            List<Object> printed = new ArrayList<>();
            for (IndexableField stored : document.getFields(field.name())) {
                printed.add(print(field.mapping(), stored));
            }
            if (!printed.isEmpty()) {
                values.put(field.name(), printed);
            }
        }
        return values.isEmpty() ? null : values;
    }

    /**
     * The requested stored fields of the document a source makes under a mapping: what the index
     * stores for it (a realtime get may read a document no searcher sees yet).
     */
    static Map<String, List<Object>> ofSource(String id, byte[] source, List<String> names, Mapping mapping) {
        StoredFields resolved = resolve(names, mapping);
        if (resolved.fields.isEmpty()) {
            return null;
        }
        Document document = new Document();
        for (IndexableField field : DocumentParser.parse(id, JsonSource.parse(source), mapping).fields()) {
            if (field.fieldType().stored()) {
                document.add(field);
            }
        }
        return resolved.read(document);
    }

    private static Object print(FieldMapping field, IndexableField stored) {
        return switch (field.type()) {
            case BOOLEAN -> stored.numericValue().intValue() == 1;
            case DATE, DATE_NANOS -> DateRendering.of(field.dateFormat()).print(stored.numericValue().longValue());
            case IP -> IpAddresses.format(stored.binaryValue());
            case UNSIGNED_LONG -> UnsignedLongs.decode(stored.numericValue().longValue());
            case BINARY -> java.util.Base64.getEncoder().encodeToString(BytesRef.deepCopyOf(stored.binaryValue()).bytes);
            default -> stored.numericValue() != null ? stored.numericValue() : stored.stringValue();
        };
    }
}
