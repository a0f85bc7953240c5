package dev.infraplatform.logbroker.config;

import dev.infraplatform.logbroker.engine.LogBroker;
import dev.infraplatform.logbroker.engine.ProducerIdStore;
import dev.infraplatform.logbroker.engine.TopicStore;
import dev.infraplatform.storage.AppendLogs;
import dev.infraplatform.storage.SnapshotStores;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log broker engine, with its topics opened from the Catalog before anything is served. */
@Configuration(proxyBeanMethods = false)
class LogBrokerConfiguration {

    /** On shutdown every partition is checkpointed, before the storage closes the logs. */
    @Bean(destroyMethod = "checkpoint")
    LogBroker logBroker(AppendLogs appendLogs, SnapshotStores snapshotStores, TopicStore topicStore,
                        ProducerIdStore producerIdStore, LogBrokerProperties properties) {
        LogBroker broker = new LogBroker(appendLogs, snapshotStores, topicStore, producerIdStore, new LogBroker.Settings(
                properties.maxPartitions(), properties.flushInterval(), properties.producerIdExpiration()),
                System::currentTimeMillis);
        broker.start();
        return broker;
    }
}
