/**
 * Cache: a Redis-compatible keyspace (strings, hashes, lists, sets, sorted sets, streams, TTLs)
 * with Redis' command semantics, served over REST and, later, RESP. Depends on {@code storage}
 * (AOF and snapshots) and {@code web} (HTTP conventions).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Cache")
package dev.infraplatform.cache;
