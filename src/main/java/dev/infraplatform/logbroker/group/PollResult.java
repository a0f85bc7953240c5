package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.ConsumedRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.List;

/**
 * What a member's poll returns.
 *
 * @param generation the member's epoch after the poll (a poll is also a heartbeat)
 * @param assignments the partitions the member owns after the poll
 * @param records records of those partitions from the member's fetch positions, in offset order
 *     per partition
 */
public record PollResult(int generation, List<TopicPartition> assignments, List<PolledRecord> records) {

    /** A record and the partition it was read from. */
    public record PolledRecord(String topic, int partition, ConsumedRecord record) {
    }
}
