package dev.infraplatform.exchangebroker.health;

import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.QueueStats;
import dev.infraplatform.exchangebroker.journal.MessageJournal;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code exchangebroker} health component: DOWN while the message journal cannot be written
 * (the last write failed: publishes of persistent messages and acks on durable queues fail),
 * otherwise UP; with the broker's sizes and the journal's.
 */
@Component("exchangebroker")
class ExchangeBrokerHealthIndicator implements HealthIndicator {

    private final ExchangeBroker broker;
    private final MessageJournal journal;

    ExchangeBrokerHealthIndicator(ExchangeBroker broker, MessageJournal journal) {
        this.broker = broker;
        this.journal = journal;
    }

    @Override
    public Health health() {
        List<QueueStats> queues = broker.queues();
        MessageJournal.Status status = journal.status();
        Map<String, Object> journalDetails = new LinkedHashMap<>();
        journalDetails.put("durability", status.log().durability().name().toLowerCase(Locale.ROOT));
        journalDetails.put("sizeBytes", status.log().sizeBytes());
        journalDetails.put("segments", status.log().segments());
        journalDetails.put("unsyncedRecords", status.log().unsyncedRecords());
        if (status.failing()) {
            journalDetails.put("lastError", status.lastError());
        }
        return (status.failing() ? Health.down() : Health.up())
                .withDetail("exchanges", broker.exchanges().size())
                .withDetail("queues", queues.size())
                .withDetail("messagesReady", queues.stream().mapToLong(QueueStats::ready).sum())
                .withDetail("messagesUnacked", queues.stream().mapToLong(QueueStats::unacked).sum())
                .withDetail("consumers", queues.stream().mapToInt(QueueStats::consumers).sum())
                .withDetail("journal", journalDetails)
                .build();
    }
}
