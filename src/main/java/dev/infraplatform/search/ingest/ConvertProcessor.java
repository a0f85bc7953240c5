package dev.infraplatform.search.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code convert}: a field (or each element of a list field) converted to {@code integer},
 * {@code long}, {@code float}, {@code double}, {@code boolean}, {@code string} or {@code auto} (a
 * string becomes the first of boolean, integer, long, float, double it reads as, else stays a string),
 * in place or into {@code target_field}. Conversions and messages are Elasticsearch's ("unable to
 * convert [x] to integer"; hexadecimal {@code 0x…} integers are accepted).
 */
final class ConvertProcessor implements Processor {

    private final String field;
    private final String targetField;
    private final String type;
    private final UnaryOperator<Object> conversion;
    private final boolean ignoreMissing;

    private ConvertProcessor(String field, String targetField, String type, UnaryOperator<Object> conversion,
                             boolean ignoreMissing) {
        this.field = field;
        this.targetField = targetField;
        this.type = type;
        this.conversion = conversion;
        this.ignoreMissing = ignoreMissing;
    }

    static Processor create(ProcessorConfig config) {
        String field = config.requiredString("field");
        String type = config.requiredString("type");
        UnaryOperator<Object> conversion = switch (type.toLowerCase(Locale.ROOT)) {
            case "integer" -> ConvertProcessor::toInteger;
            case "long" -> ConvertProcessor::toLong;
            case "float" -> ConvertProcessor::toFloat;
            case "double" -> ConvertProcessor::toDouble;
            case "boolean" -> ConvertProcessor::toBoolean;
            case "string" -> ConvertProcessor::toText;
            case "auto" -> ConvertProcessor::auto;
            default -> throw config.error("type", "type [" + type + "] not supported, cannot convert field.");
        };
        return new ConvertProcessor(field, config.string("target_field", field), type.toLowerCase(Locale.ROOT),
                conversion, config.bool("ignore_missing", false));
    }

    @Override
    public void execute(IngestDocument document) {
        Object value = document.getFieldValue(field, ignoreMissing);
        if (value == null) {
            if (ignoreMissing) {
                return;
            }
            throw new IllegalArgumentException("Field [" + field + "] is null, cannot be converted to type [" + type + "]");
        }
        Object converted;
        if (value instanceof List<?> list) {
            List<Object> elements = new ArrayList<>(list.size());
            list.forEach(element -> elements.add(conversion.apply(element)));
            converted = elements;
        } else {
            converted = conversion.apply(value);
        }
        document.setFieldValue(targetField, converted);
    }

    private static Object toInteger(Object value) {
        String text = value.toString();
        try {
            return text.startsWith("0x") || text.startsWith("-0x") ? Integer.decode(text) : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to convert [" + value + "] to integer", e);
        }
    }

    private static Object toLong(Object value) {
        String text = value.toString();
        try {
            return text.startsWith("0x") || text.startsWith("-0x") ? Long.decode(text) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to convert [" + value + "] to long", e);
        }
    }

    private static Object toFloat(Object value) {
        try {
            return Float.parseFloat(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to convert [" + value + "] to float", e);
        }
    }

    private static Object toDouble(Object value) {
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unable to convert [" + value + "] to double", e);
        }
    }

    private static Object toBoolean(Object value) {
        String text = value.toString();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("[" + value + "] is not a boolean value, cannot convert to boolean");
    }

    private static Object toText(Object value) {
        return value.toString();
    }

    private static Object auto(Object value) {
        if (!(value instanceof String)) {
            return value;
        }
        for (UnaryOperator<Object> conversion : List.<UnaryOperator<Object>>of(ConvertProcessor::toBoolean,
                ConvertProcessor::toInteger, ConvertProcessor::toLong, ConvertProcessor::toFloat,
                ConvertProcessor::toDouble)) {
            try {
                return conversion.apply(value);
            } catch (IllegalArgumentException e) {
                // not this type: try the next one
            }
        }
        return value;
    }
}
