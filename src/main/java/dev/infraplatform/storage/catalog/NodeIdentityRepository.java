package dev.infraplatform.storage.catalog;

import org.springframework.data.jpa.repository.JpaRepository;

interface NodeIdentityRepository extends JpaRepository<NodeIdentity, Integer> {
}
