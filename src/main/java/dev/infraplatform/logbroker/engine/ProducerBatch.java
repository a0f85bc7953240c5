package dev.infraplatform.logbroker.engine;

import java.util.Map;

/**
 * The idempotence fields of a produce request: the producer's id and epoch and, per partition the
 * request writes to, the sequence number of its first record there.
 *
 * @param baseSequence the base sequence when the request writes to one partition only, else null
 * @param baseSequences partition → base sequence when it writes to several, else null
 */
public record ProducerBatch(long producerId, short producerEpoch, Integer baseSequence,
                            Map<Integer, Integer> baseSequences) {

    public ProducerBatch {
        baseSequences = baseSequences == null ? null : Map.copyOf(baseSequences);
    }
}
