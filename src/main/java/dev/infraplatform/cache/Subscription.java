package dev.infraplatform.cache;

/** A live SUBSCRIBE / PSUBSCRIBE; closing it unsubscribes from every channel and pattern. */
public interface Subscription extends AutoCloseable {

    /** Unsubscribes; idempotent. */
    @Override
    void close();

    boolean isOpen();
}
