/**
 * Log broker: Kafka-like topics of partitioned, durable, ordered logs with offsets, idempotent
 * producers, consumer groups with broker-side assignment and retention, served over REST and,
 * later, the Kafka protocol. Each partition is a {@code storage} append log holding Kafka record
 * batches (format v2). Depends on {@code storage} and {@code web}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Log broker")
package dev.infraplatform.logbroker;
