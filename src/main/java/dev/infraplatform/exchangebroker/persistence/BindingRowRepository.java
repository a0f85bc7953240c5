package dev.infraplatform.exchangebroker.persistence;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.util.List;

interface BindingRowRepository extends JpaRepository<BindingRow, Long> {

    List<BindingRow> findAllByOrderByIdAsc();

    boolean existsByFingerprint(String fingerprint);

    // bulk deletes: one statement, without loading the rows first
    @Modifying
    @Query("delete from BindingRow b where b.fingerprint = :fingerprint")
    int deleteByFingerprint(String fingerprint);

    @Modifying
    @Query("delete from BindingRow b where b.exchange = :exchange")
    int deleteByExchange(String exchange);

    @Modifying
    @Query("delete from BindingRow b where b.queue = :queue")
    int deleteByQueue(String queue);
}
