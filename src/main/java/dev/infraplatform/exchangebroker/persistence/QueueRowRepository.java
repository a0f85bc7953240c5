package dev.infraplatform.exchangebroker.persistence;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface QueueRowRepository extends JpaRepository<QueueRow, String> {

    List<QueueRow> findAllByOrderByCreatedAtAscNameAsc();
}
