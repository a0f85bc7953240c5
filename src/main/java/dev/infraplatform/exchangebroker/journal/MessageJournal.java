package dev.infraplatform.exchangebroker.journal;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.Message;
import dev.infraplatform.exchangebroker.engine.QueueJournal;
import dev.infraplatform.exchangebroker.engine.StoredMessage;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.AppendLogOptions;
import dev.infraplatform.storage.AppendLogStats;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.LogEntry;
import dev.infraplatform.storage.ReadResult;
import dev.infraplatform.storage.SnapshotInfo;
import dev.infraplatform.storage.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The persistent messages of durable queues, journalled on one storage {@link AppendLog} (as
 * RabbitMQ keeps one message store per node) and compacted with snapshots.
 *
 * <p>Each change is one record ({@link JournalRecord}), placed in the log under the queue's lock
 * and written (and, under {@link Durability#ALWAYS}, forced with group commit) when the broker
 * awaits it, after releasing the lock. At start-up {@link #recover} reads the newest snapshot and
 * replays the records after it. {@link #compact} writes a new snapshot of what the queues hold
 * and deletes the segments it makes unnecessary; it runs when the log outgrows
 * {@code compactBytes} or the last snapshot, whichever is larger (so rewriting stays within twice
 * the journalled bytes), and at shutdown.
 *
 * <p>Redelivered flags: after a clean shutdown they are exact. After a crash every recovered
 * message is marked redelivered, since it may have been delivered unacknowledged before the crash
 * (AMQP's flag is a "may have been delivered before" hint; the journal does not record deliveries).
 */
public final class MessageJournal implements QueueJournal {

    private static final Logger log = LoggerFactory.getLogger(MessageJournal.class);
    /** Room for the queue name and the record header on top of the encoded message. */
    private static final int RECORD_OVERHEAD = 1024;
    private static final int REPLAY_BATCH_BYTES = 8 << 20;

    /**
     * @param maxMessageBytes largest encoded message (payload, headers and properties) a durable
     *     queue takes persistent; larger ones are refused with PRECONDITION_FAILED, as RabbitMQ's
     *     {@code max_message_size}
     * @param compactBytes the log size that triggers a snapshot (unless the last snapshot is larger)
     */
    public record Settings(int maxMessageBytes, long compactBytes) {
    }

    /** What {@link #recover} put back. */
    public record Recovery(int queues, long messages, int recordsReplayed, boolean crashed, List<String> unknownQueues) {
    }

    private record Encoded(byte[] bytes) implements Prepared {
    }

    /**
     * The journal's state for health: its log, and the error of the last write if that write
     * failed (null once a later write succeeds).
     */
    public record Status(AppendLogStats log, String lastError) {

        public boolean failing() {
            return lastError != null;
        }
    }

    private final AppendLog appendLog;
    private final SnapshotStore snapshots;
    private final Settings settings;
    /** One compaction at a time (the maintenance sweep, shutdown). */
    private final ReentrantLock compaction = new ReentrantLock();
    private volatile long lastSnapshotBytes;
    /** The error of the last journal write, null after a successful one. */
    private volatile String lastError;

    public MessageJournal(AppendLog appendLog, SnapshotStore snapshots, Settings settings) {
        this.appendLog = appendLog;
        this.snapshots = snapshots;
        this.settings = settings;
    }

    /** The options the journal's log needs: checksummed frames large enough for the biggest message. */
    public static AppendLogOptions logOptions(Durability durability, Duration flushInterval, int maxMessageBytes,
                                              int segmentBytes) {
        return AppendLogOptions.defaults().withDurability(durability).withFlushInterval(flushInterval)
                .withMaxRecordBytes(maxMessageBytes + RECORD_OVERHEAD).withSegmentBytes(segmentBytes);
    }

    // ------------------------------------------------------------------ QueueJournal

    @Override
    public Prepared prepare(Message message) {
        byte[] bytes;
        try {
            bytes = MessageCodec.encode(message);
        } catch (IllegalArgumentException e) {
            throw AmqpException.preconditionFailed(e.getMessage());
        }
        if (bytes.length > settings.maxMessageBytes()) {
            throw AmqpException.preconditionFailed("message size " + bytes.length
                    + " is larger than configured max size " + settings.maxMessageBytes());
        }
        return new Encoded(bytes);
    }

    @Override
    public Write enqueued(String queue, long sequence, Prepared message, long expiresAt) {
        return append(JournalRecord.enqueued(queue, sequence, expiresAt, ((Encoded) message).bytes()));
    }

    @Override
    public Write removed(String queue, long[] sequences, int count) {
        return append(JournalRecord.removed(queue, sequences, count));
    }

    @Override
    public Write returned(String queue, long[] sequences, int[] returns, int count) {
        return append(JournalRecord.returned(queue, sequences, returns, count));
    }

    @Override
    public Write queueDeleted(String queue) {
        return append(JournalRecord.queueDeleted(queue));
    }

    /**
     * Places the record now; the caller's operation awaits the write. A refusal (closed log, I/O
     * error while rolling a segment) is reported by that await, so that the queue, which has
     * already changed in memory, is never left half-way through its operation.
     */
    private Write append(ByteBuffer record) {
        AppendLog.DeferredAppend append;
        try {
            append = appendLog.appendDeferred(List.of(record));
        } catch (RuntimeException e) {
            return () -> {
                lastError = e.toString();
                throw e;
            };
        }
        return () -> {
            try {
                append.await();
            } catch (RuntimeException e) {
                lastError = e.toString();
                throw e;
            }
            if (lastError != null) {
                lastError = null;
            }
        };
    }

    public Status status() {
        return new Status(appendLog.stats(), lastError);
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Puts the journalled messages back into the broker's durable queues, which must already be
     * declared ({@link ExchangeBroker#restore}). Messages of queues the broker does not have
     * (deleted while their last records were still to be written) are dropped.
     */
    public Recovery recover(ExchangeBroker broker) {
        Optional<JournalSnapshot> snapshot = snapshots.readLatest((info, in) -> {
            lastSnapshotBytes = info.payloadBytes();
            return JournalSnapshot.readFrom(in);
        });
        Map<String, QueueReplay> replays = new HashMap<>();
        long replayFrom = 0;
        long capturedEnd = 0;
        boolean clean = false;
        if (snapshot.isPresent()) {
            replayFrom = snapshot.get().replayFrom();
            capturedEnd = snapshot.get().capturedEnd();
            clean = snapshot.get().clean();
            for (JournalSnapshot.QueueImage image : snapshot.get().queues()) {
                replays.put(image.name(), QueueReplay.of(image));
            }
        }
        long start = appendLog.startOffset();
        if (start > replayFrom) {
            log.error("Exchange broker journal: records {}..{} are gone (the snapshot that replaced them is "
                    + "unreadable); messages journalled before offset {} may be lost", replayFrom, start - 1, start);
        }
        int replayed = 0;
        boolean tail = false;
        long offset = Math.max(start, replayFrom);
        while (offset < appendLog.endOffset()) {
            ReadResult read = appendLog.read(offset, Integer.MAX_VALUE, REPLAY_BATCH_BYTES);
            for (LogEntry entry : read.entries()) {
                JournalRecord record = JournalRecord.read(entry.payload());
                tail |= entry.offset() >= capturedEnd;
                if (record instanceof JournalRecord.Opened) {
                    continue;
                }
                QueueReplay replay = replays.computeIfAbsent(record.queue(), name -> new QueueReplay(0, 0));
                if (entry.offset() >= replay.cut) {
                    replay.apply(record);
                    replayed++;
                }
            }
            offset = read.nextOffset();
        }
        boolean crashed = !(clean && !tail) && (snapshot.isPresent() || replayed > 0);
        Set<String> durable = broker.durableQueues();
        List<String> unknown = new ArrayList<>();
        int queues = 0;
        long messages = 0;
        for (Map.Entry<String, QueueReplay> entry : replays.entrySet()) {
            QueueReplay replay = entry.getValue();
            if (!durable.contains(entry.getKey())) {
                if (!replay.messages.isEmpty()) {
                    unknown.add(entry.getKey());
                }
                continue;
            }
            List<StoredMessage> restored = replay.messages(crashed);
            broker.restoreMessages(entry.getKey(), replay.nextSequence, restored);
            queues++;
            messages += restored.size();
        }
        if (!unknown.isEmpty()) {
            log.warn("Exchange broker journal: messages of queues that no longer exist were dropped: {}", unknown);
        }
        appendLog.appendDeferred(List.of(JournalRecord.opened())).await();
        return new Recovery(queues, messages, replayed, crashed, List.copyOf(unknown));
    }

    /** One queue's messages as replay rebuilds them; decoded only once they survive. */
    private static final class QueueReplay {

        private static final class Entry {
            final long expiresAt;
            byte[] encoded;
            Message message;
            int returns;
            boolean redelivered;

            Entry(long expiresAt) {
                this.expiresAt = expiresAt;
            }
        }

        /** Records of this queue before this journal offset are in the snapshot already. */
        final long cut;
        long nextSequence;
        final TreeMap<Long, Entry> messages = new TreeMap<>();

        QueueReplay(long cut, long nextSequence) {
            this.cut = cut;
            this.nextSequence = nextSequence;
        }

        static QueueReplay of(JournalSnapshot.QueueImage image) {
            QueueReplay replay = new QueueReplay(image.cut(), image.nextSequence());
            for (StoredMessage stored : image.messages()) {
                Entry entry = new Entry(stored.expiresAt());
                entry.message = stored.message();
                entry.returns = stored.returns();
                entry.redelivered = stored.redelivered();
                replay.messages.put(stored.sequence(), entry);
            }
            return replay;
        }

        void apply(JournalRecord record) {
            switch (record) {
                case JournalRecord.Enqueued enqueued -> {
                    Entry entry = new Entry(enqueued.expiresAt());
                    entry.encoded = enqueued.message();
                    messages.put(enqueued.sequence(), entry);
                    nextSequence = Math.max(nextSequence, enqueued.sequence() + 1);
                }
                case JournalRecord.Removed removed -> {
                    for (long sequence : removed.sequences()) {
                        messages.remove(sequence);
                    }
                }
                case JournalRecord.Returned returned -> {
                    for (int i = 0; i < returned.sequences().length; i++) {
                        Entry entry = messages.get(returned.sequences()[i]);
                        if (entry != null) {
                            entry.returns = returned.returns()[i];
                            entry.redelivered = true;
                        }
                    }
                }
                case JournalRecord.QueueDeleted deleted -> {
                    messages.clear();
                    nextSequence = 0; // a queue declared again under the name starts afresh
                }
                case JournalRecord.Opened opened -> { }
            }
        }

        List<StoredMessage> messages(boolean crashed) {
            List<StoredMessage> list = new ArrayList<>(messages.size());
            for (Map.Entry<Long, Entry> e : messages.entrySet()) {
                Entry entry = e.getValue();
                Message message = entry.message != null ? entry.message : MessageCodec.decode(entry.encoded);
                list.add(new StoredMessage(e.getKey(), message, entry.expiresAt, entry.returns,
                        entry.redelivered || crashed));
            }
            return list;
        }
    }

    // ------------------------------------------------------------------ compaction

    /** Whether the log has grown enough since the last snapshot to be worth compacting. */
    public boolean compactionDue() {
        return appendLog.stats().sizeBytes() >= Math.max(settings.compactBytes(), lastSnapshotBytes);
    }

    /**
     * Writes a snapshot of every durable queue's persistent messages and deletes the journal
     * segments it replaces. Publishes and consumers go on meanwhile; each queue is held only while
     * its messages are listed.
     *
     * @param clean this is the last snapshot before a clean shutdown: nothing follows it
     */
    public SnapshotInfo compact(ExchangeBroker broker, boolean clean) {
        compaction.lock();
        try {
            appendLog.rollSegment();
            long replayFrom = appendLog.nextOffset();
            List<JournalSnapshot.QueueImage> images = new ArrayList<>();
            broker.captureDurableQueues((queue, nextSequence, messages) ->
                    images.add(new JournalSnapshot.QueueImage(queue, appendLog.nextOffset(), nextSequence, messages)));
            JournalSnapshot snapshot = new JournalSnapshot(replayFrom, appendLog.nextOffset(), clean, images);
            SnapshotInfo info = snapshots.write(snapshot::writeTo);
            lastSnapshotBytes = info.payloadBytes();
            int deleted = appendLog.deleteSegmentsBefore(replayFrom);
            log.debug("Exchange broker journal compacted: {} queues in a {} B snapshot, {} segment(s) deleted",
                    images.size(), info.payloadBytes(), deleted);
            return info;
        } finally {
            compaction.unlock();
        }
    }
}
