package dev.infraplatform.logbroker.engine;

import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.UnknownProducerIdException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hands out idempotent producer ids and epochs, as Kafka's InitProducerId: ids come from blocks
 * reserved durably in the Catalog (so an id is never issued twice, even across restarts); asking
 * again with an id and its current epoch bumps the epoch, which fences the producer's older
 * incarnation (KIP-360); at the largest epoch a fresh id is issued instead.
 */
final class ProducerIds {

    static final int BLOCK_SIZE = 1000;

    private final ProducerIdStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, Short> epochs;
    private long next;
    private long blockEnd;
    /** Every id below it was reserved, before or since the start: issued or skipped. */
    private volatile long reservedBelow;

    ProducerIds(ProducerIdStore store) {
        this.store = store;
        this.epochs = new ConcurrentHashMap<>(store.loadEpochs());
        this.reservedBelow = store.allocateBlock(0);
    }

    ProducerIdentity init(Long producerId, Short producerEpoch) {
        lock.lock();
        try {
            if (producerId == null) {
                return new ProducerIdentity(nextId(), (short) 0);
            }
            short current = currentEpoch(producerId);
            if (producerEpoch != null && producerEpoch != current) {
                throw new InvalidProducerEpochException("producer " + producerId + " has epoch " + current
                        + ", not " + producerEpoch + "; another instance of this producer took over");
            }
            if (current == Short.MAX_VALUE) {
                return new ProducerIdentity(nextId(), (short) 0);
            }
            short bumped = (short) (current + 1);
            store.saveEpoch(producerId, bumped);
            epochs.put(producerId, bumped);
            return new ProducerIdentity(producerId, bumped);
        } finally {
            lock.unlock();
        }
    }

    /** Checks that the producer exists and {@code epoch} is its current epoch. */
    void validate(long producerId, short epoch) {
        short current = currentEpoch(producerId);
        if (epoch != current) {
            throw new InvalidProducerEpochException("producer " + producerId + " sent epoch " + epoch
                    + " but its current epoch is " + current + (epoch < current ? " (it was fenced)" : ""));
        }
    }

    private short currentEpoch(long producerId) {
        if (producerId < 0 || producerId >= reservedBelow) {
            throw new UnknownProducerIdException("producer id " + producerId
                    + " was not issued by this broker (POST /api/v1/producers)");
        }
        return epochs.getOrDefault(producerId, (short) 0);
    }

    private long nextId() {
        if (next >= blockEnd) {
            next = store.allocateBlock(BLOCK_SIZE);
            blockEnd = next + BLOCK_SIZE;
            reservedBelow = blockEnd;
        }
        return next++;
    }
}
