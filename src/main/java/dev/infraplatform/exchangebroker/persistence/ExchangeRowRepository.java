package dev.infraplatform.exchangebroker.persistence;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

interface ExchangeRowRepository extends JpaRepository<ExchangeRow, String> {

    List<ExchangeRow> findAllByOrderByCreatedAtAscNameAsc();
}
