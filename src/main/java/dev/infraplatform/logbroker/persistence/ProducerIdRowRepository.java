package dev.infraplatform.logbroker.persistence;

import org.springframework.data.jpa.repository.JpaRepository;

interface ProducerIdRowRepository extends JpaRepository<ProducerIdRow, Long> {
}
