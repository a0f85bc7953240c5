package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.logbroker.engine.ConsumedRecord;
import dev.infraplatform.logbroker.engine.FetchResult;
import dev.infraplatform.logbroker.engine.RecordHeader;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A fetch answer written straight from the engine's records ({@link RecordsJson}): keys and values
 * go out from their bytes, without a String or a DTO per record — a fetch of thousands of records
 * is mostly this loop. Its JSON is {@link RecordDtos.FetchResponse}'s. The encoding is checked
 * when the body is made, so a value that is not UTF-8 is refused (406) before anything is written.
 */
record FetchBody(FetchResult result, BinaryEncoding encoding) implements RecordsBody {

    FetchBody {
        for (ConsumedRecord record : result.records()) {
            check(record, encoding);
        }
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        RecordsJson json = new RecordsJson(out, encoding);
        json.raw("{\"records\":[");
        boolean first = true;
        for (ConsumedRecord record : result.records()) {
            if (!first) {
                json.raw((byte) ',');
            }
            first = false;
            json.record(record, null, 0);
        }
        json.raw("],\"highWatermark\":").number(result.highWatermark())
                .raw(",\"nextOffset\":").number(result.nextOffset())
                .raw(",\"logStartOffset\":").number(result.logStartOffset()).raw((byte) '}');
        json.flush();
    }

    /** Refuses (406) records the encoding cannot carry, before anything is written. */
    static void check(ConsumedRecord record, BinaryEncoding encoding) {
        encoding.check(record.key());
        encoding.check(record.value());
        for (RecordHeader header : record.headers()) {
            encoding.check(header.value());
        }
    }
}
