package dev.infraplatform.exchangebroker.engine;

/**
 * A message a queue dead-lettered, already carrying its updated {@code x-death}, on its way to
 * {@code exchange}. Queues collect these under their lock; the broker routes them after releasing
 * it, so that a queue never holds its lock while enqueueing into another.
 */
record DeadLetter(Message message, String exchange) {
}
