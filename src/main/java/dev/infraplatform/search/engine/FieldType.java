package dev.infraplatform.search.engine;

import java.util.Locale;

/**
 * The field types a mapping may declare, by their Elasticsearch names. Several types share the
 * Lucene representation of another ({@link #indexedAs}): {@code short} and {@code byte} are
 * indexed as {@code integer}, {@code half_float} as {@code float} (values rounded to half
 * precision), {@code scaled_float} as {@code double} (values rounded to the scaling factor),
 * {@code date_nanos} as {@code date}, so that queries, sorts and aggregations treat them alike.
 */
public enum FieldType {
    TEXT, KEYWORD, LONG, UNSIGNED_LONG, INTEGER, SHORT, BYTE, DOUBLE, FLOAT, HALF_FLOAT, SCALED_FLOAT, BOOLEAN, DATE,
    DATE_NANOS, IP, BINARY, GEO_POINT, INTEGER_RANGE, LONG_RANGE, DOUBLE_RANGE, DATE_RANGE;

    /** The Elasticsearch name, such as {@code keyword}. */
    public String esName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of that name, or {@code null}. */
    public static FieldType of(String name) {
        for (FieldType type : values()) {
            if (type.esName().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The type whose Lucene fields this type's values are indexed as (itself for most types). */
    public FieldType indexedAs() {
        return switch (this) {
            case SHORT, BYTE -> INTEGER;
            case HALF_FLOAT -> FLOAT;
            case SCALED_FLOAT -> DOUBLE;
            case DATE_NANOS -> DATE;
            default -> this;
        };
    }

    public boolean numeric() {
        FieldType base = indexedAs();
        return base == LONG || base == UNSIGNED_LONG || base == INTEGER || base == DOUBLE || base == FLOAT;
    }

    /** Whether the type is one of the range types ({@code integer_range}, …, {@code date_range}). */
    public boolean range() {
        return this == INTEGER_RANGE || this == LONG_RANGE || this == DOUBLE_RANGE || this == DATE_RANGE;
    }

    /**
     * Whether the type has doc values unless the mapping says otherwise ({@code binary} has none, as
     * in Elasticsearch; the range types keep none here: they are not sorted or aggregated on).
     */
    public boolean docValuesByDefault() {
        return this != TEXT && this != BINARY && !range();
    }
}
