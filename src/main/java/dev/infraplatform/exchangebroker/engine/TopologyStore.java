package dev.infraplatform.exchangebroker.engine;

import java.util.List;

/**
 * Where durable topology is kept: durable exchanges, durable queues and the bindings between a
 * durable exchange and a durable queue (RabbitMQ's rule: a binding is durable when both its ends
 * are). The broker calls it under its administration lock, before it changes its tables, so a
 * store that throws leaves the broker as it was; calls arrive one at a time, in the order of the
 * changes. Transient and exclusive queues, transient exchanges and their bindings are never passed.
 *
 * <p>The default keeps nothing: the broker is in memory.
 */
public interface TopologyStore {

    TopologyStore NONE = new TopologyStore() {
    };

    /** What was stored, read once at start-up. */
    record Topology(List<ExchangeDefinition> exchanges, List<QueueDefinition> queues, List<Binding> bindings) {

        public static final Topology EMPTY = new Topology(List.of(), List.of(), List.of());

        public Topology {
            exchanges = List.copyOf(exchanges);
            queues = List.copyOf(queues);
            bindings = List.copyOf(bindings);
        }
    }

    default Topology load() {
        return Topology.EMPTY;
    }

    /** A durable exchange was declared (never called for one that exists). */
    default void exchangeDeclared(ExchangeDefinition exchange) {
    }

    /** A durable exchange is being deleted, with every binding from it. */
    default void exchangeDeleted(String name) {
    }

    /** A durable queue was declared (never called for one that exists). */
    default void queueDeclared(QueueDefinition queue) {
    }

    /** A durable queue is being deleted, with every binding to it. */
    default void queueDeleted(String name) {
    }

    /** A binding of a durable queue to a durable exchange was added (never called for one that exists). */
    default void bound(Binding binding) {
    }

    /** A durable binding is being removed. */
    default void unbound(Binding binding) {
    }
}
