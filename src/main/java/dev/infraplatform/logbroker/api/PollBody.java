package dev.infraplatform.logbroker.api;

import dev.infraplatform.logbroker.group.PollResult;
import org.apache.kafka.common.TopicPartition;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A poll answer written straight from the engine's records, as {@link FetchBody}; its JSON is
 * {@link ConsumerGroupDtos.PollResponse}'s. The encoding is checked when the body is made, inside
 * the poll, so a record that cannot be sent (406) does not move the member's positions.
 */
@JsonSerialize(using = PollBody.Writer.class)
record PollBody(PollResult result, RecordEncoding encoding) {

    PollBody {
        for (PollResult.PolledRecord polled : result.records()) {
            FetchBody.check(polled.record(), encoding);
        }
    }

    static final class Writer extends ValueSerializer<PollBody> {

        @Override
        public void serialize(PollBody body, JsonGenerator json, SerializationContext context) {
            json.writeStartObject();
            json.writeNumberProperty("generation", body.result().generation());
            json.writeName("assignments");
            json.writeStartArray();
            for (TopicPartition assigned : body.result().assignments()) {
                json.writeStartObject();
                json.writeStringProperty("topic", assigned.topic());
                json.writeNumberProperty("partition", assigned.partition());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeName("records");
            json.writeStartArray();
            for (PollResult.PolledRecord polled : body.result().records()) {
                json.writeStartObject();
                json.writeStringProperty("topic", polled.topic());
                json.writeNumberProperty("partition", polled.partition());
                FetchBody.writeFields(polled.record(), body.encoding(), json);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }
}
