package dev.infraplatform.storage.log;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * An exclusive role passed between threads — the leader of group commit. A thread either finds
 * its work already done by the current holder, or takes the baton and does the work for
 * everyone who queued up meanwhile. The internal lock is held only to check and hand over, never
 * during the work itself, and waiters sleep on a condition (no spinning). On release every waiter
 * wakes and re-checks, so all whose work was covered return at once instead of queueing for a
 * lock one by one.
 */
final class Baton {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private boolean held;

    /**
     * Waits until {@code done} holds (returns false) or the baton is free and now taken by the
     * caller (returns true; the caller must {@link #release()} it).
     */
    boolean takeUnless(BooleanSupplier done) {
        lock.lock();
        try {
            while (true) {
                if (done.getAsBoolean()) {
                    return false;
                }
                if (!held) {
                    held = true;
                    return true;
                }
                released.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes the baton, waiting for the current holder. */
    void take() {
        takeUnless(() -> false);
    }

    void release() {
        lock.lock();
        try {
            held = false;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
