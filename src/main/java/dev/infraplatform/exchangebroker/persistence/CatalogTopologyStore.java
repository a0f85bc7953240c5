package dev.infraplatform.exchangebroker.persistence;

import dev.infraplatform.exchangebroker.engine.Binding;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.exchangebroker.engine.ExchangeType;
import dev.infraplatform.exchangebroker.engine.QueueDefinition;
import dev.infraplatform.exchangebroker.engine.TopologyStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;

/**
 * Durable exchanges, queues and bindings in the Catalog (tables {@code exchangebroker_exchange},
 * {@code exchangebroker_queue} and {@code exchangebroker_binding}). Each call is one transaction, so
 * a deleted exchange or queue never leaves its bindings behind. {@link #load()} gives exchanges and
 * queues in the order they were declared and bindings in the order they were made.
 */
@Component
class CatalogTopologyStore implements TopologyStore {

    private final ExchangeRowRepository exchanges;
    private final QueueRowRepository queues;
    private final BindingRowRepository bindings;
    private final TransactionTemplate transactions;

    CatalogTopologyStore(ExchangeRowRepository exchanges, QueueRowRepository queues, BindingRowRepository bindings,
                         TransactionTemplate transactions) {
        this.exchanges = exchanges;
        this.queues = queues;
        this.bindings = bindings;
        this.transactions = transactions;
    }

    @Override
    public Topology load() {
        return transactions.execute(status -> new Topology(
                exchanges.findAllByOrderByCreatedAtAscNameAsc().stream().map(CatalogTopologyStore::toDefinition).toList(),
                queues.findAllByOrderByCreatedAtAscNameAsc().stream().map(CatalogTopologyStore::toDefinition).toList(),
                bindings.findAllByOrderByIdAsc().stream().map(CatalogTopologyStore::toBinding).toList()));
    }

    @Override
    public void exchangeDeclared(ExchangeDefinition exchange) {
        transactions.executeWithoutResult(status -> exchanges.save(toRow(exchange)));
    }

    @Override
    public void exchangeDeleted(String name) {
        transactions.executeWithoutResult(status -> {
            bindings.deleteByExchange(name);
            exchanges.deleteById(name);
        });
    }

    @Override
    public void queueDeclared(QueueDefinition queue) {
        transactions.executeWithoutResult(status -> queues.save(toRow(queue)));
    }

    @Override
    public void queueDeleted(String name) {
        transactions.executeWithoutResult(status -> {
            bindings.deleteByQueue(name);
            queues.deleteById(name);
        });
    }

    /** Binding what is already bound changes nothing, as in the engine: bindings are a set. */
    @Override
    public void bound(Binding binding) {
        BindingRow row = toRow(binding);
        transactions.executeWithoutResult(status -> {
            if (!bindings.existsByFingerprint(row.fingerprint)) {
                bindings.save(row);
            }
        });
    }

    @Override
    public void unbound(Binding binding) {
        String fingerprint = FieldTables.fingerprint(binding.exchange(), binding.queue(), binding.routingKey(),
                binding.arguments());
        transactions.executeWithoutResult(status -> bindings.deleteByFingerprint(fingerprint));
    }

    private static ExchangeDefinition toDefinition(ExchangeRow row) {
        return new ExchangeDefinition(row.name, ExchangeType.of(row.type), row.durable, row.alternateExchange);
    }

    private static QueueDefinition toDefinition(QueueRow row) {
        return new QueueDefinition(row.name, row.durable, row.exclusive, row.autoDelete,
                FieldTables.fromJson(row.arguments));
    }

    private static Binding toBinding(BindingRow row) {
        return new Binding(row.exchange, row.queue, row.routingKey, FieldTables.fromJson(row.arguments));
    }

    private static ExchangeRow toRow(ExchangeDefinition exchange) {
        ExchangeRow row = new ExchangeRow();
        row.name = exchange.name();
        row.type = exchange.type().amqpName();
        row.durable = exchange.durable();
        row.alternateExchange = exchange.alternateExchange();
        row.createdAt = Instant.now();
        return row;
    }

    private static QueueRow toRow(QueueDefinition queue) {
        QueueRow row = new QueueRow();
        row.name = queue.name();
        row.durable = queue.durable();
        row.exclusive = queue.exclusive();
        row.autoDelete = queue.autoDelete();
        row.arguments = FieldTables.toJson(queue.arguments());
        row.createdAt = Instant.now();
        return row;
    }

    private static BindingRow toRow(Binding binding) {
        BindingRow row = new BindingRow();
        row.exchange = binding.exchange();
        row.queue = binding.queue();
        row.routingKey = binding.routingKey();
        row.arguments = FieldTables.toJson(binding.arguments());
        row.fingerprint = FieldTables.fingerprint(binding.exchange(), binding.queue(), binding.routingKey(),
                binding.arguments());
        return row;
    }
}
