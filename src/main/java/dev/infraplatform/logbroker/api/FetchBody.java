package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.engine.ConsumedRecord;
import dev.infraplatform.logbroker.engine.FetchResult;
import dev.infraplatform.logbroker.engine.RecordHeader;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

import java.util.List;

/**
 * A fetch answer written straight from the engine's records: keys and values go out as the UTF-8
 * (or base64) of their bytes, without a String or a DTO per record — a fetch of thousands of
 * records is mostly this loop. Its JSON is {@link RecordDtos.FetchResponse}'s. The encoding is
 * checked when the body is made, so a value that is not UTF-8 is refused (406) before anything is
 * written.
 */
@JsonSerialize(using = FetchBody.Writer.class)
record FetchBody(FetchResult result, RecordEncoding encoding) {

    FetchBody {
        for (ConsumedRecord record : result.records()) {
            check(record, encoding);
        }
    }

    private static final SerializableString OFFSET = new SerializedString("offset");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString VALUE = new SerializedString("value");
    private static final SerializableString HEADERS = new SerializedString("headers");
    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");

    static final class Writer extends ValueSerializer<FetchBody> {

        @Override
        public void serialize(FetchBody body, JsonGenerator json, SerializationContext context) {
            json.writeStartObject();
            json.writeName("records");
            writeRecords(body.result().records(), body.encoding(), json);
            json.writeNumberProperty("highWatermark", body.result().highWatermark());
            json.writeNumberProperty("nextOffset", body.result().nextOffset());
            json.writeNumberProperty("logStartOffset", body.result().logStartOffset());
            json.writeEndObject();
        }
    }

    /** {@code [{"offset", "key", "value", "headers", "timestamp"}, …]} */
    static void writeRecords(List<ConsumedRecord> records, RecordEncoding encoding, JsonGenerator json) {
        json.writeStartArray();
        for (ConsumedRecord record : records) {
            json.writeStartObject();
            writeFields(record, encoding, json);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** A record's members {@code "offset", "key", "value", "headers", "timestamp"} into the open object. */
    static void writeFields(ConsumedRecord record, RecordEncoding encoding, JsonGenerator json) {
        json.writeName(OFFSET);
        json.writeNumber(record.offset());
        json.writeName(KEY);
        encoding.write(record.key(), json);
        json.writeName(VALUE);
        encoding.write(record.value(), json);
        json.writeName(HEADERS);
        json.writeStartArray();
        for (RecordHeader header : record.headers()) {
            json.writeStartObject();
            json.writeName(KEY);
            json.writeString(header.key());
            json.writeName(VALUE);
            encoding.write(header.value(), json);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeName(TIMESTAMP);
        json.writeNumber(record.timestamp());
    }

    /** Refuses (406) records the encoding cannot carry, before anything is written. */
    static void check(ConsumedRecord record, RecordEncoding encoding) {
        encoding.check(record.key());
        encoding.check(record.value());
        for (RecordHeader header : record.headers()) {
            encoding.check(header.value());
        }
    }
}
