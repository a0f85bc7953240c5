package dev.infraplatform.exchangebroker.health;

import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.QueueStats;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.List;

/** The {@code exchangebroker} health component: UP (in memory, nothing to fail), with its sizes. */
@Component("exchangebroker")
class ExchangeBrokerHealthIndicator implements HealthIndicator {

    private final ExchangeBroker broker;

    ExchangeBrokerHealthIndicator(ExchangeBroker broker) {
        this.broker = broker;
    }

    @Override
    public Health health() {
        List<QueueStats> queues = broker.queues();
        return Health.up()
                .withDetail("exchanges", broker.exchanges().size())
                .withDetail("queues", queues.size())
                .withDetail("messagesReady", queues.stream().mapToLong(QueueStats::ready).sum())
                .withDetail("messagesUnacked", queues.stream().mapToLong(QueueStats::unacked).sum())
                .withDetail("consumers", queues.stream().mapToInt(QueueStats::consumers).sum())
                .build();
    }
}
