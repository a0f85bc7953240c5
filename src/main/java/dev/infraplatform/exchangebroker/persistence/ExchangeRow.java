package dev.infraplatform.exchangebroker.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A durable exchange in the Catalog. Names are AMQP short strings: at most 255 bytes. */
@Entity
@Table(name = "exchangebroker_exchange")
class ExchangeRow {

    @Id
    @Column(length = 255)
    String name;

    /** The AMQP name ({@code direct}, {@code fanout}, {@code topic}, {@code headers}). */
    @Column(nullable = false, length = 16)
    String type;

    @Column(nullable = false)
    boolean durable;

    @Column(length = 255)
    String alternateExchange;

    @Column(nullable = false)
    Instant createdAt;

    protected ExchangeRow() {
    }
}
