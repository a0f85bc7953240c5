package dev.infraplatform.cache;

/**
 * A message delivered to a subscriber: the channel it was published on, the pattern that matched
 * it (null for a direct channel subscription) and the payload.
 */
public record PubSubMessage(byte[] channel, byte[] pattern, byte[] message) {
}
