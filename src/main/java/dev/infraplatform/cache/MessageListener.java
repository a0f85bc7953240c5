package dev.infraplatform.cache;

/**
 * Receives a subscriber's messages, one at a time and in publish order, on the subscription's own
 * thread (never the publisher's). A listener that throws ends its subscription.
 */
public interface MessageListener {

    void onMessage(PubSubMessage message) throws Exception;

    /**
     * Nothing arrived for a while: a front door may probe its connection here (an SSE comment),
     * so that a vanished client is noticed. Throwing ends the subscription.
     */
    default void onIdle() throws Exception {
    }

    /** The subscription ended: closed by its owner, its listener failed, or it fell too far behind. */
    default void onClosed(String reason) {
    }
}
