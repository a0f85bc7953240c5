package dev.infraplatform.exchangebroker.journal;

import dev.infraplatform.exchangebroker.engine.Binding;
import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.ExchangeDefinition;
import dev.infraplatform.exchangebroker.engine.QueueDefinition;
import dev.infraplatform.exchangebroker.engine.TopologyStore;
import dev.infraplatform.storage.AppendLog;
import dev.infraplatform.storage.Durability;
import dev.infraplatform.storage.log.SegmentedAppendLog;
import dev.infraplatform.storage.snapshot.FileSnapshotStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An exchange broker with its message journal in a directory and its topology in memory, that
 * can be restarted over the same journal: cleanly (a last snapshot, as at shutdown) or as after
 * a crash (the log closed without one). The log does not fsync: a crash of the process loses
 * nothing the OS was handed, and the kill -9 test covers the real thing.
 */
final class DurableBroker implements AutoCloseable {

    static final int SEGMENT_BYTES = 64 * 1024;

    final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final Path directory;
    private final MemoryTopology topology = new MemoryTopology();
    private final MessageJournal.Settings settings;
    private SegmentedAppendLog log;
    private MessageJournal journal;
    private ExchangeBroker broker;
    private MessageJournal.Recovery recovery;

    DurableBroker(Path directory) {
        this(directory, new MessageJournal.Settings(1 << 20, 256 * 1024));
    }

    DurableBroker(Path directory, MessageJournal.Settings settings) {
        this.directory = directory;
        this.settings = settings;
        open();
    }

    ExchangeBroker broker() {
        return broker;
    }

    MessageJournal journal() {
        return journal;
    }

    AppendLog log() {
        return log;
    }

    MessageJournal.Recovery recovery() {
        return recovery;
    }

    /** A clean restart: the shutdown snapshot, then a new broker over the same files. */
    ExchangeBroker restart() {
        journal.compact(broker, true);
        log.close();
        open();
        return broker;
    }

    /** A restart as after the process died: no shutdown snapshot (everything written stays, as in the OS). */
    ExchangeBroker restartAfterCrash() {
        log.close();
        open();
        return broker;
    }

    private void open() {
        log = SegmentedAppendLog.open("exchangebroker/journal", directory.resolve("journal"),
                MessageJournal.logOptions(Durability.NONE, Duration.ofSeconds(1), settings.maxMessageBytes(),
                        SEGMENT_BYTES), null, null);
        journal = new MessageJournal(log, new FileSnapshotStore(directory.resolve("snapshots"), "journal", 2),
                settings);
        broker = new ExchangeBroker(clock::get, journal, topology);
        broker.restore(topology.load());
        recovery = journal.recover(broker);
    }

    @Override
    public void close() {
        log.close();
    }

    /** Durable topology in memory, as the Catalog keeps it. */
    static final class MemoryTopology implements TopologyStore {

        private final Map<String, ExchangeDefinition> exchanges = new LinkedHashMap<>();
        private final Map<String, QueueDefinition> queues = new LinkedHashMap<>();
        private final List<Binding> bindings = new ArrayList<>();

        @Override
        public synchronized Topology load() {
            return new Topology(List.copyOf(exchanges.values()), List.copyOf(queues.values()), List.copyOf(bindings));
        }

        @Override
        public synchronized void exchangeDeclared(ExchangeDefinition exchange) {
            exchanges.put(exchange.name(), exchange);
        }

        @Override
        public synchronized void exchangeDeleted(String name) {
            exchanges.remove(name);
            bindings.removeIf(binding -> binding.exchange().equals(name));
        }

        @Override
        public synchronized void queueDeclared(QueueDefinition queue) {
            queues.put(queue.name(), queue);
        }

        @Override
        public synchronized void queueDeleted(String name) {
            queues.remove(name);
            bindings.removeIf(binding -> binding.queue().equals(name));
        }

        @Override
        public synchronized void bound(Binding binding) {
            bindings.add(binding);
        }

        @Override
        public synchronized void unbound(Binding binding) {
            bindings.remove(binding);
        }
    }
}
