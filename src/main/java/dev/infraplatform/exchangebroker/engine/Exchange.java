package dev.infraplatform.exchangebroker.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exchange and its bindings. The bindings are an immutable snapshot replaced on every change
 * (copy-on-write): routing reads it without a lock; changes are serialized by the broker's
 * administration lock. Direct exchanges index bindings by key (O(1) routing); fanout, topic and
 * headers scan their bindings (O(bindings) per publish).
 */
final class Exchange {

    private record Routes(List<Binding> bindings, Map<String, List<String>> byKey, List<String[]> patterns) {
    }

    private final ExchangeDefinition definition;
    private volatile Routes routes = new Routes(List.of(), Map.of(), List.of());

    Exchange(ExchangeDefinition definition) {
        this.definition = definition;
    }

    ExchangeDefinition definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    List<Binding> bindings() {
        return routes.bindings();
    }

    boolean has(Binding binding) {
        return indexOf(binding) >= 0;
    }

    /** Adds {@code binding} unless an equal one exists; returns whether it was added. */
    boolean bind(Binding binding) {
        if (indexOf(binding) >= 0) {
            return false;
        }
        List<Binding> next = new ArrayList<>(routes.bindings());
        next.add(binding);
        publish(next);
        return true;
    }

    /** Removes the binding equal to {@code binding}; returns whether there was one. */
    boolean unbind(Binding binding) {
        int index = indexOf(binding);
        if (index < 0) {
            return false;
        }
        List<Binding> next = new ArrayList<>(routes.bindings());
        next.remove(index);
        publish(next);
        return true;
    }

    void unbindQueue(String queue) {
        List<Binding> next = new ArrayList<>(routes.bindings());
        if (next.removeIf(binding -> binding.queue().equals(queue))) {
            publish(next);
        }
    }

    /** Adds the names of the queues this exchange routes the message to (not via its alternate). */
    void route(String routingKey, Map<String, Object> headers, Set<String> into) {
        Routes current = routes;
        switch (definition.type()) {
            case DIRECT -> into.addAll(current.byKey().getOrDefault(routingKey, List.of()));
            case FANOUT -> current.bindings().forEach(binding -> into.add(binding.queue()));
            case TOPIC -> {
                String[] key = TopicMatcher.words(routingKey);
                for (int i = 0; i < current.bindings().size(); i++) {
                    if (TopicMatcher.matches(current.patterns().get(i), key)) {
                        into.add(current.bindings().get(i).queue());
                    }
                }
            }
            case HEADERS -> {
                for (Binding binding : current.bindings()) {
                    if (HeadersMatcher.matches(binding.arguments(), headers)) {
                        into.add(binding.queue());
                    }
                }
            }
        }
    }

    private int indexOf(Binding binding) {
        List<Binding> bindings = routes.bindings();
        for (int i = 0; i < bindings.size(); i++) {
            Binding existing = bindings.get(i);
            if (existing.queue().equals(binding.queue()) && existing.routingKey().equals(binding.routingKey())
                    && Tables.tablesEqual(existing.arguments(), binding.arguments())) {
                return i;
            }
        }
        return -1;
    }

    private void publish(List<Binding> bindings) {
        Map<String, List<String>> byKey = new HashMap<>();
        List<String[]> patterns = new ArrayList<>(bindings.size());
        for (Binding binding : bindings) {
            byKey.computeIfAbsent(binding.routingKey(), key -> new ArrayList<>()).add(binding.queue());
            patterns.add(TopicMatcher.words(binding.routingKey()));
        }
        routes = new Routes(List.copyOf(bindings), byKey, patterns);
    }
}
