package dev.infraplatform.exchangebroker.config;

import dev.infraplatform.exchangebroker.engine.AmqpException;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.exchangebroker.engine.PublishResult;
import dev.infraplatform.exchangebroker.engine.QueueStats;
import dev.infraplatform.exchangebroker.engine.DeathReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The exchange broker's meters, exported as {@code infra_exchangebroker_*}: per queue (tag
 * {@code queue}) messages ready and unacked, consumers, and the counters of messages delivered,
 * redelivered, acked and dead-lettered (tag {@code reason}: rejected, expired, maxlen,
 * delivery_limit); per exchange (tag {@code exchange}) messages published, routed, unroutable and
 * confirmed. The set of queues is taken again on every maintenance sweep ({@link #refresh()}), so
 * a queue's meters appear and disappear within one {@code sweep-interval} of its declaration and
 * deletion; their values are read at scrape time. Publishes are counted by the front door that
 * serves them ({@link #published}).
 */
@Component
public class ExchangeBrokerMetrics {

    private final ExchangeBroker broker;
    private final MeterRegistry registry;
    private final MultiGauge ready;
    private final MultiGauge unacked;
    private final MultiGauge consumers;
    private final ConcurrentHashMap<String, ExchangeCounters> exchanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, QueueCounters> queueCounters = new ConcurrentHashMap<>();

    private record ExchangeCounters(Counter published, Counter routed, Counter unroutable, Counter confirmed) {
    }

    /**
     * One queue's lifetime counters, read from its stats at scrape time; the last stats seen are
     * kept so that a queue deleted between two sweeps does not count down to zero.
     */
    private static final class QueueCounters {
        final List<Meter> meters = new ArrayList<>();
        volatile QueueStats last;

        QueueCounters(QueueStats initial) {
            last = initial;
        }

        double read(ExchangeBroker broker, ToDoubleFunction<QueueStats> value) {
            try {
                last = broker.queueStats(last.name());
            } catch (AmqpException e) {
                // deleted since the last sweep: keep the last value until the meter goes
            }
            return value.applyAsDouble(last);
        }
    }

    ExchangeBrokerMetrics(ExchangeBroker broker, MeterRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        ready = MultiGauge.builder("infra.exchangebroker.queue.messages.ready")
                .description("Messages waiting in the queue for a consumer").register(registry);
        unacked = MultiGauge.builder("infra.exchangebroker.queue.messages.unacked")
                .description("Messages delivered from the queue and not yet settled").register(registry);
        consumers = MultiGauge.builder("infra.exchangebroker.queue.consumers")
                .description("Open consumers of the queue").register(registry);
        Gauge.builder("infra.exchangebroker.queues", broker, b -> b.queues().size())
                .description("Queues").register(registry);
        Gauge.builder("infra.exchangebroker.exchanges", broker, b -> b.exchanges().size())
                .description("Exchanges, the predeclared ones included").register(registry);
        refresh();
    }

    /** Takes the current queues as the gauges' rows and drops the counters of deleted exchanges. */
    public void refresh() {
        List<QueueStats> queues = broker.queues();
        ready.register(rows(queues, QueueStats::ready), true);
        unacked.register(rows(queues, QueueStats::unacked), true);
        consumers.register(rows(queues, QueueStats::consumers), true);
        Set<String> queueNames = new HashSet<>();
        for (QueueStats stats : queues) {
            queueNames.add(stats.name());
            queueCounters.computeIfAbsent(stats.name(), name -> counters(stats));
        }
        for (Map.Entry<String, QueueCounters> entry : queueCounters.entrySet()) {
            if (!queueNames.contains(entry.getKey()) && queueCounters.remove(entry.getKey(), entry.getValue())) {
                entry.getValue().meters.forEach(registry::remove);
            }
        }
        Set<String> names = new HashSet<>();
        for (ExchangeDefinition exchange : broker.exchanges()) {
            names.add(exchange.name());
        }
        for (Map.Entry<String, ExchangeCounters> entry : exchanges.entrySet()) {
            if (!names.contains(entry.getKey()) && exchanges.remove(entry.getKey(), entry.getValue())) {
                registry.remove(entry.getValue().published());
                registry.remove(entry.getValue().routed());
                registry.remove(entry.getValue().unroutable());
                registry.remove(entry.getValue().confirmed());
            }
        }
    }

    /** Counts one publish to {@code exchange} ({@code ""} the default exchange). */
    public void published(String exchange, PublishResult result) {
        ExchangeCounters counters = exchanges.computeIfAbsent(exchange, this::counters);
        counters.published().increment();
        (result.routed() ? counters.routed() : counters.unroutable()).increment();
        if (!result.nacked()) {
            counters.confirmed().increment();
        }
    }

    private QueueCounters counters(QueueStats initial) {
        QueueCounters counters = new QueueCounters(initial);
        Tags tags = Tags.of("queue", initial.name());
        counters.meters.add(counter("infra.exchangebroker.messages.delivered", tags,
                "Deliveries to consumers of the queue", counters, QueueStats::delivered));
        counters.meters.add(counter("infra.exchangebroker.messages.redelivered", tags,
                "Deliveries of messages delivered before (requeued)", counters, QueueStats::redelivered));
        counters.meters.add(counter("infra.exchangebroker.messages.acked", tags,
                "Deliveries acknowledged by consumers", counters, QueueStats::acked));
        for (DeathReason reason : DeathReason.values()) {
            counters.meters.add(counter("infra.exchangebroker.messages.dead.lettered",
                    tags.and("reason", reason.amqpName()),
                    "Messages the queue sent to its dead-letter exchange, by reason", counters,
                    stats -> stats.deadLettered().getOrDefault(reason, 0L)));
        }
        return counters;
    }

    private Meter counter(String name, Tags tags, String description, QueueCounters counters,
                          ToDoubleFunction<QueueStats> value) {
        return FunctionCounter.builder(name, counters, c -> c.read(broker, value)).tags(tags)
                .description(description).register(registry);
    }

    private ExchangeCounters counters(String exchange) {
        Tags tags = Tags.of("exchange", exchange);
        return new ExchangeCounters(
                Counter.builder("infra.exchangebroker.messages.published").tags(tags)
                        .description("Messages published to the exchange").register(registry),
                Counter.builder("infra.exchangebroker.messages.routed").tags(tags)
                        .description("Published messages that matched at least one queue").register(registry),
                Counter.builder("infra.exchangebroker.messages.unroutable").tags(tags)
                        .description("Published messages that matched no queue").register(registry),
                Counter.builder("infra.exchangebroker.messages.confirmed").tags(tags)
                        .description("Publishes confirmed: in every matching queue, durable if persistent")
                        .register(registry));
    }

    private List<MultiGauge.Row<?>> rows(List<QueueStats> queues, ToDoubleFunction<QueueStats> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(queues.size());
        for (QueueStats stats : queues) {
            String name = stats.name();
            rows.add(MultiGauge.Row.of(Tags.of("queue", name), broker, b -> current(b, name, value)));
        }
        return rows;
    }

    private static double current(ExchangeBroker broker, String queue, ToDoubleFunction<QueueStats> value) {
        try {
            return value.applyAsDouble(broker.queueStats(queue));
        } catch (AmqpException e) {
            return Double.NaN; // deleted since the last sweep
        }
    }
}
