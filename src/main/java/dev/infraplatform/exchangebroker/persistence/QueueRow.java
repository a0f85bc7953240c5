package dev.infraplatform.exchangebroker.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.Length;

import java.time.Instant;

/** A durable queue in the Catalog, its arguments as a JSON object ({@link FieldTables}). */
@Entity
@Table(name = "exchangebroker_queue")
class QueueRow {

    @Id
    @Column(length = 255)
    String name;

    @Column(nullable = false)
    boolean durable;

    @Column(nullable = false)
    boolean exclusive;

    @Column(nullable = false)
    boolean autoDelete;

    @Column(nullable = false, length = Length.LONG32)
    String arguments;

    @Column(nullable = false)
    Instant createdAt;

    protected QueueRow() {
    }
}
