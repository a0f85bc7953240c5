package dev.infraplatform.logbroker.group;

import dev.infraplatform.logbroker.engine.ConsumedRecord;
import dev.infraplatform.logbroker.engine.FetchResult;
import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Partition;
import dev.infraplatform.logbroker.group.PollResult.PolledRecord;
import dev.infraplatform.storage.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of a member's poll: records of its owned partitions from their fetch positions, up to
 * {@code maxRecords} and {@code maxBytes} in all, starting at a rotating partition so that a busy
 * partition cannot starve the others. A position that retention left behind (or that lies past
 * the log end) moves by the member's {@link AutoOffsetReset}, as a Kafka consumer's does. Takes no
 * group lock; the caller applies {@link #newPositions} afterwards.
 */
final class MemberFetch {

    private final List<PolledRecord> records = new ArrayList<>();
    private final Map<TopicPartition, Long> newPositions = new HashMap<>();

    private MemberFetch() {
    }

    /**
     * @param positions the owned partitions and their positions, in partition order
     * @param cursor the rotation: partition {@code cursor % size} is read first
     */
    static MemberFetch read(LogBroker broker, List<Map.Entry<TopicPartition, Long>> positions, int cursor,
                            int maxRecords, int maxBytes, AutoOffsetReset reset) throws InterruptedException {
        MemberFetch fetch = new MemberFetch();
        int count = positions.size();
        long bytesLeft = maxBytes;
        for (int i = 0; i < count && fetch.records.size() < maxRecords && bytesLeft > 0; i++) {
            Map.Entry<TopicPartition, Long> entry = positions.get(Math.floorMod(cursor + i, count));
            TopicPartition partition = entry.getKey();
            long position = entry.getValue();
            FetchResult result;
            try {
                try {
                    result = broker.fetch(partition.topic(), partition.partition(), position,
                            maxRecords - fetch.records.size(), (int) bytesLeft, Duration.ZERO);
                } catch (OffsetOutOfRangeException e) {
                    Partition log = broker.partition(partition.topic(), partition.partition());
                    position = reset == AutoOffsetReset.EARLIEST ? log.startOffset() : log.endOffset();
                    fetch.newPositions.put(partition, position);
                    result = broker.fetch(partition.topic(), partition.partition(), position,
                            maxRecords - fetch.records.size(), (int) bytesLeft, Duration.ZERO);
                }
            } catch (UnknownTopicOrPartitionException | OffsetOutOfRangeException e) {
                continue; // deleted meanwhile, or moved again by retention: the next poll sees it
            }
            for (ConsumedRecord record : result.records()) {
                fetch.records.add(new PolledRecord(partition.topic(), partition.partition(), record));
                bytesLeft -= (record.key() == null ? 0 : record.key().length)
                        + (record.value() == null ? 0 : record.value().length);
            }
            if (!result.records().isEmpty()) {
                fetch.newPositions.put(partition, result.records().getLast().offset() + 1);
            }
        }
        return fetch;
    }

    List<PolledRecord> records() {
        return records;
    }

    /** Positions that moved: past the records read, or reset. */
    Map<TopicPartition, Long> newPositions() {
        return newPositions;
    }
}
