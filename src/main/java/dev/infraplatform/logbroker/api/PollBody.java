package dev.infraplatform.logbroker.api;

import dev.infraplatform.web.BinaryEncoding;
import dev.infraplatform.logbroker.group.PollResult;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A poll answer written straight from the engine's records, as {@link FetchBody}; its JSON is
 * {@link ConsumerGroupDtos.PollResponse}'s. The encoding is checked when the body is made, inside
 * the poll, so a record that cannot be sent (406) does not move the member's positions.
 */
record PollBody(PollResult result, BinaryEncoding encoding) implements RecordsBody {

    PollBody {
        for (PollResult.PolledRecord polled : result.records()) {
            FetchBody.check(polled.record(), encoding);
        }
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        RecordsJson json = new RecordsJson(out, encoding);
        json.raw("{\"generation\":").number(result.generation()).raw(",\"assignments\":[");
        boolean first = true;
        for (TopicPartition assigned : result.assignments()) {
            json.raw(first ? "{" : ",{").name("topic").string(assigned.topic().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), false).raw(",\"partition\":").number(assigned.partition())
                    .raw((byte) '}');
            first = false;
        }
        json.raw("],\"records\":[");
        first = true;
        for (PollResult.PolledRecord polled : result.records()) {
            if (!first) {
                json.raw((byte) ',');
            }
            first = false;
            json.record(polled.record(), polled.topic(), polled.partition());
        }
        json.raw("]}");
        json.flush();
    }
}
