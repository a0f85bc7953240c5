package dev.infraplatform.logbroker.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Producer id bookkeeping in the Catalog: the row with id {@link #BLOCK_MARK} holds, in
 * {@code value}, the first producer id not yet reserved; every other row is a producer whose epoch
 * was bumped, with that epoch.
 */
@Entity
@Table(name = "logbroker_producer_id")
class ProducerIdRow {

    static final long BLOCK_MARK = -1;

    @Id
    long id;

    @Column(name = "mark", nullable = false)
    long value;

    protected ProducerIdRow() {
    }

    ProducerIdRow(long id, long value) {
        this.id = id;
        this.value = value;
    }
}
