package dev.infraplatform.logbroker.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A topic definition in the Catalog. */
@Entity
@Table(name = "logbroker_topic")
class TopicRow {

    @Id
    @Column(length = 249)
    String name;

    @Column(nullable = false, length = 32)
    String topicId;

    @Column(nullable = false)
    int partitions;

    @Column(nullable = false)
    long retentionMs;

    @Column(nullable = false)
    long retentionBytes;

    @Column(nullable = false)
    int segmentBytes;

    @Column(nullable = false, length = 16)
    String cleanupPolicy;

    @Column(nullable = false, length = 16)
    String flush;

    @Column(nullable = false)
    Instant createdAt;

    protected TopicRow() {
    }
}
