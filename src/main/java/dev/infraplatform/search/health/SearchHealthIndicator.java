package dev.infraplatform.search.health;

import dev.infraplatform.search.engine.SearchEngine;
import dev.infraplatform.search.engine.SearchIndex;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code search} health component: DOWN while translog writes fail (disk full, I/O error);
 * otherwise UP with Elasticsearch's cluster status (green, or yellow while replicas are unassigned)
 * as a detail, since one node can never assign them.
 */
@Component("search")
class SearchHealthIndicator implements HealthIndicator {

    private final SearchEngine engine;

    SearchHealthIndicator(SearchEngine engine) {
        this.engine = engine;
    }

    @Override
    public Health health() {
        String failure = engine.indexes().stream().map(SearchIndex::writeFailure)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        boolean replicas = engine.indexes().stream().anyMatch(i -> i.settings().numberOfReplicas() > 0);
        Health.Builder health = failure == null ? Health.up() : Health.down().withDetail("lastWriteFailure", failure);
        return health.withDetail("indices", engine.indexes().size())
                .withDetail("status", replicas ? "yellow" : "green").build();
    }
}
