/**
 * Exchange broker: RabbitMQ-like exchanges (direct, fanout, topic, headers), queues with TTL,
 * length limits, priorities and dead-lettering, bindings, and consumers with prefetch, acks and
 * redelivery, following AMQP 0-9-1 semantics; served over REST and, later, AMQP 0-9-1.
 * The engine lives in {@code engine}. Depends on {@code storage} and {@code web}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Exchange broker")
package dev.infraplatform.exchangebroker;
