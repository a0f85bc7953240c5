package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.api.RecordDtos.RecordIn;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads one produced record ({@code {key?, value, headers?, partition?, timestamp?}}) token by
 * token: a produce request carries thousands of them, and the generic record binding (a reflective
 * constructor call per record) was a large share of a produce's time. Unknown members are skipped,
 * as everywhere else in the API.
 */
final class RecordReader extends ValueDeserializer<RecordIn> {

    @Override
    public RecordIn deserialize(JsonParser parser, DeserializationContext context) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            return context.reportInputMismatch(RecordIn.class, "a record is an object {key?, value, headers?, "
                    + "partition?, timestamp?}");
        }
        String key = null;
        String value = null;
        Object headers = null;
        Integer partition = null;
        Long timestamp = null;
        for (String name = parser.nextName(); name != null; name = parser.nextName()) {
            JsonToken token = parser.nextToken();
            switch (name) {
                case "key" -> key = text(parser, token, context, name);
                case "value" -> value = text(parser, token, context, name);
                case "headers" -> headers = token == JsonToken.VALUE_NULL ? null : context.readValue(parser, Object.class);
                case "partition" -> partition = token == JsonToken.VALUE_NULL ? null : integer(parser, token, context);
                case "timestamp" -> timestamp = token == JsonToken.VALUE_NULL ? null : number(parser, token, context);
                default -> parser.skipChildren();
            }
        }
        return new RecordIn(key, value, headers, partition, timestamp);
    }

    private static String text(JsonParser parser, JsonToken token, DeserializationContext context, String name) {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            return context.reportInputMismatch(RecordIn.class, "a record's %s must be a string or null", name);
        }
        return parser.getString();
    }

    private static Integer integer(JsonParser parser, JsonToken token, DeserializationContext context) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            return context.reportInputMismatch(RecordIn.class, "a record's partition must be an integer");
        }
        return parser.getIntValue();
    }

    private static Long number(JsonParser parser, JsonToken token, DeserializationContext context) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            return context.reportInputMismatch(RecordIn.class, "a record's timestamp must be epoch milliseconds");
        }
        return parser.getLongValue();
    }
}
