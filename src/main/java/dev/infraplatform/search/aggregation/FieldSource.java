package dev.infraplatform.search.aggregation;

import dev.infraplatform.search.engine.DateFormat;
import dev.infraplatform.search.engine.FieldType;
import dev.infraplatform.search.engine.IllegalSearchArgumentException;
import dev.infraplatform.search.engine.IpAddresses;
import dev.infraplatform.search.engine.Mapping;
import dev.infraplatform.search.engine.Mapping.FieldMapping;
import dev.infraplatform.search.engine.UnsignedLongs;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.NumericUtils;

import java.io.IOException;

/**
 * The field an aggregation reads, resolved under the mapping, and its doc values: keyword fields
 * have sorted-set doc values (ordinals); long, integer, date (epoch millis), double and float
 * sorted-numeric ones ({@link #longs} gives their raw longs, {@link #toDouble} decodes them);
 * booleans are the keyword terms {@code T}/{@code F}, read here as the numbers 1/0. A field that is
 * not mapped has no values ({@code type == null}), as Elasticsearch's unmapped fields. With
 * {@code missing} (a raw long), a document without a value reads as that one value. The metadata
 * field {@code _index} reads as a keyword field whose one value in every document is the index's
 * name ({@code constant}), as in Elasticsearch.
 */
record FieldSource(String name, FieldType type, DateFormat format, Long missing, String constant) {

    private static final BytesRef TRUE = new BytesRef("T");

    FieldSource(String name, FieldType type, DateFormat format, Long missing) {
        this(name, type, format, missing, null);
    }

    /** @param index the name of the index searched (the value of {@code _index}) */
    static FieldSource resolve(String aggregation, String kind, Object field, Mapping mapping, String index) {
        if (field == null) {
            throw new IllegalSearchArgumentException("Required one of fields [field, script], but none were specified. ");
        }
        if (!(field instanceof String name)) {
            throw new AggregationParsingException("[" + kind + "] field must be a string in [" + aggregation + "]");
        }
        if (name.equals("_index")) {
            return new FieldSource(name, FieldType.KEYWORD, null, null, index);
        }
        if (!(mapping.lookup(name) instanceof FieldMapping mapped)) {
            return new FieldSource(name, null, null, null);
        }
        if (mapped.type() == FieldType.TEXT) {
            throw new IllegalSearchArgumentException("Text fields are not optimised for operations that require "
                    + "per-document field data like aggregations and sorting, so these operations are disabled by "
                    + "default. Please use a keyword field instead. Alternatively, set fielddata=true on [" + name
                    + "] in order to load field data by uninverting the inverted index. Note that this can use "
                    + "significant memory.");
        }
        if (!mapped.hasDocValues() || mapped.type() == FieldType.BINARY || mapped.type() == FieldType.GEO_POINT
                || mapped.type().range()) {
            throw new IllegalSearchArgumentException("Can't load fielddata on [" + name + "] because fielddata is "
                    + "unsupported on fields of type [" + mapped.type().esName() + "]. Use doc values instead.");
        }
        // short, byte, half_float, scaled_float and date_nanos read as the type they are indexed as
        FieldType type = mapped.type().indexedAs();
        return new FieldSource(name, type, type == FieldType.DATE ? mapped.dateFormat() : null, null);
    }

    /** A term of {@link #ordinals} as the response shows it: the text, or the address of an {@code ip} field. */
    String keyString(BytesRef term) {
        return type == FieldType.IP ? IpAddresses.format(term) : term.utf8ToString();
    }

    /**
     * The same field where documents without a value read as {@code value} (a metric's
     * {@code missing}); numbers, dates and booleans only.
     */
    FieldSource withMissing(Object value, String kind) {
        if (value == null) {
            return this;
        }
        if (type == FieldType.KEYWORD || type == FieldType.IP) {
            throw new IllegalSearchArgumentException("[missing] is not supported on keyword field [" + name
                    + "] for aggregation [" + kind + "]");
        }
        if (type == null) {
            double number;
            try {
                number = Double.parseDouble(value.toString());
            } catch (NumberFormatException e) {
                if (!kind.equals("cardinality")) {
                    throw new IllegalSearchArgumentException("Cannot use missing value [" + value + "] on unmapped "
                            + "field [" + name + "] for aggregation [" + kind + "]");
                }
                // an unmapped field's text missing value counts as one distinct value
                number = value.toString().hashCode();
            }
            return new FieldSource(name, FieldType.DOUBLE, format, NumericUtils.doubleToSortableLong(number));
        }
        return new FieldSource(name, type, format, rawOf(value));
    }

    /**
     * This unmapped field read as a field that no document has a value in, so that with
     * {@code missing} every document reads as that value, as Elasticsearch treats an unmapped field
     * given a missing value: of the type {@code valueType} names, else of the missing value's own
     * (text: keyword, whole number: long, decimal: double, boolean).
     */
    FieldSource unmappedAs(Object valueType, Object missing) {
        FieldType as = switch (valueType == null ? "" : valueType.toString()) {
            case "string" -> FieldType.KEYWORD;
            case "long", "numeric", "number" -> FieldType.LONG;
            case "unsigned_long" -> FieldType.UNSIGNED_LONG;
            case "double" -> FieldType.DOUBLE;
            case "boolean" -> FieldType.BOOLEAN;
            case "date" -> FieldType.DATE;
            case "ip" -> FieldType.IP;
            case "" -> switch (missing) {
                case Boolean ignored -> FieldType.BOOLEAN;
                case Integer ignored -> FieldType.LONG;
                case Long ignored -> FieldType.LONG;
                case Number ignored -> FieldType.DOUBLE;
                default -> FieldType.KEYWORD;
            };
            default -> throw new IllegalSearchArgumentException("Unknown value type [" + valueType + "]");
        };
        return new FieldSource(name, as, as == FieldType.DATE ? DateFormat.of(DateFormat.DEFAULT) : null, null);
    }

    /** The doc-values long a value stands for in this field ({@code missing} values, bounds). */
    long rawOf(Object value) {
        try {
            return switch (type) {
                case DOUBLE -> NumericUtils.doubleToSortableLong(Double.parseDouble(value.toString()));
                case FLOAT -> NumericUtils.floatToSortableInt(Float.parseFloat(value.toString()));
                case BOOLEAN -> Boolean.parseBoolean(value.toString()) ? 1 : 0;
                case UNSIGNED_LONG -> UnsignedLongs.encode(value, true);
                case DATE -> format.toEpochMillis(value);
                default -> value instanceof Number number ? number.longValue()
                        : new java.math.BigDecimal(value.toString()).longValueExact();
            };
        } catch (RuntimeException e) {
            throw new IllegalSearchArgumentException("Cannot use missing value [" + value + "] on field [" + name
                    + "] of type [" + type.esName() + "]");
        }
    }

    boolean unmapped() {
        return type == null;
    }

    /** Whether the values are terms (keyword; ip as its encoded address) rather than numbers. */
    boolean ordinals() {
        return type == FieldType.KEYWORD || type == FieldType.IP;
    }

    boolean floatingPoint() {
        return type == FieldType.DOUBLE || type == FieldType.FLOAT;
    }

    boolean date() {
        return type == FieldType.DATE;
    }

    /** A metric aggregation needs numbers: a keyword field is refused as Elasticsearch does. */
    FieldSource requireNumeric(String kind) {
        if (type == FieldType.KEYWORD || type == FieldType.IP) {
            throw new IllegalSearchArgumentException("Field [" + name + "] of type [" + type.esName()
                    + "] is not supported for "
                    + "aggregation [" + kind + "]");
        }
        return this;
    }

    SortedSetDocValues ordinals(LeafReader reader) throws IOException {
        return constant == null ? DocValues.getSortedSet(reader, name)
                : DocValues.singleton(constantValue(new BytesRef(constant), reader.maxDoc()));
    }

    /** Every document of a segment with the one value {@code term} (ordinal 0). */
    private static SortedDocValues constantValue(BytesRef term, int maxDoc) {
        return new SortedDocValues() {
            private int doc = -1;

            @Override
            public int ordValue() {
                return 0;
            }

            @Override
            public BytesRef lookupOrd(int ord) {
                return term;
            }

            @Override
            public int getValueCount() {
                return 1;
            }

            @Override
            public boolean advanceExact(int target) {
                doc = target;
                return true;
            }

            @Override
            public int docID() {
                return doc;
            }

            @Override
            public int nextDoc() {
                return advance(doc + 1);
            }

            @Override
            public int advance(int target) {
                doc = target < maxDoc ? target : NO_MORE_DOCS;
                return doc;
            }

            @Override
            public long cost() {
                return maxDoc;
            }
        };
    }

    /** The raw longs of a numeric, date or boolean field (empty when unmapped or a keyword). */
    SortedNumericDocValues longs(LeafReader reader) throws IOException {
        SortedNumericDocValues values;
        if (type == null || type == FieldType.KEYWORD || type == FieldType.IP) {
            values = DocValues.emptySortedNumeric();
        } else if (type == FieldType.BOOLEAN) {
            values = booleans(DocValues.getSortedSet(reader, name));
        } else {
            values = DocValues.getSortedNumeric(reader, name);
        }
        return missing == null ? values : withMissing(values, missing);
    }

    /** Values where a document without any reads as one value {@code raw}. */
    private static SortedNumericDocValues withMissing(SortedNumericDocValues values, long raw) {
        return new SortedNumericDocValues() {
            private boolean present;

            @Override
            public long nextValue() throws IOException {
                return present ? values.nextValue() : raw;
            }

            @Override
            public int docValueCount() {
                return present ? values.docValueCount() : 1;
            }

            @Override
            public boolean advanceExact(int target) throws IOException {
                present = values.advanceExact(target);
                return true;
            }

            @Override
            public int docID() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextDoc() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int advance(int target) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long cost() {
                return values.cost();
            }
        };
    }

    /** A raw long of {@link #longs} as a number. */
    double toDouble(long raw) {
        if (type == FieldType.UNSIGNED_LONG) {
            return UnsignedLongs.toDouble(raw);
        }
        if (type == FieldType.DOUBLE) {
            return NumericUtils.sortableLongToDouble(raw);
        }
        if (type == FieldType.FLOAT) {
            return NumericUtils.sortableIntToFloat((int) raw);
        }
        return raw;
    }

    /** {@code T}/{@code F} ordinals as 1/0 (sorted: F before T, so the values stay ascending). */
    private static SortedNumericDocValues booleans(SortedSetDocValues terms) throws IOException {
        long trueOrd = terms.lookupTerm(TRUE);
        return new SortedNumericDocValues() {
            @Override
            public long nextValue() throws IOException {
                return terms.nextOrd() == trueOrd ? 1 : 0;
            }

            @Override
            public int docValueCount() {
                return terms.docValueCount();
            }

            @Override
            public boolean advanceExact(int target) throws IOException {
                return terms.advanceExact(target);
            }

            @Override
            public int docID() {
                return terms.docID();
            }

            @Override
            public int nextDoc() throws IOException {
                return terms.nextDoc();
            }

            @Override
            public int advance(int target) throws IOException {
                return terms.advance(target);
            }

            @Override
            public long cost() {
                return terms.cost();
            }
        };
    }
}
