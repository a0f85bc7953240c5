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
 * <p>Every method takes the queue's own lock only; messages it dead-letters are added to the
 * caller's {@code out} list, to be routed by the broker after the lock is released. Ready messages
 * are a red-black tree: O(log n) enqueue, dequeue and requeue-at-original-position.
 */
final class MessageQueue {

    enum Enqueued { ACCEPTED, REFUSED, GONE }

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

    MessageQueue(QueueDefinition definition, QueueArguments arguments, QueueJournal journal, long now) {
        this.definition = definition;
        this.arguments = arguments;
        this.journal = journal;
        this.lastUsed = now;
    }

    QueueDefinition definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    // ------------------------------------------------------------------ publish

    Enqueued enqueue(Message message, long now, List<DeadLetter> out) {
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
            int priority = arguments.maxPriority() <= 0 ? 0
                    : Math.min(arguments.maxPriority(), Math.max(0, message.properties().priority() == null
                            ? 0 : message.properties().priority()));
            QueuedMessage queued = new QueuedMessage(nextSequence++, priority, message,
                    ttl < 0 ? Long.MAX_VALUE : now + ttl);
            addReady(queued);
            journal.enqueued(name(), queued.sequence, message, queued.expiresAt);
            dropHeadWhileOverLimit(now, out);
            dispatch(now, out);
            return Enqueued.ACCEPTED;
        } finally {
            lock.unlock();
        }
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

    private void dropHeadWhileOverLimit(long now, List<DeadLetter> out) {
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
    List<Delivery> get(QueueConsumer consumer, int count, long waitNanos, long now, List<DeadLetter> out)
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
    private void dispatch(long now, List<DeadLetter> out) {
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

    void ack(QueueConsumer consumer, long deliveryTag, boolean multiple, long now, List<DeadLetter> out) {
        lock.lock();
        try {
            checkOpen(consumer);
            consumer.lastActivity = now;
            for (QueuedMessage acked : settle(consumer, deliveryTag, multiple)) {
                forget(acked);
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
    }

    void nack(QueueConsumer consumer, long deliveryTag, boolean multiple, boolean requeue, long now,
              List<DeadLetter> out) {
        lock.lock();
        try {
            checkOpen(consumer);
            consumer.lastActivity = now;
            for (QueuedMessage queued : settle(consumer, deliveryTag, multiple)) {
                if (requeue) {
                    giveBack(queued, now, out);
                } else {
                    deadLetter(forget(queued), DeathReason.REJECTED, now, out);
                }
            }
            dispatch(now, out);
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the settled deliveries; tag 0 with multiple is every one (AMQP). */
    private List<QueuedMessage> settle(QueueConsumer consumer, long deliveryTag, boolean multiple) {
        List<QueuedMessage> settled = new ArrayList<>();
        if (multiple) {
            Iterator<Map.Entry<Long, QueuedMessage>> iterator = consumer.unacked.entrySet().iterator();
            while (iterator.hasNext()) {
                Map.Entry<Long, QueuedMessage> entry = iterator.next();
                if (deliveryTag != 0 && entry.getKey() > deliveryTag) {
                    break;
                }
                settled.add(entry.getValue());
                iterator.remove();
            }
            if (settled.isEmpty() && deliveryTag != 0) {
                throw AmqpException.preconditionFailed("unknown delivery tag " + deliveryTag);
            }
        } else {
            QueuedMessage queued = consumer.unacked.remove(deliveryTag);
            if (queued == null) {
                throw AmqpException.preconditionFailed("unknown delivery tag " + deliveryTag);
            }
            settled.add(queued);
        }
        return settled;
    }

    /** A delivery back to the queue at its original position, or dead-lettered past x-delivery-limit. */
    private void giveBack(QueuedMessage queued, long now, List<DeadLetter> out) {
        queued.returns++;
        if (arguments.deliveryLimit() >= 0 && queued.returns > arguments.deliveryLimit()) {
            deadLetter(forget(queued), DeathReason.DELIVERY_LIMIT, now, out);
            return;
        }
        queued.redelivered = true;
        addReady(queued);
    }

    /**
     * Closes the consumer and requeues its unacked deliveries at their original positions.
     * Returns true if the queue is auto-delete and this was its last consumer.
     */
    boolean closeConsumer(QueueConsumer consumer, long now, List<DeadLetter> out) {
        lock.lock();
        try {
            if (consumer.closed) {
                return false;
            }
            close(consumer, now, out);
            lastUsed = now;
            dispatch(now, out);
            return definition.autoDelete() && hadConsumer && consumers.isEmpty() && !deleted;
        } finally {
            lock.unlock();
        }
    }

    private void close(QueueConsumer consumer, long now, List<DeadLetter> out) {
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
    private void expireHead(long now, List<DeadLetter> out) {
        while (!ready.isEmpty() && ready.first().expiresAt <= now) {
            deadLetter(forget(pollReady()), DeathReason.EXPIRED, now, out);
        }
    }

    /** The active sweep: dead-letters every ready message whose time is up, wherever it is. */
    int expireMessages(long now, List<DeadLetter> out) {
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
    long purge() {
        lock.lock();
        try {
            long purged = ready.size();
            ready.forEach(this::forget);
            ready.clear();
            readyBytes = 0;
            return purged;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the queue deleted: its consumers are cancelled and their unacked deliveries discarded,
     * as RabbitMQ does. Returns the ready message count.
     *
     * @throws AmqpException PRECONDITION_FAILED if {@code ifUnused} and it has consumers, or
     *     {@code ifEmpty} and it has ready messages
     */
    long delete(boolean ifUnused, boolean ifEmpty, long now) {
        lock.lock();
        try {
            if (ifUnused && !consumers.isEmpty()) {
                throw AmqpException.preconditionFailed("queue '" + name() + "' in use");
            }
            if (ifEmpty && !ready.isEmpty()) {
                throw AmqpException.preconditionFailed("queue '" + name() + "' not empty");
            }
            deleted = true;
            journal.queueDeleted(name());
            for (QueueConsumer consumer : List.copyOf(consumers.values())) {
                close(consumer, now, new ArrayList<>());
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
            return new QueueStats(name(), ready.size(), unacked, consumers.size(), readyBytes);
        } finally {
            lock.unlock();
        }
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
        journal.removed(name(), queued.sequence);
        return queued.message;
    }

    private void deadLetter(Message message, DeathReason reason, long now, List<DeadLetter> out) {
        if (arguments.deadLetterExchange() == null) {
            return;
        }
        out.add(new DeadLetter(DeadLetters.deadLettered(message, name(), reason, arguments.deadLetterExchange(),
                arguments.deadLetterRoutingKey(), now), arguments.deadLetterExchange()));
    }
}
