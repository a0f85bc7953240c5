package dev.infraplatform.logbroker.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A topic: its definition and its partitions. Produce and fetch hold the read lock while they use
 * a partition; deleting the topic, adding partitions or changing the log settings (which reopens
 * the partition logs) hold the write lock.
 */
public final class Topic {

    private final String name;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicInteger sticky;
    private volatile TopicDefinition definition;
    private volatile List<Partition> partitions;
    private volatile boolean deleted;

    Topic(TopicDefinition definition, List<Partition> partitions, int stickyStart) {
        this.name = definition.name();
        this.definition = definition;
        this.partitions = List.copyOf(partitions);
        this.sticky = new AtomicInteger(stickyStart);
    }

    public String name() {
        return name;
    }

    public TopicDefinition definition() {
        return definition;
    }

    public TopicConfig config() {
        return definition.config();
    }

    public List<Partition> partitions() {
        return partitions;
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** The partition, or null if the topic has no such partition. */
    public Partition partition(int index) {
        List<Partition> current = partitions;
        return index >= 0 && index < current.size() ? current.get(index) : null;
    }

    boolean isDeleted() {
        return deleted;
    }

    ReentrantReadWriteLock lock() {
        return lock;
    }

    /** The partition for a request's records without key and partition: one per request, rotating. */
    int nextStickyPartition() {
        return Math.floorMod(sticky.getAndIncrement(), partitions.size());
    }

    /** Write lock held. */
    void replace(TopicDefinition newDefinition, List<Partition> newPartitions) {
        this.definition = newDefinition;
        this.partitions = List.copyOf(newPartitions);
    }

    /** Write lock held. */
    void markDeleted() {
        this.deleted = true;
    }

    @Override
    public String toString() {
        return name;
    }
}
