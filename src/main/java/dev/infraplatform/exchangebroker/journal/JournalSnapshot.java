package dev.infraplatform.exchangebroker.journal;

import dev.infraplatform.exchangebroker.engine.StoredMessage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable queues' persistent messages at one point of the journal, so that the journal's
 * older segments can be deleted. Queues are captured one at a time, each with the journal offset
 * at that instant ({@code cut}): the queue's records before it are in the image, those from it on
 * are replayed. Records of queues not in the snapshot are replayed from {@code replayFrom}.
 *
 * @param replayFrom the journal offset replay starts at; segments before it are no longer needed
 * @param capturedEnd the journal's next offset once every queue was captured
 * @param clean written at shutdown: if no record follows {@code capturedEnd}, the messages'
 *     redelivered flags are exact
 */
record JournalSnapshot(long replayFrom, long capturedEnd, boolean clean, List<QueueImage> queues) {

    private static final int FORMAT = 0x45424a31; // "EBJ1"

    /** One durable queue as captured. */
    record QueueImage(String name, long cut, long nextSequence, List<StoredMessage> messages) {
    }

    void writeTo(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        out.writeInt(FORMAT);
        out.writeLong(replayFrom);
        out.writeLong(capturedEnd);
        out.writeBoolean(clean);
        out.writeInt(queues.size());
        for (QueueImage queue : queues) {
            MessageCodec.writeString(out, queue.name());
            out.writeLong(queue.cut());
            out.writeLong(queue.nextSequence());
            out.writeInt(queue.messages().size());
            for (StoredMessage message : queue.messages()) {
                out.writeLong(message.sequence());
                out.writeLong(message.expiresAt());
                out.writeInt(message.returns());
                out.writeBoolean(message.redelivered());
                byte[] bytes = MessageCodec.encode(message.message());
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        out.flush();
    }

    static JournalSnapshot readFrom(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("not a message journal snapshot (format " + Integer.toHexString(format) + ")");
        }
        long replayFrom = in.readLong();
        long capturedEnd = in.readLong();
        boolean clean = in.readBoolean();
        int queueCount = in.readInt();
        List<QueueImage> queues = new ArrayList<>(Math.min(queueCount, 1024));
        for (int q = 0; q < queueCount; q++) {
            String name = MessageCodec.readString(in);
            long cut = in.readLong();
            long nextSequence = in.readLong();
            int count = in.readInt();
            List<StoredMessage> messages = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                long sequence = in.readLong();
                long expiresAt = in.readLong();
                int returns = in.readInt();
                boolean redelivered = in.readBoolean();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                messages.add(new StoredMessage(sequence, MessageCodec.decode(bytes), expiresAt, returns, redelivered));
            }
            queues.add(new QueueImage(name, cut, nextSequence, messages));
        }
        return new JournalSnapshot(replayFrom, capturedEnd, clean, queues);
    }
}
