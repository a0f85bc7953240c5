package dev.infraplatform.exchangebroker.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import org.hibernate.Length;

/**
 * A durable binding in the Catalog. The generated id keeps the order bindings were made in. The
 * arguments are a large column, which databases cannot put in a unique index, so a binding is
 * identified by its {@link FieldTables#fingerprint fingerprint} instead: one row per binding, however
 * often it is bound.
 */
@Entity
@Table(name = "exchangebroker_binding",
        uniqueConstraints = @UniqueConstraint(name = "exchangebroker_binding_fingerprint", columnNames = "fingerprint"),
        indexes = {
                @Index(name = "exchangebroker_binding_exchange", columnList = "exchange"),
                @Index(name = "exchangebroker_binding_queue", columnList = "queue")})
class BindingRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(nullable = false, length = 255)
    String exchange;

    @Column(nullable = false, length = 255)
    String queue;

    @Column(nullable = false, length = 255)
    String routingKey;

    @Column(nullable = false, length = Length.LONG32)
    String arguments;

    @Column(nullable = false, length = 64)
    String fingerprint;

    protected BindingRow() {
    }
}
