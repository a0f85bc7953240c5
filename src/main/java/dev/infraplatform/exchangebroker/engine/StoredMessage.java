package dev.infraplatform.exchangebroker.engine;

import java.util.Objects;

/**
 * A persistent message of a durable queue as a journal keeps it: captured for a snapshot, or
 * given back at start-up.
 *
 * @param sequence its position in its queue, for life
 * @param expiresAt epoch ms at which its TTL runs out, or {@code Long.MAX_VALUE}
 * @param returns times it went back to the queue unsettled (counted against x-delivery-limit)
 * @param redelivered whether it may have been delivered before
 */
public record StoredMessage(long sequence, Message message, long expiresAt, int returns, boolean redelivered) {

    public StoredMessage {
        Objects.requireNonNull(message, "message");
        if (returns < 0) {
            throw new IllegalArgumentException("returns must not be negative: " + returns);
        }
    }
}
