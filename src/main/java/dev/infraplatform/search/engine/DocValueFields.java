package dev.infraplatform.search.engine;

import dev.infraplatform.search.engine.Mapping.FieldMapping;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.NumericUtils;

import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Elasticsearch's {@code docvalue_fields}: per hit, the values of the named fields read from their
 * doc values (sorted, as doc values keep them) into the hit's {@code fields}. Keywords as strings,
 * long and integer fields as longs, double and float fields as doubles, booleans as
 * {@code true}/{@code false}, dates in {@code strict_date_optional_time} (UTC, milliseconds); a
 * numeric {@code format} is a {@link DecimalFormat} pattern ({@code "#.0"}), a date {@code format}
 * a date pattern. Unmapped fields show nothing, as in Elasticsearch; text fields have no doc values
 * and are refused when the search is parsed. Resolved once per index and search, immutable.
 * O(values of the fields) per hit.
 */
final class DocValueFields {

    /** No {@code docvalue_fields}: hits show no {@code fields}. */
    static final DocValueFields NONE = new DocValueFields(List.of());

    private static final DateTimeFormatter DEFAULT_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Field(String name, FieldType type, String format) {
    }

    private final List<Field> fields;

    private DocValueFields(List<Field> fields) {
        this.fields = fields;
    }

    /**
     * Resolves the requested fields under a mapping.
     *
     * @throws IllegalSearchArgumentException for a text field (no doc values)
     */
    static DocValueFields resolve(List<SearchRequest.DocValueField> requested, Mapping mapping) {
        if (requested.isEmpty()) {
            return NONE;
        }
        List<Field> fields = new ArrayList<>(requested.size());
        for (SearchRequest.DocValueField field : requested) {
            if (!(mapping.lookup(field.field()) instanceof FieldMapping mapped)) {
                continue;
            }
            if (mapped.type() == FieldType.TEXT) {
                throw new IllegalSearchArgumentException("Text fields are not optimised for operations that require "
                        + "per-document field data like aggregations and sorting, so these operations are disabled "
                        + "by default. Please use a keyword field instead. Alternatively, set fielddata=true on ["
                        + field.field() + "] in order to load field data by uninverting the inverted index. Note that "
                        + "this can use significant memory.");
            }
            String format = "use_field_mapping".equals(field.format()) ? null : field.format();
            if (format != null) {
                try {
                    render(new Field(field.field(), mapped.type(), format), 0);
                } catch (IllegalArgumentException e) {
                    throw new IllegalSearchArgumentException("Invalid format [" + format + "] for field ["
                            + field.field() + "]: " + e.getMessage());
                }
            }
            fields.add(new Field(field.field(), mapped.type(), format));
        }
        return new DocValueFields(List.copyOf(fields));
    }

    /** The fields of one document by name ({@code null} when no field has a value, as Elasticsearch omits {@code fields}). */
    Map<String, List<Object>> read(LeafReader reader, int doc) throws IOException {
        if (fields.isEmpty()) {
            return null;
        }
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Field field : fields) {
            List<Object> read = read(reader, doc, field);
            if (!read.isEmpty()) {
                values.put(field.name(), read);
            }
        }
        return values.isEmpty() ? null : values;
    }

    private static List<Object> read(LeafReader reader, int doc, Field field) throws IOException {
        List<Object> values = new ArrayList<>();
        switch (field.type()) {
            case KEYWORD, BOOLEAN -> {
                SortedSetDocValues terms = DocValues.getSortedSet(reader, field.name());
                if (terms.advanceExact(doc)) {
                    for (int i = 0; i < terms.docValueCount(); i++) {
                        String term = terms.lookupOrd(terms.nextOrd()).utf8ToString();
                        values.add(field.type() == FieldType.BOOLEAN ? (Object) "T".equals(term) : term);
                    }
                }
            }
            default -> {
                if (!field.type().numeric() && field.type() != FieldType.DATE) {
                    return values;
                }
                SortedNumericDocValues numbers = DocValues.getSortedNumeric(reader, field.name());
                if (numbers.advanceExact(doc)) {
                    for (int i = 0; i < numbers.docValueCount(); i++) {
                        values.add(render(field, numbers.nextValue()));
                    }
                }
            }
        }
        return values;
    }

    private static Object render(Field field, long raw) {
        Object value = switch (field.type()) {
            case DOUBLE -> NumericUtils.sortableLongToDouble(raw);
            case FLOAT -> (double) NumericUtils.sortableIntToFloat((int) raw);
            case UNSIGNED_LONG -> UnsignedLongs.decode(raw);
            case DATE -> field.format() == null ? DEFAULT_DATE.format(Instant.ofEpochMilli(raw))
                    : DateTimeFormatter.ofPattern(field.format(), Locale.ROOT).withZone(ZoneOffset.UTC)
                    .format(Instant.ofEpochMilli(raw));
            default -> raw;
        };
        if (field.format() != null && value instanceof Number number) {
            return new DecimalFormat(field.format(), DecimalFormatSymbols.getInstance(Locale.ROOT)).format(number);
        }
        return value;
    }
}
