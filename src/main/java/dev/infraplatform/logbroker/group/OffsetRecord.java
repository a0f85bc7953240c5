package dev.infraplatform.logbroker.group;

import dev.infraplatform.storage.CorruptDataException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One record of the offsets log: a group's committed offset for one partition, or its deletion
 * (a tombstone, offset -1). The payload, big-endian, inside the log's checksummed frame:
 *
 * <pre>
 * version   int8    1
 * group     uint16 length + UTF-8
 * topic     uint16 length + UTF-8
 * partition int32
 * offset    int64   -1 for a tombstone
 * timestamp int64   commit time, epoch ms
 * metadata  int32 length (-1 = null) + UTF-8
 * </pre>
 */
record OffsetRecord(String group, String topic, int partition, long offset, String metadata, long commitTimestamp) {

    static final long TOMBSTONE = -1;
    private static final byte VERSION = 1;

    static OffsetRecord tombstone(String group, String topic, int partition, long timestamp) {
        return new OffsetRecord(group, topic, partition, TOMBSTONE, null, timestamp);
    }

    boolean isTombstone() {
        return offset == TOMBSTONE;
    }

    ByteBuffer encode() {
        byte[] groupBytes = group.getBytes(StandardCharsets.UTF_8);
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] metadataBytes = metadata == null ? null : metadata.getBytes(StandardCharsets.UTF_8);
        if (groupBytes.length > 0xFFFF || topicBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("group or topic name too long");
        }
        ByteBuffer buffer = ByteBuffer.allocate(1 + 2 + groupBytes.length + 2 + topicBytes.length + 4 + 8 + 8 + 4
                + (metadataBytes == null ? 0 : metadataBytes.length));
        buffer.put(VERSION);
        buffer.putShort((short) groupBytes.length).put(groupBytes);
        buffer.putShort((short) topicBytes.length).put(topicBytes);
        buffer.putInt(partition).putLong(offset).putLong(commitTimestamp);
        if (metadataBytes == null) {
            buffer.putInt(-1);
        } else {
            buffer.putInt(metadataBytes.length).put(metadataBytes);
        }
        return buffer.flip();
    }

    /** @throws CorruptDataException if the payload is not a record of a known version */
    static OffsetRecord decode(ByteBuffer payload, long logOffset) {
        ByteBuffer buffer = payload.duplicate();
        try {
            byte version = buffer.get();
            if (version != VERSION) {
                throw new CorruptDataException("offsets log record at offset " + logOffset + " has unknown version "
                        + version);
            }
            String group = string(buffer, Short.toUnsignedInt(buffer.getShort()));
            String topic = string(buffer, Short.toUnsignedInt(buffer.getShort()));
            int partition = buffer.getInt();
            long offset = buffer.getLong();
            long timestamp = buffer.getLong();
            int metadataLength = buffer.getInt();
            String metadata = metadataLength < 0 ? null : string(buffer, metadataLength);
            return new OffsetRecord(group, topic, partition, offset, metadata, timestamp);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new CorruptDataException("offsets log record at offset " + logOffset + " is truncated");
        }
    }

    private static String string(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
