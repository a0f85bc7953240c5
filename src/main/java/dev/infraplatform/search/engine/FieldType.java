package dev.infraplatform.search.engine;

import java.util.Locale;

/** The field types a mapping may declare, by their Elasticsearch names. */
public enum FieldType {
    TEXT, KEYWORD, LONG, INTEGER, DOUBLE, FLOAT, BOOLEAN, DATE;

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

    public boolean numeric() {
        return this == LONG || this == INTEGER || this == DOUBLE || this == FLOAT;
    }
}
