package dev.infraplatform.exchangebroker.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What an operation on a queue leaves for the broker to finish once the queue's lock is released:
 * messages to dead-letter into other queues, and journal writes to await before answering.
 * Belongs to one operation of one thread.
 */
final class Effects {

    final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<QueueJournal.Write> writes = new ArrayList<>();

    void deadLetter(DeadLetter deadLetter) {
        deadLetters.add(deadLetter);
    }

    void write(QueueJournal.Write write) {
        if (write != QueueJournal.Write.DONE) {
            writes.add(write);
        }
    }

    /** Waits for every journal write, so the operation's effects are durable. */
    void awaitWrites() {
        for (QueueJournal.Write write : writes) {
            write.await();
        }
        writes.clear();
    }
}
