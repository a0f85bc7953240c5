package dev.infraplatform.logbroker.health;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.Topic;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The {@code logbroker} health component: DOWN while appends to partition logs fail (disk full, I/O error). */
@Component("logbroker")
class LogBrokerHealthIndicator implements HealthIndicator {

    private final LogBroker broker;

    LogBrokerHealthIndicator(LogBroker broker) {
        this.broker = broker;
    }

    @Override
    public Health health() {
        String failure = broker.writeFailure();
        Health.Builder health = failure == null ? Health.up() : Health.down().withDetail("lastWriteFailure", failure);
        int partitions = broker.topics().stream().mapToInt(Topic::partitionCount).sum();
        return health.withDetail("topics", broker.topics().size()).withDetail("partitions", partitions).build();
    }
}
