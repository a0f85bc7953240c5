package dev.infraplatform.logbroker.persistence;

import dev.infraplatform.logbroker.engine.TopicConfig;
import dev.infraplatform.logbroker.engine.TopicDefinition;
import dev.infraplatform.logbroker.engine.TopicStore;
import dev.infraplatform.storage.Durability;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Locale;

/** Topic definitions in the Catalog (table {@code logbroker_topic}). */
@Component
class CatalogTopicStore implements TopicStore {

    private final TopicRowRepository repository;
    private final TransactionTemplate transactions;

    CatalogTopicStore(TopicRowRepository repository, TransactionTemplate transactions) {
        this.repository = repository;
        this.transactions = transactions;
    }

    @Override
    public List<TopicDefinition> loadAll() {
        return transactions.execute(status -> repository.findAll().stream().map(CatalogTopicStore::toDefinition).toList());
    }

    @Override
    public void save(TopicDefinition topic) {
        transactions.executeWithoutResult(status -> repository.save(toRow(topic)));
    }

    @Override
    public void delete(String name) {
        transactions.executeWithoutResult(status -> repository.deleteById(name));
    }

    private static TopicDefinition toDefinition(TopicRow row) {
        TopicConfig config = new TopicConfig(row.partitions, row.retentionMs, row.retentionBytes, row.segmentBytes,
                row.cleanupPolicy, Durability.valueOf(row.flush.toUpperCase(Locale.ROOT)));
        return new TopicDefinition(row.name, row.topicId, config, row.createdAt);
    }

    private static TopicRow toRow(TopicDefinition topic) {
        TopicRow row = new TopicRow();
        row.name = topic.name();
        row.topicId = topic.topicId();
        row.partitions = topic.config().partitions();
        row.retentionMs = topic.config().retentionMs();
        row.retentionBytes = topic.config().retentionBytes();
        row.segmentBytes = topic.config().segmentBytes();
        row.cleanupPolicy = topic.config().cleanupPolicy();
        row.flush = topic.config().flush().name().toLowerCase(Locale.ROOT);
        row.createdAt = topic.createdAt();
        return row;
    }
}
