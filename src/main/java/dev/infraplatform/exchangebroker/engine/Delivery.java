package dev.infraplatform.exchangebroker.engine;

import java.util.Map;

/**
 * A message handed to a consumer, unacknowledged until acked, nacked or rejected with its tag.
 *
 * @param deliveryTag the consumer's tag for it, increasing from 1 per consumer
 * @param redelivered whether it was delivered before (requeued by a nack, reject or closed consumer)
 */
public record Delivery(long deliveryTag, boolean redelivered, String exchange, String routingKey, byte[] payload,
                       Map<String, Object> headers, MessageProperties properties) {
}
