package dev.infraplatform.exchangebroker.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The exchange broker engine: exchanges, queues, bindings and consumers with AMQP 0-9-1 /
 * RabbitMQ semantics. Knows nothing of HTTP; the REST controllers and, later, an AMQP front door
 * call it. Refusals are {@link AmqpException}s carrying the AMQP reply code.
 *
 * <p>Thread-safe. Each queue has its own lock, so publishes to and consumers of different queues
 * do not contend; routing reads copy-on-write binding snapshots without a lock; declarations,
 * deletions and (un)bindings are serialized by one administration lock. Messages dead-lettered by
 * a queue are routed after that queue's lock is released, so no thread holds two queue locks.
 *
 * <p>Durability is plugged in: a {@link TopologyStore} keeps durable exchanges, queues and
 * bindings, a {@link QueueJournal} the persistent messages of durable queues. Operations await
 * their journal writes after releasing every lock, so a publish returns once its persistent
 * copies are durable and an ack once its removal is. At start-up, before anything is served,
 * {@link #restore} and {@link #restoreMessages} put back what they kept.
 *
 * <p>No thread of its own: whoever hosts it calls {@link #expireDue(long)} and
 * {@link #expireConsumers(long)} periodically (or not, to rely on expiry at the queue head only).
 * Time comes from the injected clock (epoch ms); {@code get}'s wait is real time.
 */
public final class ExchangeBroker {

    /** The exchanges every broker has, as RabbitMQ predeclares them. */
    public static final List<ExchangeDefinition> PREDECLARED = List.of(
            new ExchangeDefinition("", ExchangeType.DIRECT, true, null),
            new ExchangeDefinition("amq.direct", ExchangeType.DIRECT, true, null),
            new ExchangeDefinition("amq.fanout", ExchangeType.FANOUT, true, null),
            new ExchangeDefinition("amq.topic", ExchangeType.TOPIC, true, null),
            new ExchangeDefinition("amq.headers", ExchangeType.HEADERS, true, null),
            new ExchangeDefinition("amq.match", ExchangeType.HEADERS, true, null));

    private static final String DEFAULT_EXCHANGE = "";
    private static final int MAX_SHORT_STRING_BYTES = 255;

    private final LongSupplier clock;
    private final QueueJournal journal;
    private final TopologyStore store;
    private final ConcurrentHashMap<String, Exchange> exchanges = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MessageQueue> queues = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, QueueConsumer> consumers = new ConcurrentHashMap<>();
    private final ReentrantLock adminLock = new ReentrantLock();

    /** An in-memory broker. @param clock epoch milliseconds, for TTLs, x-expires and consumer ack timeouts */
    public ExchangeBroker(LongSupplier clock) {
        this(clock, QueueJournal.NONE);
    }

    /**
     * @param clock epoch milliseconds, for TTLs, x-expires and consumer ack timeouts
     * @param journal told of every message entering and leaving a queue (durability)
     */
    public ExchangeBroker(LongSupplier clock, QueueJournal journal) {
        this(clock, journal, TopologyStore.NONE);
    }

    /**
     * @param clock epoch milliseconds, for TTLs, x-expires and consumer ack timeouts
     * @param journal keeps the persistent messages of durable queues
     * @param store keeps durable exchanges, queues and bindings
     */
    public ExchangeBroker(LongSupplier clock, QueueJournal journal, TopologyStore store) {
        this.clock = clock;
        this.journal = journal;
        this.store = store;
        for (ExchangeDefinition definition : PREDECLARED) {
            exchanges.put(definition.name(), new Exchange(definition));
        }
    }

    // ------------------------------------------------------------------ exchanges

    /**
     * Declares an exchange; an equivalent redeclare is a no-op.
     *
     * @throws AmqpException ACCESS_REFUSED for the default exchange or an {@code amq.} name,
     *     PRECONDITION_FAILED if it exists with other properties
     */
    public ExchangeDefinition declareExchange(ExchangeDefinition definition) {
        checkNotReserved("exchange", definition.name());
        checkShortString("exchange name", definition.name());
        if (definition.alternateExchange() != null) {
            checkShortString("alternate exchange name", definition.alternateExchange());
        }
        adminLock.lock();
        try {
            Exchange existing = exchanges.get(definition.name());
            if (existing != null) {
                if (!existing.definition().equals(definition)) {
                    throw AmqpException.preconditionFailed("inequivalent arg for exchange '" + definition.name()
                            + "': declared " + existing.definition() + ", redeclared " + definition);
                }
                return existing.definition();
            }
            if (definition.durable()) {
                store.exchangeDeclared(definition);
            }
            exchanges.put(definition.name(), new Exchange(definition));
            return definition;
        } finally {
            adminLock.unlock();
        }
    }

    /**
     * Deletes an exchange and every binding from it.
     *
     * @throws AmqpException NOT_FOUND, ACCESS_REFUSED for predeclared ones, PRECONDITION_FAILED
     *     if {@code ifUnused} and it has bindings
     */
    public void deleteExchange(String name, boolean ifUnused) {
        checkNotReserved("exchange", name);
        adminLock.lock();
        try {
            Exchange exchange = requireExchange(name);
            if (ifUnused && !exchange.bindings().isEmpty()) {
                throw AmqpException.preconditionFailed("exchange '" + name + "' in use");
            }
            if (exchange.definition().durable()) {
                store.exchangeDeleted(name);
            }
            exchanges.remove(name);
        } finally {
            adminLock.unlock();
        }
    }

    /** @throws AmqpException NOT_FOUND */
    public ExchangeDefinition exchange(String name) {
        return requireExchange(name).definition();
    }

    /** The exchanges, by name, the predeclared ones included. */
    public List<ExchangeDefinition> exchanges() {
        return exchanges.values().stream().map(Exchange::definition)
                .sorted(Comparator.comparing(ExchangeDefinition::name)).toList();
    }

    // ------------------------------------------------------------------ queues

    /**
     * Declares a queue; an equivalent redeclare is a no-op that counts as use (x-expires).
     * A name of {@code ""} gets a generated {@code amq.gen-} name.
     *
     * @return the definition, with the name given or generated
     * @throws AmqpException ACCESS_REFUSED for an {@code amq.} name, PRECONDITION_FAILED for an
     *     invalid argument or an inequivalent redeclare
     */
    public QueueDefinition declareQueue(QueueDefinition requested) {
        QueueDefinition definition = requested;
        if (definition.name().isEmpty()) {
            definition = new QueueDefinition("amq.gen-" + UUID.randomUUID(), definition.durable(),
                    definition.exclusive(), definition.autoDelete(), definition.arguments());
        } else {
            checkNotReserved("queue", definition.name());
            checkShortString("queue name", definition.name());
        }
        QueueArguments arguments = QueueArguments.parse(definition.arguments());
        adminLock.lock();
        try {
            MessageQueue existing = queues.get(definition.name());
            if (existing != null) {
                if (!existing.definition().equivalentTo(definition)) {
                    throw AmqpException.preconditionFailed("inequivalent arg for queue '" + definition.name()
                            + "': declared " + existing.definition() + ", redeclared " + definition);
                }
                existing.touch(clock.getAsLong());
                return existing.definition();
            }
            MessageQueue queue = new MessageQueue(definition, arguments, journal, clock.getAsLong());
            if (queue.durable()) {
                store.queueDeclared(definition);
            }
            queues.put(definition.name(), queue);
            return definition;
        } finally {
            adminLock.unlock();
        }
    }

    /**
     * Deletes a queue and its bindings; its consumers are cancelled and their unacked messages
     * discarded (RabbitMQ). Returns how many ready messages were dropped.
     *
     * @throws AmqpException NOT_FOUND, PRECONDITION_FAILED per {@code ifUnused}/{@code ifEmpty}
     */
    public long deleteQueue(String name, boolean ifUnused, boolean ifEmpty) {
        Effects effects = new Effects();
        long count;
        adminLock.lock();
        try {
            count = delete(requireQueue(name), ifUnused, ifEmpty, clock.getAsLong(), effects);
        } finally {
            adminLock.unlock();
        }
        effects.awaitWrites();
        return count;
    }

    /** Drops a queue's ready messages (unacked ones stay); returns how many. @throws AmqpException NOT_FOUND */
    public long purgeQueue(String name) {
        Effects effects = new Effects();
        long purged = requireQueue(name).purge(effects);
        effects.awaitWrites();
        return purged;
    }

    /** @throws AmqpException NOT_FOUND */
    public QueueDefinition queue(String name) {
        return requireQueue(name).definition();
    }

    /** @throws AmqpException NOT_FOUND */
    public QueueStats queueStats(String name) {
        return requireQueue(name).stats();
    }

    /** Every queue's counters, by name. */
    public List<QueueStats> queues() {
        return queues.values().stream().map(MessageQueue::stats)
                .sorted(Comparator.comparing(QueueStats::name)).toList();
    }

    // ------------------------------------------------------------------ bindings

    /**
     * Binds a queue to an exchange; binding twice is one binding.
     *
     * @throws AmqpException ACCESS_REFUSED for the default exchange, NOT_FOUND for a missing
     *     exchange or queue, PRECONDITION_FAILED for an invalid {@code x-match}
     */
    public void bind(Binding binding) {
        checkNotDefault(binding.exchange());
        checkShortString("routing key", binding.routingKey());
        adminLock.lock();
        try {
            Exchange exchange = requireExchange(binding.exchange());
            requireQueue(binding.queue());
            if (exchange.definition().type() == ExchangeType.HEADERS) {
                HeadersMatcher.validate(binding.arguments());
            }
            if (durable(binding) && !exchange.has(binding)) {
                store.bound(binding);
            }
            exchange.bind(binding);
        } finally {
            adminLock.unlock();
        }
    }

    /** Removes a binding; removing one that does not exist is a no-op, as in RabbitMQ. */
    public void unbind(Binding binding) {
        checkNotDefault(binding.exchange());
        adminLock.lock();
        try {
            Exchange exchange = requireExchange(binding.exchange());
            if (durable(binding) && exchange.has(binding)) {
                store.unbound(binding);
            }
            exchange.unbind(binding);
        } finally {
            adminLock.unlock();
        }
    }

    /** Whether the binding is kept by the store: both its ends are durable. Caller holds the admin lock. */
    private boolean durable(Binding binding) {
        Exchange exchange = exchanges.get(binding.exchange());
        MessageQueue queue = queues.get(binding.queue());
        return exchange != null && exchange.definition().durable() && queue != null && queue.durable();
    }

    /** The bindings from {@code exchange} (none listed for the default exchange's implicit ones). */
    public List<Binding> bindings(String exchange) {
        return requireExchange(exchange).bindings();
    }

    // ------------------------------------------------------------------ publish

    /**
     * Routes a message and enqueues it in every queue it matches (once per queue, however many
     * bindings match); if none match and the exchange has an alternate exchange, through that.
     * Returns once it is in every accepting queue.
     *
     * @throws AmqpException NOT_FOUND for a missing exchange, PRECONDITION_FAILED for a malformed
     *     {@code expiration}
     */
    public PublishResult publish(String exchange, String routingKey, byte[] payload, Map<String, Object> headers,
                                 MessageProperties properties, boolean mandatory) {
        checkShortString("routing key", routingKey == null ? "" : routingKey);
        Exchange target = requireExchange(exchange);
        Message message = new Message(exchange, routingKey, payload, headers, properties);
        message.properties().expirationMillis();
        Set<String> matched = route(target, message);
        QueueJournal.Prepared prepared = prepare(message, matched);
        int accepted = 0;
        boolean refused = false;
        Effects effects = new Effects();
        long now = clock.getAsLong();
        for (String name : matched) {
            MessageQueue queue = queues.get(name);
            if (queue == null) {
                continue;
            }
            switch (queue.enqueue(message, prepared, now, effects)) {
                case ACCEPTED -> accepted++;
                case REFUSED -> refused = true;
                case GONE -> { }
            }
        }
        finish(effects);
        return new PublishResult(!matched.isEmpty(), accepted, mandatory && matched.isEmpty(), refused);
    }

    /** The journal's form of a persistent message bound for at least one durable queue, else null. */
    private QueueJournal.Prepared prepare(Message message, Set<String> matched) {
        if (!message.properties().persistent()) {
            return null;
        }
        for (String name : matched) {
            MessageQueue queue = queues.get(name);
            if (queue != null && queue.durable()) {
                return journal.prepare(message);
            }
        }
        return null;
    }

    private Set<String> route(Exchange exchange, Message message) {
        Set<String> matched = new LinkedHashSet<>();
        Set<String> visited = new HashSet<>();
        Exchange current = exchange;
        while (current != null && visited.add(current.name())) {
            if (current.name().equals(DEFAULT_EXCHANGE)) {
                if (queues.containsKey(message.routingKey())) {
                    matched.add(message.routingKey());
                }
            } else {
                current.route(message.routingKey(), message.headers(), matched);
            }
            if (!matched.isEmpty() || current.definition().alternateExchange() == null) {
                break;
            }
            current = exchanges.get(current.definition().alternateExchange());
        }
        return matched;
    }

    /**
     * Finishes an operation once its queue locks are released: routes the messages it
     * dead-lettered, and those they cause in turn (dropping RabbitMQ's cycles), then awaits every
     * journal write, so the operation is durable when this returns.
     */
    private void finish(Effects effects) {
        ArrayDeque<DeadLetter> pending = new ArrayDeque<>(effects.deadLetters);
        effects.deadLetters.clear();
        while (!pending.isEmpty()) {
            DeadLetter deadLetter = pending.poll();
            Exchange exchange = exchanges.get(deadLetter.exchange());
            if (exchange == null) {
                continue; // RabbitMQ drops messages dead-lettered to a missing exchange
            }
            Set<String> matched = route(exchange, deadLetter.message());
            matched.removeIf(name -> DeadLetters.isCycle(deadLetter.message(), name));
            QueueJournal.Prepared prepared = prepare(deadLetter.message(), matched);
            long now = clock.getAsLong();
            for (String name : matched) {
                MessageQueue queue = queues.get(name);
                if (queue != null) {
                    queue.enqueue(deadLetter.message(), prepared, now, effects);
                }
            }
            pending.addAll(effects.deadLetters);
            effects.deadLetters.clear();
        }
        effects.awaitWrites();
    }

    // ------------------------------------------------------------------ consumers

    /**
     * Opens a consumer on a queue.
     *
     * @param prefetch most unacked deliveries at once; 0 unlimited
     * @param ackTimeoutMs silent (no get, ack, nack) this long, it is closed by
     *     {@link #expireConsumers(long)} and its unacked deliveries requeued; 0 never
     * @return the consumer tag
     * @throws AmqpException NOT_FOUND for a missing queue
     */
    public String openConsumer(String queue, int prefetch, long ackTimeoutMs) {
        if (prefetch < 0 || ackTimeoutMs < 0) {
            throw AmqpException.preconditionFailed("prefetch and ackTimeoutMs must not be negative");
        }
        String tag = "amq.ctag-" + UUID.randomUUID();
        QueueConsumer consumer = requireQueue(queue).addConsumer(tag, prefetch, ackTimeoutMs, clock.getAsLong());
        consumers.put(tag, consumer);
        if (consumer.closed) { // its queue was deleted meanwhile, after dropping that queue's tags
            consumers.remove(tag);
            throw AmqpException.notFound("no queue '" + queue + "'");
        }
        return tag;
    }

    /**
     * Closes a consumer: its unacked deliveries go back to the queue at their original positions,
     * {@code redelivered}; an auto-delete queue whose last consumer this was is deleted.
     *
     * @throws AmqpException NOT_FOUND for an unknown tag
     */
    public void closeConsumer(String tag) {
        QueueConsumer consumer = consumers.remove(tag);
        if (consumer == null) {
            throw AmqpException.notFound("no consumer '" + tag + "'");
        }
        close(consumer);
    }

    /**
     * The queue a consumer reads, so that a front door addressing consumers under their queue can
     * refuse a tag of another queue.
     *
     * @throws AmqpException NOT_FOUND for an unknown tag
     */
    public String consumerQueue(String tag) {
        return requireConsumer(tag).queue.name();
    }

    private void close(QueueConsumer consumer) {
        consumers.remove(consumer.tag);
        Effects effects = new Effects();
        boolean autoDelete = consumer.queue.closeConsumer(consumer, clock.getAsLong(), effects);
        if (autoDelete) {
            adminLock.lock();
            try {
                if (queues.get(consumer.queue.name()) == consumer.queue
                        && consumer.queue.stats().consumers() == 0) {
                    delete(consumer.queue, false, false, clock.getAsLong(), effects);
                }
            } finally {
                adminLock.unlock();
            }
        }
        finish(effects);
    }

    /**
     * Up to {@code count} deliveries within the consumer's prefetch window; if none is ready,
     * waits up to {@code wait} for one (woken by a publish or requeue, longest-waiting consumer
     * first). Returns an empty list on timeout or if the consumer is closed meanwhile.
     *
     * @throws AmqpException NOT_FOUND for an unknown tag
     */
    public List<Delivery> get(String tag, int count, Duration wait) throws InterruptedException {
        if (count < 1) {
            throw AmqpException.preconditionFailed("count must be at least 1");
        }
        QueueConsumer consumer = requireConsumer(tag);
        Effects effects = new Effects();
        try {
            return consumer.queue.get(consumer, count, wait.toNanos(), clock.getAsLong(), effects);
        } finally {
            finish(effects);
        }
    }

    /**
     * Acknowledges a delivery, or with {@code multiple} every one up to and including the tag
     * (tag 0: all).
     *
     * @throws AmqpException NOT_FOUND for an unknown consumer, PRECONDITION_FAILED for an unknown
     *     delivery tag
     */
    public void ack(String tag, long deliveryTag, boolean multiple) {
        ack(tag, List.of(deliveryTag), multiple);
    }

    /**
     * Acknowledges several deliveries at once (one journal write): each tag, or with
     * {@code multiple} every delivery up to the largest. Every tag is checked first: an unknown
     * one settles nothing.
     *
     * @throws AmqpException NOT_FOUND for an unknown consumer, PRECONDITION_FAILED for an unknown
     *     or repeated delivery tag
     */
    public void ack(String tag, List<Long> deliveryTags, boolean multiple) {
        QueueConsumer consumer = requireConsumer(tag);
        Effects effects = new Effects();
        try {
            consumer.queue.ack(consumer, tags(deliveryTags), multiple, clock.getAsLong(), effects);
        } finally {
            finish(effects);
        }
    }

    /**
     * Negatively acknowledges: with {@code requeue} the deliveries go back at their original
     * positions, {@code redelivered} (dead-lettered {@code delivery_limit} past x-delivery-limit);
     * without, they are dead-lettered {@code rejected} (or dropped without a dead-letter exchange).
     */
    public void nack(String tag, long deliveryTag, boolean multiple, boolean requeue) {
        nack(tag, List.of(deliveryTag), multiple, requeue);
    }

    /** {@code nack} of several deliveries at once, checked first as {@link #ack(String, List, boolean)}. */
    public void nack(String tag, List<Long> deliveryTags, boolean multiple, boolean requeue) {
        QueueConsumer consumer = requireConsumer(tag);
        Effects effects = new Effects();
        try {
            consumer.queue.nack(consumer, tags(deliveryTags), multiple, requeue, clock.getAsLong(), effects);
        } finally {
            finish(effects);
        }
    }

    private static long[] tags(List<Long> deliveryTags) {
        if (deliveryTags.isEmpty()) {
            throw AmqpException.preconditionFailed("no delivery tag");
        }
        long[] tags = new long[deliveryTags.size()];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = deliveryTags.get(i);
        }
        return tags;
    }

    /** {@code nack} of one delivery (AMQP basic.reject). */
    public void reject(String tag, long deliveryTag, boolean requeue) {
        nack(tag, deliveryTag, false, requeue);
    }

    /**
     * Waits until at least {@code count} consumers of {@code queue} are waiting in {@link #get};
     * false if {@code patience} passes first. Lets tests (and an SSE front door) synchronize
     * without sleeping.
     */
    public boolean awaitWaitingConsumers(String queue, int count, Duration patience) throws InterruptedException {
        return requireQueue(queue).awaitWaiters(count, patience.toNanos());
    }

    // ------------------------------------------------------------------ durability

    /** Sees each durable queue's persistent messages, under that queue's lock. */
    @FunctionalInterface
    public interface DurableQueueVisitor {

        /**
         * @param nextSequence the sequence the queue's next message will get
         * @param messages its persistent messages, ready and unacked, by sequence
         */
        void visit(String queue, long nextSequence, List<StoredMessage> messages);
    }

    /**
     * Declares what a {@link TopologyStore} kept, without storing it again: exchanges, then
     * queues, then the bindings whose ends exist. For start-up, before anything is served.
     */
    public void restore(TopologyStore.Topology topology) {
        adminLock.lock();
        try {
            long now = clock.getAsLong();
            for (ExchangeDefinition definition : topology.exchanges()) {
                exchanges.putIfAbsent(definition.name(), new Exchange(definition));
            }
            for (QueueDefinition definition : topology.queues()) {
                queues.computeIfAbsent(definition.name(), name -> new MessageQueue(definition,
                        QueueArguments.parse(definition.arguments()), journal, now));
            }
            for (Binding binding : topology.bindings()) {
                Exchange exchange = exchanges.get(binding.exchange());
                if (exchange != null && queues.containsKey(binding.queue())) {
                    exchange.bind(binding);
                }
            }
        } finally {
            adminLock.unlock();
        }
    }

    /**
     * Puts back the persistent messages a journal kept for a durable queue, ready, without
     * journalling them again. For start-up, before anything is served.
     *
     * @throws AmqpException NOT_FOUND if the queue does not exist
     */
    public void restoreMessages(String queue, long nextSequence, List<StoredMessage> messages) {
        requireQueue(queue).restore(nextSequence, messages);
    }

    /** Shows the visitor every durable queue, one at a time, each under its own lock (for snapshots). */
    public void captureDurableQueues(DurableQueueVisitor visitor) {
        for (MessageQueue queue : queues.values()) {
            if (queue.durable()) {
                queue.capture(visitor);
            }
        }
    }

    /** Names of the durable queues now. */
    public Set<String> durableQueues() {
        Set<String> names = new HashSet<>();
        for (MessageQueue queue : queues.values()) {
            if (queue.durable()) {
                names.add(queue.name());
            }
        }
        return names;
    }

    // ------------------------------------------------------------------ sweeps

    /**
     * Dead-letters every ready message whose TTL has passed (anywhere in its queue, not only at
     * the head) and deletes queues unused past their x-expires. Returns the messages expired.
     */
    public int expireDue(long now) {
        int expired = 0;
        for (MessageQueue queue : queues.values()) {
            Effects effects = new Effects();
            expired += queue.expireMessages(now, effects);
            if (queue.unusedExpired(now)) {
                adminLock.lock();
                try {
                    if (queues.get(queue.name()) == queue && queue.unusedExpired(now)) {
                        delete(queue, false, false, now, effects);
                    }
                } finally {
                    adminLock.unlock();
                }
            }
            finish(effects);
        }
        return expired;
    }

    /** Closes consumers silent past their ack timeout, requeueing their deliveries; returns how many. */
    public int expireConsumers(long now) {
        int closed = 0;
        for (MessageQueue queue : queues.values()) {
            for (QueueConsumer consumer : queue.silentConsumers(now)) {
                close(consumer);
                closed++;
            }
        }
        return closed;
    }

    // ------------------------------------------------------------------ internals

    /** Deletes a queue that passes the preconditions, from the store first. Caller holds the admin lock. */
    private long delete(MessageQueue queue, boolean ifUnused, boolean ifEmpty, long now, Effects effects) {
        long count = queue.delete(ifUnused, ifEmpty, now, () -> {
            if (queue.durable()) {
                store.queueDeleted(queue.name());
            }
        }, effects);
        removeQueue(queue);
        return count;
    }

    /** Caller holds the admin lock; the queue is already marked deleted. */
    private void removeQueue(MessageQueue queue) {
        queues.remove(queue.name(), queue);
        consumers.values().removeIf(consumer -> consumer.queue == queue);
        for (Exchange exchange : exchanges.values()) {
            exchange.unbindQueue(queue.name());
        }
    }

    private Exchange requireExchange(String name) {
        Exchange exchange = exchanges.get(name);
        if (exchange == null) {
            throw AmqpException.notFound("no exchange '" + name + "'");
        }
        return exchange;
    }

    private MessageQueue requireQueue(String name) {
        MessageQueue queue = queues.get(name);
        if (queue == null) {
            throw AmqpException.notFound("no queue '" + name + "'");
        }
        return queue;
    }

    private QueueConsumer requireConsumer(String tag) {
        QueueConsumer consumer = consumers.get(tag);
        if (consumer == null) {
            throw AmqpException.notFound("no consumer '" + tag + "'");
        }
        return consumer;
    }

    private static void checkNotDefault(String exchange) {
        if (exchange.equals(DEFAULT_EXCHANGE)) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
    }

    /**
     * Names and routing keys are AMQP short strings: at most 255 bytes of UTF-8, as RabbitMQ (and
     * the Catalog's columns) take them.
     */
    private static void checkShortString(String what, String value) {
        // a char is at most 3 bytes of UTF-8: short keys, the usual case on every publish, skip encoding
        if (value.length() * 3 > MAX_SHORT_STRING_BYTES && (value.length() > MAX_SHORT_STRING_BYTES
                || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SHORT_STRING_BYTES)) {
            throw new AmqpException(ReplyCode.COMMAND_INVALID, what + " longer than " + MAX_SHORT_STRING_BYTES
                    + " bytes of UTF-8");
        }
    }

    private static void checkNotReserved(String kind, String name) {
        checkNotDefault(name);
        if (name.startsWith("amq.")) {
            throw AmqpException.accessRefused(kind + " name '" + name + "' contains reserved prefix 'amq.*'");
        }
    }
}
