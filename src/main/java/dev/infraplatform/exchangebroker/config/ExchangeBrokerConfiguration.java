package dev.infraplatform.exchangebroker.config;

import dev.infraplatform.exchangebroker.engine.ExchangeBroker;
import dev.infraplatform.exchangebroker.engine.TopologyStore;
import dev.infraplatform.exchangebroker.journal.MessageJournal;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.SnapshotStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The exchange broker engine with its durability: durable exchanges, queues and bindings from the
 * Catalog, then the persistent messages of durable queues from the journal, all put back before
 * anything is served.
 */
@Configuration(proxyBeanMethods = false)
class ExchangeBrokerConfiguration {

    static final String JOURNAL_LOG = "exchangebroker/journal";
    static final String SNAPSHOT_DIRECTORY = "exchangebroker/snapshots";
    static final String SNAPSHOT_NAME = "journal";
    private static final Logger log = LoggerFactory.getLogger(ExchangeBrokerConfiguration.class);

    @Bean
    MessageJournal messageJournal(AppendLogs appendLogs, SnapshotStores snapshotStores,
                                  ExchangeBrokerProperties properties) {
        ExchangeBrokerProperties.Journal journal = properties.journal();
        int maxMessageBytes = (int) journal.maxMessageSize().toBytes();
        return new MessageJournal(
                appendLogs.open(JOURNAL_LOG, MessageJournal.logOptions(journal.durability(), journal.flushInterval(),
                        maxMessageBytes, (int) journal.segmentSize().toBytes())),
                snapshotStores.open(SNAPSHOT_DIRECTORY, SNAPSHOT_NAME, 2),
                new MessageJournal.Settings(maxMessageBytes, journal.compactSize().toBytes()));
    }

    @Bean
    ExchangeBroker exchangeBroker(MessageJournal journal, TopologyStore topologyStore) {
        ExchangeBroker broker = new ExchangeBroker(System::currentTimeMillis, journal, topologyStore);
        TopologyStore.Topology topology = topologyStore.load();
        broker.restore(topology);
        MessageJournal.Recovery recovery = journal.recover(broker);
        if (!topology.queues().isEmpty() || recovery.recordsReplayed() > 0) {
            log.info("Exchange broker: {} durable exchange(s), {} durable queue(s), {} binding(s) restored; "
                            + "{} persistent message(s) in {} queue(s) recovered{}",
                    topology.exchanges().size(), topology.queues().size(), topology.bindings().size(),
                    recovery.messages(), recovery.queues(), recovery.crashed()
                            ? " after an unclean shutdown (all marked redelivered)" : "");
        }
        return broker;
    }
}
