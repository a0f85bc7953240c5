package dev.infraplatform.exchangebroker.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One queue: its ready messages in delivery order (priority, then sequence), its consumers with
 * their unacked deliveries, and the consumers waiting in {@code get}, longest-waiting first.
 *
 * <p>Invariants, under {@link #lock}: a message is either ready or in exactly one consumer's
 * unacked map; {@code readyBytes} is the sum of the ready payloads; if a waiter with prefetch room
 * exists, no message is ready (a publish hands it to the longest-waiting consumer at once).
 *
 * <p>Every method takes the queue's own lock only; messages it dead-letters and the journal writes
 * it starts are added to the caller's {@link Effects}, for the broker to route and await after the
 * lock is released. Ready messages are a red-black tree: O(log n) enqueue, dequeue and
 * requeue-at-original-position.
 *
 * <p>A durable queue (declared durable, not exclusive) journals its persistent messages: enqueues
 * as they happen, removals and requeues gathered per locked section and journalled at its end, so
 * that a multiple ack is one record. A message's removal is always journalled after its enqueue.
 */
final class MessageQueue {

    enum Enqueued { ACCEPTED, REFUSED, GONE }

    /** Most sequences in one journal record. */
    private static final int JOURNAL_CHUNK = 8192;

    private static final class Waiter {
        final QueueConsumer consumer;
        final Condition woken;
        final List<Delivery> deliveries = new ArrayList<>();

        Waiter(QueueConsumer consumer, Condition woken) {
            this.consumer = consumer;
            this.woken = woken;
        }
    }

    private final QueueDefinition definition;
    private final QueueArguments arguments;
    private final QueueJournal journal;
    /** Whether its persistent messages are journalled: declared durable and not exclusive. */
    private final boolean durable;
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeSet<QueuedMessage> ready = new TreeSet<>(QueuedMessage.ORDER);
    private final Map<String, QueueConsumer> consumers = new LinkedHashMap<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Signalled whenever a consumer starts waiting (for tests and front doors that need to know). */
    private final Condition waiterAdded = lock.newCondition();
    private long readyBytes;
    private long nextSequence;
    private long lastUsed;
    private boolean hadConsumer;
    private boolean deleted;
    /** Persistent messages removed or requeued in the current locked section, journalled at its end. */
    private long[] removedSequences = new long[16];
    private int removedCount;
    private long[] returnedSequences = new long[16];
    private int[] returnedCounts = new int[16];
    private int returnedCount;
    // lifetime counters, for the meters
    private long delivered;
    private long redeliveredCount;
    private long acked;
    private final long[] deadLettered = new long[DeathReason.values().length];

    MessageQueue(QueueDefinition definition, QueueArguments arguments, QueueJournal journal, long now) {
        this.definition = definition;
        this.arguments = arguments;
        this.journal = journal;
        this.durable = definition.durable() && !definition.exclusive();
        this.lastUsed = now;
    }

    boolean durable() {
        return durable;
    }

    QueueDefinition definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    // ------------------------------------------------------------------ publish

    /**
     * @param prepared the message prepared by the journal if it is persistent, else null; it is
     *     journalled here if this queue is durable
     */
    Enqueued enqueue(Message message, QueueJournal.Prepared prepared, long now, Effects out) {
        lock.lock();
        try {
            if (deleted) {
                return Enqueued.GONE;
            }
            int bytes = message.payload().length;
            if (arguments.overflow() != Overflow.DROP_HEAD && wouldOverflow(bytes)) {
                if (arguments.overflow() == Overflow.REJECT_PUBLISH_DLX) {
                    deadLetter(message, DeathReason.MAXLEN, now, out);
                }
                return Enqueued.REFUSED;
            }
            long ttl = ttl(message);
            boolean persistent = durable && prepared != null;
            QueuedMessage queued = new QueuedMessage(nextSequence++, priority(message), message,
                    ttl < 0 ? Long.MAX_VALUE : now + ttl, persistent);
            addReady(queued);
            if (persistent) {
                out.write(journal.enqueued(name(), queued.sequence, prepared, queued.expiresAt));
            }
            dropHeadWhileOverLimit(now, out);
            dispatch(now, out);
            return Enqueued.ACCEPTED;
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    private int priority(Message message) {
        Integer requested = message.properties().priority();
        return arguments.maxPriority() <= 0 ? 0
                : Math.min(arguments.maxPriority(), Math.max(0, requested == null ? 0 : requested));
    }

    private long ttl(Message message) {
        long perMessage = message.properties().expirationMillis();
        long perQueue = arguments.messageTtl();
        if (perMessage < 0) {
            return perQueue;
        }
        return perQueue < 0 ? perMessage : Math.min(perMessage, perQueue);
    }

    private boolean wouldOverflow(int bytes) {
        return (arguments.maxLength() >= 0 && ready.size() + 1 > arguments.maxLength())
                || (arguments.maxLengthBytes() >= 0 && readyBytes + bytes > arguments.maxLengthBytes());
    }

    private void dropHeadWhileOverLimit(long now, Effects out) {
        while (!ready.isEmpty() && ((arguments.maxLength() >= 0 && ready.size() > arguments.maxLength())
                || (arguments.maxLengthBytes() >= 0 && readyBytes > arguments.maxLengthBytes()))) {
            deadLetter(forget(pollReady()), DeathReason.MAXLEN, now, out);
        }
    }

    // ------------------------------------------------------------------ consume

    QueueConsumer addConsumer(String tag, int prefetch, long ackTimeoutMs, long now) {
        lock.lock();
        try {
            if (deleted) {
                throw AmqpException.notFound("no queue '" + name() + "'");
            }
            if (definition.exclusive() && !consumers.isEmpty()) {
                throw new AmqpException(ReplyCode.RESOURCE_LOCKED, "cannot obtain exclusive access to locked queue '"
                        + name() + "': it has its consumer");
            }
            QueueConsumer consumer = new QueueConsumer(tag, this, prefetch, ackTimeoutMs, now);
            consumers.put(tag, consumer);
            hadConsumer = true;
            lastUsed = now;
            return consumer;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code count} deliveries within the consumer's prefetch window; if there are none,
     * waits up to {@code waitNanos} (real time) for a publish or requeue to hand it one.
     */
    List<Delivery> get(QueueConsumer consumer, int count, long waitNanos, long now, Effects out)
            throws InterruptedException {
        lock.lock();
        try {
            checkOpen(consumer);
            consumer.lastActivity = now;
            lastUsed = now;
            expireHead(now, out);
            List<Delivery> deliveries = new ArrayList<>();
            take(consumer, count, deliveries);
            if (deliveries.isEmpty() && waitNanos > 0) {
                journalSettled(out); // before waiting: whoever takes the lock meanwhile would write them for us
                Waiter waiter = new Waiter(consumer, lock.newCondition());
                waiters.addLast(waiter);
                waiterAdded.signalAll();
                try {
                    long remaining = waitNanos;
                    while (waiter.deliveries.isEmpty() && !consumer.closed && remaining > 0) {
                        remaining = waiter.woken.awaitNanos(remaining);
                    }
                    if (Thread.interrupted()) {
                        // signalled and interrupted at once: the caller is gone, so is what it was handed
                        throw new InterruptedException();
                    }
                } catch (InterruptedException e) {
                    waiters.remove(waiter);
                    undeliver(consumer, waiter.deliveries);
                    dispatch(now, out);
                    throw e;
                } finally {
                    waiters.remove(waiter);
                }
                if (consumer.closed) {
                    return List.of(); // what it was handed went back to the queue when it closed
                }
                deliveries.addAll(waiter.deliveries);
                if (!deliveries.isEmpty()) {
                    take(consumer, count - deliveries.size(), deliveries);
                }
            }
            return deliveries;
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    private void take(QueueConsumer consumer, int count, List<Delivery> into) {
        int n = Math.min(count, consumer.capacity());
        for (int i = 0; i < n && !ready.isEmpty(); i++) {
            into.add(deliver(consumer, pollReady()));
        }
    }

    private Delivery deliver(QueueConsumer consumer, QueuedMessage queued) {
        long tag = ++consumer.lastDeliveryTag;
        consumer.unacked.put(tag, queued);
        delivered++;
        if (queued.redelivered) {
            redeliveredCount++;
        }
        Message message = queued.message;
        return new Delivery(tag, queued.redelivered, message.exchange(), message.routingKey(), message.payload(),
                message.headers(), message.properties());
    }

    /**
     * Puts back deliveries handed to a waiter that will never see them (interrupted): they return
     * to their original positions as if never delivered, not counted as redeliveries.
     */
    private void undeliver(QueueConsumer consumer, List<Delivery> deliveries) {
        for (Delivery delivery : deliveries) {
            QueuedMessage queued = consumer.unacked.remove(delivery.deliveryTag());
            if (queued != null && !deleted) {
                addReady(queued);
            }
        }
        deliveries.clear();
    }

    /** Hands ready messages to waiting consumers, one each in turn, longest-waiting first. */
    private void dispatch(long now, Effects out) {
        expireHead(now, out);
        Iterator<Waiter> iterator = waiters.iterator();
        while (!ready.isEmpty() && iterator.hasNext()) {
            Waiter waiter = iterator.next();
            if (waiter.consumer.closed || waiter.consumer.capacity() == 0 || !waiter.deliveries.isEmpty()) {
                continue;
            }
            waiter.deliveries.add(deliver(waiter.consumer, pollReady()));
            iterator.remove();
            waiter.woken.signal();
        }
    }

    void ack(QueueConsumer consumer, long[] deliveryTags, boolean multiple, long now, Effects out) {
        lock.lock();
        try {
            checkOpen(consumer);
            consumer.lastActivity = now;
            for (QueuedMessage settled : settle(consumer, deliveryTags, multiple)) {
                forget(settled);
                acked++;
            }
            dispatch(now, out);
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    void nack(QueueConsumer consumer, long[] deliveryTags, boolean multiple, boolean requeue, long now,
              Effects out) {
        lock.lock();
        try {
            checkOpen(consumer);
            consumer.lastActivity = now;
            for (QueuedMessage queued : settle(consumer, deliveryTags, multiple)) {
                if (requeue) {
                    giveBack(queued, now, out);
                } else {
                    deadLetter(forget(queued), DeathReason.REJECTED, now, out);
                }
            }
            dispatch(now, out);
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    /**
     * Removes and returns the settled deliveries, in delivery order, after checking every tag, so
     * that an unknown one changes nothing. Each tag alone settles that delivery; with
     * {@code multiple}, every delivery up to and including the largest tag (0: every one, as
     * AMQP), and each tag must have an unacked delivery at or below it, as when they are applied
     * in ascending order.
     */
    private List<QueuedMessage> settle(QueueConsumer consumer, long[] deliveryTags, boolean multiple) {
        List<QueuedMessage> settled = new ArrayList<>();
        if (multiple) {
            long upTo = 0;
            long smallest = Long.MAX_VALUE;
            boolean all = false;
            for (long tag : deliveryTags) {
                all |= tag == 0;
                upTo = Math.max(upTo, tag);
                if (tag != 0) {
                    smallest = Math.min(smallest, tag);
                }
            }
            if (smallest != Long.MAX_VALUE
                    && (consumer.unacked.isEmpty() || consumer.unacked.firstEntry().getKey() > smallest)) {
                throw AmqpException.preconditionFailed("unknown delivery tag " + smallest);
            }
            Iterator<Map.Entry<Long, QueuedMessage>> iterator = consumer.unacked.entrySet().iterator();
            while (iterator.hasNext()) {
                Map.Entry<Long, QueuedMessage> entry = iterator.next();
                if (!all && entry.getKey() > upTo) {
                    break;
                }
                settled.add(entry.getValue());
                iterator.remove();
            }
        } else {
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (long tag : deliveryTags) {
                if (!consumer.unacked.containsKey(tag) || !seen.add(tag)) {
                    throw AmqpException.preconditionFailed("unknown delivery tag " + tag);
                }
            }
            for (long tag : deliveryTags) {
                settled.add(consumer.unacked.remove(tag));
            }
        }
        return settled;
    }

    /** A delivery back to the queue at its original position, or dead-lettered past x-delivery-limit. */
    private void giveBack(QueuedMessage queued, long now, Effects out) {
        queued.returns++;
        if (arguments.deliveryLimit() >= 0 && queued.returns > arguments.deliveryLimit()) {
            deadLetter(forget(queued), DeathReason.DELIVERY_LIMIT, now, out);
            return;
        }
        queued.redelivered = true;
        addReady(queued);
        if (queued.persistent) {
            if (returnedCount == returnedSequences.length) {
                returnedSequences = java.util.Arrays.copyOf(returnedSequences, returnedCount * 2);
                returnedCounts = java.util.Arrays.copyOf(returnedCounts, returnedCount * 2);
            }
            returnedSequences[returnedCount] = queued.sequence;
            returnedCounts[returnedCount++] = queued.returns;
        }
    }

    /**
     * Closes the consumer and requeues its unacked deliveries at their original positions.
     * Returns true if the queue is to go now: auto-delete and this was its last consumer, or
     * exclusive and this was its owner.
     */
    boolean closeConsumer(QueueConsumer consumer, long now, Effects out) {
        lock.lock();
        try {
            if (consumer.closed) {
                return false;
            }
            close(consumer, now, out);
            lastUsed = now;
            dispatch(now, out);
            return (definition.autoDelete() || definition.exclusive()) && hadConsumer && consumers.isEmpty()
                    && !deleted;
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    private void close(QueueConsumer consumer, long now, Effects out) {
        consumer.closed = true;
        consumers.remove(consumer.tag);
        for (QueuedMessage queued : consumer.unacked.values()) {
            if (!deleted) {
                giveBack(queued, now, out);
            }
        }
        consumer.unacked.clear();
        // its waiting gets end empty: take them out of the line first, or the dispatch that follows
        // would hand them messages that then sit in a closed consumer's unacked map
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.consumer == consumer) {
                it.remove();
                waiter.woken.signal();
            }
        }
    }

    /** Waits until at least {@code count} consumers wait in {@code get}; false if {@code nanos} pass first. */
    boolean awaitWaiters(int count, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = nanos;
            while (waiters.size() < count) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = waiterAdded.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Consumers silent (no get, ack, nack) past their ack timeout; the caller closes them. */
    List<QueueConsumer> silentConsumers(long now) {
        lock.lock();
        try {
            List<QueueConsumer> silent = new ArrayList<>();
            for (QueueConsumer consumer : consumers.values()) {
                boolean waiting = waiters.stream().anyMatch(waiter -> waiter.consumer == consumer);
                if (consumer.ackTimeoutMs > 0 && !waiting && now - consumer.lastActivity >= consumer.ackTimeoutMs) {
                    silent.add(consumer);
                }
            }
            return silent;
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen(QueueConsumer consumer) {
        if (consumer.closed) {
            throw AmqpException.notFound("no consumer '" + consumer.tag + "'");
        }
    }

    // ------------------------------------------------------------------ expiry

    /** Dead-letters the expired messages at the head: RabbitMQ expires a message when it reaches it. */
    private void expireHead(long now, Effects out) {
        while (!ready.isEmpty() && ready.first().expiresAt <= now) {
            deadLetter(forget(pollReady()), DeathReason.EXPIRED, now, out);
        }
    }

    /** The active sweep: dead-letters every ready message whose time is up, wherever it is. */
    int expireMessages(long now, Effects out) {
        lock.lock();
        try {
            int expired = 0;
            Iterator<QueuedMessage> iterator = ready.iterator();
            while (iterator.hasNext()) {
                QueuedMessage queued = iterator.next();
                if (queued.expiresAt <= now) {
                    iterator.remove();
                    readyBytes -= queued.bytes();
                    deadLetter(forget(queued), DeathReason.EXPIRED, now, out);
                    expired++;
                }
            }
            return expired;
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    /** Whether x-expires has passed: no consumer, no get and no redeclare for that long. */
    boolean unusedExpired(long now) {
        lock.lock();
        try {
            return arguments.expires() > 0 && consumers.isEmpty() && now - lastUsed >= arguments.expires();
        } finally {
            lock.unlock();
        }
    }

    void touch(long now) {
        lock.lock();
        try {
            lastUsed = now;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ administration

    /** Drops the ready messages (not the unacked ones); returns how many. */
    long purge(Effects out) {
        lock.lock();
        try {
            long purged = ready.size();
            ready.forEach(this::forget);
            ready.clear();
            readyBytes = 0;
            return purged;
        } finally {
            journalSettled(out);
            lock.unlock();
        }
    }

    /**
     * Marks the queue deleted (after running {@code beforeDeleting}, once the preconditions hold,
     * under the queue's lock): its consumers are cancelled and their unacked deliveries discarded,
     * as RabbitMQ does. Returns the ready message count.
     *
     * @throws AmqpException PRECONDITION_FAILED if {@code ifUnused} and it has consumers, or
     *     {@code ifEmpty} and it has ready messages
     */
    long delete(boolean ifUnused, boolean ifEmpty, long now, Runnable beforeDeleting, Effects out) {
        lock.lock();
        try {
            if (ifUnused && !consumers.isEmpty()) {
                throw AmqpException.preconditionFailed("queue '" + name() + "' in use");
            }
            if (ifEmpty && !ready.isEmpty()) {
                throw AmqpException.preconditionFailed("queue '" + name() + "' not empty");
            }
            beforeDeleting.run();
            deleted = true;
            removedCount = 0;
            returnedCount = 0;
            if (durable) {
                out.write(journal.queueDeleted(name()));
            }
            for (QueueConsumer consumer : List.copyOf(consumers.values())) {
                close(consumer, now, new Effects());
            }
            long count = ready.size();
            ready.clear();
            readyBytes = 0;
            return count;
        } finally {
            lock.unlock();
        }
    }

    QueueStats stats() {
        lock.lock();
        try {
            long unacked = 0;
            for (QueueConsumer consumer : consumers.values()) {
                unacked += consumer.unacked.size();
            }
            java.util.EnumMap<DeathReason, Long> byReason = new java.util.EnumMap<>(DeathReason.class);
            for (DeathReason reason : DeathReason.values()) {
                byReason.put(reason, deadLettered[reason.ordinal()]);
            }
            return new QueueStats(name(), ready.size(), unacked, consumers.size(), readyBytes, delivered,
                    redeliveredCount, acked, byReason);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ durability

    /** Adds messages a journal recovered, ready, before the queue is served; journals nothing. */
    void restore(long next, List<StoredMessage> messages) {
        lock.lock();
        try {
            for (StoredMessage stored : messages) {
                QueuedMessage queued = new QueuedMessage(stored.sequence(), priority(stored.message()),
                        stored.message(), stored.expiresAt(), durable);
                queued.returns = stored.returns();
                queued.redelivered = stored.redelivered();
                addReady(queued);
                nextSequence = Math.max(nextSequence, stored.sequence() + 1);
            }
            nextSequence = Math.max(nextSequence, next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Shows the visitor, under the queue's lock, its persistent messages (ready and unacked, by
     * sequence; unacked ones marked redelivered, as they will be when they come back).
     */
    void capture(ExchangeBroker.DurableQueueVisitor visitor) {
        lock.lock();
        try {
            if (deleted) {
                return;
            }
            List<StoredMessage> messages = new ArrayList<>();
            for (QueuedMessage queued : ready) {
                if (queued.persistent) {
                    messages.add(stored(queued, queued.redelivered));
                }
            }
            for (QueueConsumer consumer : consumers.values()) {
                for (QueuedMessage queued : consumer.unacked.values()) {
                    if (queued.persistent) {
                        messages.add(stored(queued, true));
                    }
                }
            }
            messages.sort(java.util.Comparator.comparingLong(StoredMessage::sequence));
            visitor.visit(name(), nextSequence, messages);
        } finally {
            lock.unlock();
        }
    }

    private static StoredMessage stored(QueuedMessage queued, boolean redelivered) {
        return new StoredMessage(queued.sequence, queued.message, queued.expiresAt, queued.returns, redelivered);
    }

    // ------------------------------------------------------------------ internals

    private void addReady(QueuedMessage queued) {
        ready.add(queued);
        readyBytes += queued.bytes();
    }

    private QueuedMessage pollReady() {
        QueuedMessage queued = ready.pollFirst();
        readyBytes -= queued.bytes();
        return queued;
    }

    /** Records that the message left the queue for good; returns it. */
    private Message forget(QueuedMessage queued) {
        if (queued.persistent && !deleted) {
            if (removedCount == removedSequences.length) {
                removedSequences = java.util.Arrays.copyOf(removedSequences, removedCount * 2);
            }
            removedSequences[removedCount++] = queued.sequence;
        }
        return queued.message;
    }

    /**
     * Journals the removals and requeues of this locked section, in chunks that keep a record
     * small, and shrinks the buffers a large purge grew.
     */
    private void journalSettled(Effects out) {
        for (int from = 0; from < removedCount; from += JOURNAL_CHUNK) {
            int n = Math.min(JOURNAL_CHUNK, removedCount - from);
            out.write(journal.removed(name(), java.util.Arrays.copyOfRange(removedSequences, from, from + n), n));
        }
        for (int from = 0; from < returnedCount; from += JOURNAL_CHUNK) {
            int n = Math.min(JOURNAL_CHUNK, returnedCount - from);
            out.write(journal.returned(name(), java.util.Arrays.copyOfRange(returnedSequences, from, from + n),
                    java.util.Arrays.copyOfRange(returnedCounts, from, from + n), n));
        }
        removedCount = 0;
        returnedCount = 0;
        if (removedSequences.length > 1024) {
            removedSequences = new long[16];
        }
        if (returnedSequences.length > 1024) {
            returnedSequences = new long[16];
            returnedCounts = new int[16];
        }
    }

    private void deadLetter(Message message, DeathReason reason, long now, Effects out) {
        if (arguments.deadLetterExchange() == null) {
            return;
        }
        deadLettered[reason.ordinal()]++;
        out.deadLetter(new DeadLetter(DeadLetters.deadLettered(message, name(), reason, arguments.deadLetterExchange(),
                arguments.deadLetterRoutingKey(), now), arguments.deadLetterExchange()));
    }
}
