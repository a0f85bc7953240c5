package dev.infraplatform.exchangebroker.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One record of the message journal (the payload of one checksummed frame of its append log).
 * Every record names its queue; a queue's records are in the order its changes happened.
 *
 * <pre>
 * enqueue        1 queue seq:i64 expiresAt:i64 message   (message: {@link MessageCodec}, to the end)
 * removed        2 queue n:i32 seq:i64 × n
 * returned       3 queue n:i32 (seq:i64 returns:i32) × n
 * queue deleted  4 queue
 * opened         5 ""      (written at every start: whatever follows a clean shutdown's snapshot
 *                          shows that the broker ran again, so deliveries may have happened)
 * (queue: length:i32 UTF-8)
 * </pre>
 */
sealed interface JournalRecord {

    byte ENQUEUED = 1;
    byte REMOVED = 2;
    byte RETURNED = 3;
    byte QUEUE_DELETED = 4;
    byte OPENED = 5;

    String queue();

    /** @param message the message as {@link MessageCodec} encodes it, decoded only when needed */
    record Enqueued(String queue, long sequence, long expiresAt, byte[] message) implements JournalRecord {
    }

    record Removed(String queue, long[] sequences) implements JournalRecord {
    }

    record Returned(String queue, long[] sequences, int[] returns) implements JournalRecord {
    }

    record QueueDeleted(String queue) implements JournalRecord {
    }

    /** The journal was opened by a running broker; names no queue. */
    record Opened() implements JournalRecord {

        @Override
        public String queue() {
            return "";
        }
    }

    static ByteBuffer opened() {
        return ByteBuffer.allocate(1 + 4).put(OPENED).putInt(0).flip();
    }

    static ByteBuffer enqueued(String queue, long sequence, long expiresAt, byte[] message) {
        byte[] name = queue.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + name.length + 16 + message.length)
                .put(ENQUEUED).putInt(name.length).put(name).putLong(sequence).putLong(expiresAt).put(message)
                .flip();
    }

    static ByteBuffer removed(String queue, long[] sequences, int count) {
        byte[] name = queue.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + name.length + 4 + 8 * count)
                .put(REMOVED).putInt(name.length).put(name).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.putLong(sequences[i]);
        }
        return buffer.flip();
    }

    static ByteBuffer returned(String queue, long[] sequences, int[] returns, int count) {
        byte[] name = queue.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 4 + name.length + 4 + 12 * count)
                .put(RETURNED).putInt(name.length).put(name).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.putLong(sequences[i]).putInt(returns[i]);
        }
        return buffer.flip();
    }

    static ByteBuffer queueDeleted(String queue) {
        byte[] name = queue.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + name.length).put(QUEUE_DELETED).putInt(name.length).put(name).flip();
    }

    /**
     * Reads a record. The frame's checksum already held, so a record that does not parse was
     * written by a different program.
     *
     * @throws IllegalArgumentException if it is not a journal record
     */
    static JournalRecord read(ByteBuffer payload) {
        ByteBuffer in = payload.duplicate();
        try {
            byte type = in.get();
            byte[] name = new byte[in.getInt()];
            in.get(name);
            String queue = new String(name, StandardCharsets.UTF_8);
            return switch (type) {
                case ENQUEUED -> {
                    long sequence = in.getLong();
                    long expiresAt = in.getLong();
                    byte[] message = new byte[in.remaining()];
                    in.get(message);
                    yield new Enqueued(queue, sequence, expiresAt, message);
                }
                case REMOVED -> {
                    long[] sequences = new long[in.getInt()];
                    for (int i = 0; i < sequences.length; i++) {
                        sequences[i] = in.getLong();
                    }
                    yield new Removed(queue, sequences);
                }
                case RETURNED -> {
                    int count = in.getInt();
                    long[] sequences = new long[count];
                    int[] returns = new int[count];
                    for (int i = 0; i < count; i++) {
                        sequences[i] = in.getLong();
                        returns[i] = in.getInt();
                    }
                    yield new Returned(queue, sequences, returns);
                }
                case QUEUE_DELETED -> new QueueDeleted(queue);
                case OPENED -> new Opened();
                default -> throw new IllegalArgumentException("unknown journal record type " + type);
            };
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("truncated journal record", e);
        }
    }
}
