package dev.infraplatform.logbroker.persistence;

import org.springframework.data.jpa.repository.JpaRepository;

interface TopicRowRepository extends JpaRepository<TopicRow, String> {
}
