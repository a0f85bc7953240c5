package dev.infraplatform.storage.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The identity of this platform's data: created with the Catalog, kept for its lifetime (like
 * Kafka's cluster id or Elasticsearch's cluster UUID). It tells operators and clients whether they
 * are talking to the same data after a restart.
 */
@Entity
@Table(name = "node_identity")
class NodeIdentity {

    static final int SINGLETON_KEY = 1;

    @Id
    private int singleton;

    @Column(nullable = false, length = 36)
    private String nodeId;

    @Column(nullable = false)
    private Instant createdAt;

    protected NodeIdentity() {
    }

    NodeIdentity(String nodeId, Instant createdAt) {
        this.singleton = SINGLETON_KEY;
        this.nodeId = nodeId;
        this.createdAt = createdAt;
    }

    String nodeId() {
        return nodeId;
    }

    Instant createdAt() {
        return createdAt;
    }
}
