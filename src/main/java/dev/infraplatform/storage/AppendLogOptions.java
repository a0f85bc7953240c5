package dev.infraplatform.storage;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-log settings. Immutable; derive variants with the {@code with…} methods.
 *
 * @param durability when appends are forced to the device
 * @param flushInterval the fsync period under {@link Durability#INTERVAL}
 * @param segmentBytes a segment rolls once it would grow past this size (at most 2 GiB − 1)
 * @param segmentAge a segment rolls once it is this old, so that age-based retention can act
 *     on logs that grow slowly
 * @param indexIntervalBytes bytes between two entries of the sparse offset index
 * @param maxRecordBytes largest payload accepted by an append
 * @param retentionAge delete whole segments whose newest record is older; {@code null} = keep
 * @param retentionBytes delete oldest segments while the log is larger; -1 = no limit
 * @param framing the on-disk record format
 */
public record AppendLogOptions(Durability durability, Duration flushInterval, int segmentBytes, Duration segmentAge,
                               int indexIntervalBytes, int maxRecordBytes, Duration retentionAge, long retentionBytes,
                               RecordFraming framing) {

    public static final int DEFAULT_SEGMENT_BYTES = 128 * 1024 * 1024;
    public static final int DEFAULT_INDEX_INTERVAL_BYTES = 4096;
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

    public AppendLogOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(flushInterval, "flushInterval");
        Objects.requireNonNull(segmentAge, "segmentAge");
        Objects.requireNonNull(framing, "framing");
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
        }
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024: " + segmentBytes);
        }
        if (segmentAge.isNegative() || segmentAge.isZero()) {
            throw new IllegalArgumentException("segmentAge must be positive: " + segmentAge);
        }
        if (indexIntervalBytes < 1) {
            throw new IllegalArgumentException("indexIntervalBytes must be positive: " + indexIntervalBytes);
        }
        if (maxRecordBytes < 1 || framing.frameSize(maxRecordBytes) < maxRecordBytes) {
            throw new IllegalArgumentException("maxRecordBytes out of range: " + maxRecordBytes);
        }
        if (retentionAge != null && (retentionAge.isNegative() || retentionAge.isZero())) {
            throw new IllegalArgumentException("retentionAge must be positive: " + retentionAge);
        }
        if (retentionBytes < -1) {
            throw new IllegalArgumentException("retentionBytes must be -1 (unlimited) or positive: " + retentionBytes);
        }
    }

    /** Interval durability every second, 128 MiB / 7 day segments, no retention, checksummed frames. */
    public static AppendLogOptions defaults() {
        return new AppendLogOptions(Durability.INTERVAL, Duration.ofSeconds(1), DEFAULT_SEGMENT_BYTES,
                Duration.ofDays(7), DEFAULT_INDEX_INTERVAL_BYTES, DEFAULT_MAX_RECORD_BYTES, null, -1,
                RecordFraming.checksummed());
    }

    public AppendLogOptions withDurability(Durability value) {
        return new AppendLogOptions(value, flushInterval, segmentBytes, segmentAge, indexIntervalBytes,
                maxRecordBytes, retentionAge, retentionBytes, framing);
    }

    public AppendLogOptions withFlushInterval(Duration value) {
        return new AppendLogOptions(durability, value, segmentBytes, segmentAge, indexIntervalBytes,
                maxRecordBytes, retentionAge, retentionBytes, framing);
    }

    public AppendLogOptions withSegmentBytes(int value) {
        return new AppendLogOptions(durability, flushInterval, value, segmentAge, indexIntervalBytes,
                maxRecordBytes, retentionAge, retentionBytes, framing);
    }

    public AppendLogOptions withSegmentAge(Duration value) {
        return new AppendLogOptions(durability, flushInterval, segmentBytes, value, indexIntervalBytes,
                maxRecordBytes, retentionAge, retentionBytes, framing);
    }

    public AppendLogOptions withIndexIntervalBytes(int value) {
        return new AppendLogOptions(durability, flushInterval, segmentBytes, segmentAge, value,
                maxRecordBytes, retentionAge, retentionBytes, framing);
    }

    public AppendLogOptions withMaxRecordBytes(int value) {
        return new AppendLogOptions(durability, flushInterval, segmentBytes, segmentAge, indexIntervalBytes,
                value, retentionAge, retentionBytes, framing);
    }

    public AppendLogOptions withRetention(Duration age, long bytes) {
        return new AppendLogOptions(durability, flushInterval, segmentBytes, segmentAge, indexIntervalBytes,
                maxRecordBytes, age, bytes, framing);
    }

    public AppendLogOptions withFraming(RecordFraming value) {
        return new AppendLogOptions(durability, flushInterval, segmentBytes, segmentAge, indexIntervalBytes,
                maxRecordBytes, retentionAge, retentionBytes, value);
    }

    /** Largest frame a payload of {@link #maxRecordBytes} can produce. */
    public int maxFrameBytes() {
        return framing.frameSize(maxRecordBytes);
    }
}
