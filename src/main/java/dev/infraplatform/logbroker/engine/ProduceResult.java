package dev.infraplatform.logbroker.engine;

/**
 * Where each produced record landed, in request order. Offsets are -1 under {@link Acks#NONE}, as
 * Kafka answers.
 *
 * @param partitions the partition of the i-th record
 * @param offsets the offset of the i-th record
 * @param duplicate whether the whole request repeated batches already in the log (nothing appended)
 */
public record ProduceResult(int[] partitions, long[] offsets, boolean duplicate) {
}
