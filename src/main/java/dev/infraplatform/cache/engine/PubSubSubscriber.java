package dev.infraplatform.cache.engine;

import dev.infraplatform.cache.MessageListener;
import dev.infraplatform.cache.PubSubMessage;
import dev.infraplatform.cache.Subscription;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One subscriber: a bounded buffer of messages (counted in bytes, as Redis' output buffer limit)
 * filled by publishers without blocking, and a virtual thread that hands them to the listener one
 * at a time. When a message would take the buffer past its limit the subscriber is disconnected
 * instead: the buffer is dropped and the listener told why, so a stalled client costs at most
 * the limit in memory. An idle delivery thread probes the listener every so often, so a front
 * door notices a vanished client even on a quiet channel.
 */
final class PubSubSubscriber implements Subscription {

    /** Per-message overhead counted against the limit besides the payload and channel bytes. */
    private static final int MESSAGE_OVERHEAD = 64;

    private final MessageListener listener;
    private final long limitBytes;
    private final long idleProbeNanos;
    private final Consumer<PubSubSubscriber> unregister;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<PubSubMessage> buffer = new ArrayDeque<>();
    private long bufferedBytes;
    private boolean open = true;
    private String closeReason;

    PubSubSubscriber(MessageListener listener, long limitBytes, long idleProbeMillis,
                     Consumer<PubSubSubscriber> unregister) {
        this.listener = listener;
        this.limitBytes = limitBytes;
        this.idleProbeNanos = TimeUnit.MILLISECONDS.toNanos(idleProbeMillis);
        this.unregister = unregister;
    }

    void start() {
        Thread.ofVirtual().name("cache-subscriber").start(this::deliver);
    }

    /** Queues a message; never blocks. Disconnects the subscriber if its buffer would overflow. */
    void offer(PubSubMessage message) {
        long size = MESSAGE_OVERHEAD + message.channel().length + message.message().length
                + (message.pattern() == null ? 0 : message.pattern().length);
        lock.lock();
        try {
            if (!open) {
                return;
            }
            if (bufferedBytes + size > limitBytes) {
                closeLocked("the subscriber fell behind: more than " + limitBytes
                        + " bytes of messages waiting (client-output-buffer-limit pubsub)");
            } else {
                buffer.addLast(message);
                bufferedBytes += size;
                arrived.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        unregister.accept(this);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!open) {
                return;
            }
            closeLocked("unsubscribed");
        } finally {
            lock.unlock();
        }
        unregister.accept(this);
    }

    @Override
    public boolean isOpen() {
        lock.lock();
        try {
            return open;
        } finally {
            lock.unlock();
        }
    }

    private void closeLocked(String reason) {
        open = false;
        closeReason = reason;
        buffer.clear();
        bufferedBytes = 0;
        arrived.signal();
    }

    private void deliver() {
        while (true) {
            PubSubMessage next;
            lock.lock();
            try {
                long waitNanos = idleProbeNanos;
                while (open && buffer.isEmpty() && waitNanos > 0) {
                    waitNanos = arrived.awaitNanos(waitNanos);
                }
                if (!open) {
                    break;
                }
                next = buffer.pollFirst();
                if (next != null) {
                    bufferedBytes -= MESSAGE_OVERHEAD + next.channel().length + next.message().length
                            + (next.pattern() == null ? 0 : next.pattern().length);
                }
            } catch (InterruptedException e) {
                closeQuietly("interrupted");
                break;
            } finally {
                lock.unlock();
            }
            try {
                if (next == null) {
                    listener.onIdle();
                } else {
                    listener.onMessage(next);
                }
            } catch (Exception e) {
                closeQuietly("the listener failed: " + e.getMessage());
                break;
            }
        }
        String reason;
        lock.lock();
        try {
            reason = closeReason;
        } finally {
            lock.unlock();
        }
        listener.onClosed(reason);
    }

    private void closeQuietly(String reason) {
        boolean wasOpen;
        lock.lock();
        try {
            wasOpen = open;
            if (open) {
                closeLocked(reason);
            }
        } finally {
            lock.unlock();
        }
        if (wasOpen) {
            unregister.accept(this);
        }
    }
}
